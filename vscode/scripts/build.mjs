// Bundles the extension into out/extension.js (vscode stays external: VS Code provides it) and
// compiles the unit tests into out/test/ for `node --test`.
import { build } from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
rmSync(join(root, 'out'), { recursive: true, force: true });

const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: true, logLevel: 'warning', absWorkingDir: root };

await build({ ...common, entryPoints: ['src/extension.ts'], outfile: 'out/extension.js', external: ['vscode'], minify: true, sourcemap: false });

const tests = readdirSync(join(root, 'test')).filter(f => f.endsWith('.test.ts')).map(f => `test/${f}`);
await build({ ...common, entryPoints: tests, outdir: 'out/test', packages: 'external' });
