// The extension manifest: what makes it activate, what it contributes, and that it stays in step
// with the code and with the engine's rule registry.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const ext = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(ext, 'package.json'), 'utf8'));
const lock = JSON.parse(readFileSync(join(ext, 'package-lock.json'), 'utf8'));
const source = readFileSync(join(ext, 'src', 'extension.ts'), 'utf8');
const props: Record<string, { enum?: string[]; properties?: Record<string, unknown> }> = pkg.contributes.configuration.properties;

describe('package.json', () => {
  it('activates on vmem files explicitly (an empty list never activates without a language configuration)', () => {
    assert.deepEqual(pkg.activationEvents, ['onLanguage:vmem']);
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
  it('has what vsce would otherwise ask about', () => {
    assert.equal(pkg.license, 'EPL-2.0');
    assert.ok(pkg.repository?.url);
    assert.match(readFileSync(join(ext, 'LICENSE'), 'utf8'), /^Eclipse Public License - v 2\.0/);
  });
  it('registers every command it contributes', () => {
    for (const { command } of pkg.contributes.commands) {
      assert.ok(source.includes(`registerCommand('${command}'`) || (command === 'vmem.showMemoryMap' && source.includes('registerCommand(MEMORY_MAP_COMMAND')), command);
    }
  });
  it('declares every setting the code reads', () => {
    const read = [...source.matchAll(/get<[^>]+>\('([a-zA-Z.]+)'/g)].map(m => `vmem.${m[1]}`);
    assert.ok(read.length >= 5);
    for (const key of read) assert.ok(props[key], `${key} is read but not declared`);
    for (const key of ['vmem.java.home', 'vmem.server.vmargs', 'vmem.trace.server', 'vmem.severity', 'vmem.kernel.defaultProfile']) {
      assert.ok(props[key], key);
    }
    assert.deepEqual(props['vmem.trace.server'].enum, ['off', 'messages', 'verbose']);
  });
  it('bundles the server jar and the bundle, nothing from node_modules', () => {
    const ignore = readFileSync(join(ext, '.vscodeignore'), 'utf8').split('\n');
    assert.ok(ignore.includes('!server/vmem.jar'));
    assert.ok(ignore.includes('!out/extension.js'));
    assert.equal(pkg.main, './out/extension.js');
    assert.match(pkg.scripts.package, /copy-server.*vsce package --no-dependencies/);
  });
});

describe('vmem.severity', () => {
  const rules = join(ext, '..', 'engine', 'src', 'main', 'java', 'dev', 'vmem', 'engine', 'report', 'Rule.java');
  it('offers exactly the codes of the engine\'s rule registry', { skip: existsSync(rules) ? false : 'engine sources not here' }, () => {
    const registry = [...readFileSync(rules, 'utf8').matchAll(/^\s+[A-Z_]+\("([a-z0-9-]+)",\s*(ERROR|WARNING|INFO),/gm)]
      .map(m => [m[1], m[2].toLowerCase()]);
    assert.ok(registry.length > 20, `only ${registry.length} rules read from Rule.java`);
    const offered = props['vmem.severity'].properties as Record<string, { markdownDescription: string; enum: string[] }>;
    assert.deepEqual(Object.keys(offered).sort(), registry.map(r => r[0]).sort());
    for (const [code, severity] of registry) {
      assert.match(offered[code].markdownDescription, new RegExp(`default: \`${severity}\``), code);
      assert.deepEqual(offered[code].enum, ['error', 'warning', 'info', 'off']);
    }
  });
});
