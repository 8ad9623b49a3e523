// Copies the language server jar into server/vmem.jar, and the rule pages into docs/rules/ (the
// diagnostics' links open them, offline), before packaging.
// The jar comes from ../language-server/target/vmem.jar, or from $VMEM_SERVER_JAR when set.
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = resolve(process.env.VMEM_SERVER_JAR || join(root, '..', 'language-server', 'target', 'vmem.jar'));
if (!existsSync(source)) {
  console.error(`copy-server: the language server jar ${source} is missing.
Build it first, from the repository root:
  ./mvnw -B -q -DskipTests -pl language-server -am package
(or point VMEM_SERVER_JAR at a vmem.jar).`);
  process.exit(1);
}
const target = join(root, 'server', 'vmem.jar');
mkdirSync(dirname(target), { recursive: true });
copyFileSync(source, target);
console.log(`copy-server: ${source} -> server/vmem.jar (${(statSync(target).size / 1048576).toFixed(1)} MiB)`);

const rules = join(root, '..', 'docs', 'rules');
const pages = join(root, 'docs', 'rules');
mkdirSync(pages, { recursive: true });
const names = readdirSync(rules).filter(n => n.endsWith('.md'));
for (const n of names) copyFileSync(join(rules, n), join(pages, n));
console.log(`copy-server: ${names.length} rule pages -> docs/rules/`);
