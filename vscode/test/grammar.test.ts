// The TextMate grammar, run by the same engine VS Code uses (vscode-textmate + Oniguruma).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

const ext = join(__dirname, '..', '..');
let grammar: textmate.IGrammar;

before(async () => {
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources: string[]) => new oniguruma.OnigScanner(sources),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async () => textmate.parseRawGrammar(readFileSync(join(ext, 'syntaxes', 'vmem.tmLanguage.json'), 'utf8'), 'vmem.tmLanguage.json'),
  });
  grammar = (await registry.loadGrammar('source.vmem'))!;
});

/** [text, innermost scope] for each token of each line. */
function tokenize(text: string): [string, string][][] {
  let state = textmate.INITIAL;
  return text.split('\n').map(line => {
    const r = grammar.tokenizeLine(line, state);
    state = r.ruleStack;
    return r.tokens.map(t => [line.slice(t.startIndex, t.endIndex), t.scopes[t.scopes.length - 1]] as [string, string]);
  });
}

function scopeOf(line: string, text: string): string | undefined {
  return tokenize(line)[0].find(([t]) => t === text)?.[1];
}

describe('vmem.tmLanguage.json', () => {
  it('colours declarations and their names', () => {
    assert.equal(scopeOf('kernel fc_hiding {', 'fc_hiding'), 'entity.name.type.kernel.vmem');
    assert.equal(scopeOf('vm web {', 'web'), 'entity.name.type.vm.vmem');
    assert.equal(scopeOf('scenario prefault_does_not_help {', 'prefault_does_not_help'), 'entity.name.function.scenario.vmem');
    assert.equal(scopeOf('    memory ram: guest_memfd 1GiB', 'ram'), 'variable.other.declaration.vmem');
    assert.equal(scopeOf('    device net0: virtio_net via vmm', 'net0'), 'variable.other.declaration.vmem');
  });
  it('colours references', () => {
    assert.equal(scopeOf('    kernel fc_hiding', 'fc_hiding'), 'variable.other.reference.vmem');
    assert.equal(scopeOf('    map ram shared', 'ram'), 'variable.other.reference.vmem');
    assert.equal(scopeOf('    slot 0 gpa 0x0 userspace ram guest_memfd ram offset 0', 'ram'), 'variable.other.reference.vmem');
    assert.equal(scopeOf('    step vfio map ram expect efault', 'ram'), 'variable.other.reference.vmem');
    assert.equal(scopeOf('    step read ram expect einval', 'ram'), 'variable.other.reference.vmem');
    assert.equal(scopeOf('    step guest vcpu 0 read gpa 0x1000', 'gpa'), 'keyword.other.vmem');
  });
  it('colours numbers, sizes with units, hex with _, and versions', () => {
    const line = tokenize('    slot 1 gpa 0x1_0000_0000 size 64MiB at 4096')[0];
    assert.deepEqual(line.filter(([, s]) => /numeric|unit/.test(s)), [
      ['1', 'constant.numeric.decimal.vmem'], ['0x1_0000_0000', 'constant.numeric.hex.vmem'],
      ['64', 'constant.numeric.size.vmem'], ['MiB', 'keyword.other.unit.vmem'], ['4096', 'constant.numeric.decimal.vmem'],
    ]);
    assert.equal(scopeOf('    version 6.18', '6.18'), 'constant.numeric.version.vmem');
    assert.equal(scopeOf('    version 6.1.55', '6.1.55'), 'constant.numeric.version.vmem');
    assert.equal(scopeOf('    memory x: anonymous 2G', 'G'), 'keyword.other.unit.vmem');
    assert.equal(scopeOf('    memory x: anonymous 4KB', '4KB'), 'invalid.illegal.numeric.vmem');
    assert.equal(scopeOf('    patch no_direct_map v12', 'v12'), 'constant.other.revision.vmem');
  });
  it('colours flags, outcomes, strings and comments', () => {
    const flags = tokenize('memory ram: guest_memfd 1GiB flags mmap | init_shared | no_direct_map')[0];
    assert.deepEqual(flags.filter(([, s]) => s.startsWith('constant.language.flag')).map(([t]) => t), ['mmap', 'init_shared', 'no_direct_map']);
    assert.equal(flags.find(([t]) => t === '|')?.[1], 'keyword.operator.flags.vmem');
    assert.equal(scopeOf('    step gup sec longterm expect efault', 'efault'), 'constant.language.outcome.errno.vmem');
    assert.equal(scopeOf('    step touch sec write expect ok', 'ok'), 'constant.language.outcome.ok.vmem');
    assert.equal(scopeOf('    step pfncache kvmclock gpa 0x2000 expect silent', 'silent'), 'constant.language.outcome.failure.vmem');
    assert.equal(scopeOf('    step hibernate expect maybe', 'maybe'), 'invalid.illegal.outcome.vmem');
    assert.equal(scopeOf('    memory disk: file "/dev/hugepages/vm0" 1GiB', '/dev/hugepages/vm0'), 'string.quoted.double.vmem');
    assert.equal(scopeOf('// expect: gmem-mmap-unsupported', 'gmem-mmap-unsupported'), 'constant.other.rule-code.vmem');
    assert.equal(scopeOf('    cpuid -kvmclock', '-'), 'keyword.operator.cpuid.vmem');
    const block = tokenize('a /* one\n two */ vm');
    assert.equal(block[1][0][1], 'comment.block.vmem');
    assert.equal(block[1].at(-1)?.[0], 'vm');
  });
  const examples = join(ext, '..', 'examples', 'spec');
  it('marks nothing invalid in the spec examples', { skip: existsSync(examples) ? false : 'no examples/spec' }, () => {
    const files = readdirSync(examples).filter(f => f.endsWith('.vmem'));
    assert.ok(files.length > 0);
    for (const f of files) {
      tokenize(readFileSync(join(examples, f), 'utf8')).forEach((line, i) => {
        for (const [text, scope] of line) assert.ok(!scope.startsWith('invalid'), `${f}:${i + 1}: "${text}" is ${scope}`);
      });
    }
  });
});
