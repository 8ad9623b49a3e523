// The extension manifest: what makes it activate, what it contributes, and that it stays in step
// with the code and with the engine's rule registry.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const ext = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(ext, 'package.json'), 'utf8'));
const lock = JSON.parse(readFileSync(join(ext, 'package-lock.json'), 'utf8'));
const source = readFileSync(join(ext, 'src', 'extension.ts'), 'utf8');
/** extension.ts and the other editor-side files beside it (lib/ has no vscode import). */
const editorSources = readdirSync(join(ext, 'src')).filter(f => f.endsWith('.ts')).map(f => readFileSync(join(ext, 'src', f), 'utf8')).join('\n');
const props: Record<string, { enum?: string[]; properties?: Record<string, unknown> }> = pkg.contributes.configuration.properties;

describe('package.json', () => {
  it('activates on vmem files explicitly (an empty list never activates without a language configuration)', () => {
    assert.equal(pkg.activationEvents[0], 'onLanguage:vmem');
  });
  it('also activates for the languages of VMM configuration files, and starts the server only with a vmem file', () => {
    assert.deepEqual(pkg.activationEvents.slice(1), ['onLanguage:json', 'onLanguage:xml', 'onLanguage:shellscript', 'onLanguage:plaintext']);
    assert.match(source, /textDocuments\.some\(isVmem\)\) \{\s+await c\.start\(\);/);
  });
  it('contributes the vmem language for .vmem with its configuration and grammar', () => {
    const lang = pkg.contributes.languages.find((l: { id: string }) => l.id === 'vmem');
    assert.deepEqual(lang.extensions, ['.vmem']);
    assert.ok(existsSync(join(ext, lang.configuration)));
    const grammar = pkg.contributes.grammars.find((g: { language: string }) => g.language === 'vmem');
    assert.equal(grammar.scopeName, 'source.vmem');
    assert.ok(existsSync(join(ext, grammar.path)));
  });
  it('targets VS Code 1.91 with matching API types', () => {
    assert.equal(pkg.engines.vscode, '^1.91.0');
    assert.match(pkg.devDependencies['@types/vscode'], /^1\.91\./);
  });
  it('pins every dependency exactly, and the lock file agrees', () => {
    for (const [name, v] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies }) as [string, string][]) {
      assert.match(v, /^\d+\.\d+\.\d+$/, `${name}@${v} is not pinned`);
      assert.equal(lock.packages[`node_modules/${name}`]?.version, v, `package-lock.json has another ${name}`);
    }
    assert.equal(pkg.dependencies['vscode-languageclient'], '11.0.0');
    assert.equal(pkg.devDependencies['@vscode/vsce'], '3.9.2');
  });
  it('has what vsce would otherwise ask about, and no address the project does not own', () => {
    assert.equal(pkg.license, 'EPL-2.0');
    assert.match(readFileSync(join(ext, 'LICENSE'), 'utf8'), /^Eclipse Public License - v 2\.0/);
    // The project has no public repository or site: vsce packages with --allow-missing-repository.
    assert.equal(pkg.repository, undefined);
    assert.equal(pkg.homepage, undefined);
    assert.doesNotMatch(JSON.stringify(pkg), /vmem\.dev/);
    assert.match(pkg.scripts.package ?? '', /--allow-missing-repository/);
  });
  it('registers every command it contributes', () => {
    for (const { command } of pkg.contributes.commands) {
      assert.ok(editorSources.includes(`registerCommand('${command}'`) || (command === 'vmem.showMemoryMap' && source.includes('registerCommand(MEMORY_MAP_COMMAND')), command);
    }
  });
  it('declares every setting the code reads', () => {
    const read = [...editorSources.matchAll(/get<[^>]+>\('([a-zA-Z.]+)'/g)].map(m => `vmem.${m[1]}`);
    assert.ok(read.length >= 5);
    assert.ok(read.includes('vmem.checkVmmConfigurations'));
    for (const key of read) assert.ok(props[key], `${key} is read but not declared`);
    for (const key of ['vmem.java.home', 'vmem.server.vmargs', 'vmem.trace.server', 'vmem.severity', 'vmem.kernel.defaultProfile']) {
      assert.ok(props[key], key);
    }
    assert.deepEqual(props['vmem.trace.server'].enum, ['off', 'messages', 'verbose']);
  });
  it('offers the import command in the palette and in the menus of configuration files', () => {
    const cmd = pkg.contributes.commands.find((c: { command: string }) => c.command === 'vmem.importConfiguration');
    assert.equal(`${cmd.category}: ${cmd.title}`, 'VMem: Import VMM configuration…');
    assert.equal(cmd.enablement, undefined);
    for (const menu of ['explorer/context', 'editor/context']) {
      const item = pkg.contributes.menus[menu].find((m: { command: string }) => m.command === 'vmem.importConfiguration');
      assert.ok(item, menu);
      const m = /resourceExtname =~ \/(.+)\/i/.exec(item.when);
      assert.ok(m, item.when);
      const re = new RegExp(m[1], 'i');
      for (const e of ['.json', '.xml', '.args', '.sh', '.txt', '.cmdline', '.JSON']) assert.ok(re.test(e), `${menu} ${e}`);
      for (const e of ['.vmem', '.yaml', '.jsonc', '']) assert.ok(!re.test(e), `${menu} ${e}`);
    }
    assert.equal((pkg.contributes.menus.commandPalette ?? []).find((m: { command: string }) => m.command === 'vmem.importConfiguration'), undefined);
  });
  it('checks VMM configurations on save only when asked to', () => {
    const p = props['vmem.checkVmmConfigurations'] as { type: string; default: unknown; scope: string };
    assert.deepEqual([p.type, p.default, p.scope], ['boolean', false, 'resource']);
  });
  it('bundles the server jar and the bundle, nothing from node_modules', () => {
    const ignore = readFileSync(join(ext, '.vscodeignore'), 'utf8').split('\n');
    assert.ok(ignore.includes('!server/vmem.jar'));
    assert.ok(ignore.includes('!docs/rules/*.md'), 'the rule pages the diagnostics link to');
    assert.ok(ignore.includes('!out/extension.js'));
    assert.equal(pkg.main, './out/extension.js');
    assert.match(pkg.scripts.package, /copy-server.*vsce package --no-dependencies/);
  });
});

describe('vmem.severity', () => {
  // The schema is generated from the rule catalogue (language-server GeneratedFilesTest fails when it
  // is stale); here only its shape is checked.
  it('offers every level for each code and names the default', () => {
    const offered = props['vmem.severity'].properties as Record<string, { markdownDescription: string; enum: string[] }>;
    assert.ok(Object.keys(offered).length > 20, `only ${Object.keys(offered).length} codes offered`);
    for (const [code, p] of Object.entries(offered)) {
      assert.match(code, /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
      assert.match(p.markdownDescription, /\(default: `(error|warning|info)`\)\.$/, code);
      assert.deepEqual(p.enum, ['error', 'warning', 'info', 'off']);
    }
  });
});
