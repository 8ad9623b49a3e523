import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CheckScheduler,
  checkArguments,
  checkOutcome,
  GUESS_LIMIT,
  guessFormat,
  importArguments,
  importConfiguration,
  isConfigFileName,
  normalizeKernel,
  outputPathFor,
  parseCheckFindings,
  parseErrorLine,
  runProcess,
  type Timers,
  toZeroRange,
  vmemCommand,
} from '../src/lib/importConfig';
import { serverCommand } from '../src/lib/server';

const FAKE = join(__dirname, '..', '..', 'test', 'fake-vmem', 'fake-vmem.cjs');
/** The fake jar run the way the extension runs the real one: base command, then the CLI arguments. */
const fakeBase = { command: process.execPath, args: [FAKE] };

describe('guessFormat', () => {
  it('knows Firecracker JSON by machine-config or boot-source', () => {
    assert.equal(guessFormat('{\n  "boot-source": {"kernel_image_path": "vmlinux"},\n  "machine-config": {"vcpu_count": 2, "mem_size_mib": 1024}\n}'), 'firecracker');
    assert.equal(guessFormat('{"machine-config": {"mem_size_mib": 128, "huge_pages": "2M"}}'), 'firecracker');
    assert.equal(guessFormat('  {"boot-source": {}}'), 'firecracker');
  });
  it('knows Cloud Hypervisor JSON by payload, or cpus with memory', () => {
    assert.equal(guessFormat('{"cpus": {"boot_vcpus": 1}, "memory": {"size": 536870912, "shared": true}}'), 'cloud-hypervisor');
    assert.equal(guessFormat('{"payload": {"kernel": "/k"}, "memory": {"size": 1}}'), 'cloud-hypervisor');
  });
  it('reads the top level of JSON that parses, and the keys anywhere in JSON that does not', () => {
    assert.equal(guessFormat('{"memory": {"size": 1}}'), undefined);
    assert.equal(guessFormat('{"name": "x", "settings": {"machine-config": 1, "payload": 2}}'), undefined);
    assert.equal(guessFormat('{"machine-config": {"mem_size_mib": 128,,}'), 'firecracker');
    assert.equal(guessFormat('{"cpus": {}, "memory": {"size": }'), 'cloud-hypervisor');
    assert.equal(guessFormat('{"compilerOptions": {}}'), undefined);
  });
  it('knows libvirt XML by its <domain> root, past the prolog, comments and a DOCTYPE', () => {
    assert.equal(guessFormat("<domain type='kvm'><memory unit='GiB'>4</memory></domain>"), 'libvirt');
    assert.equal(guessFormat('<?xml version="1.0"?>\n<!-- made by virt-install -->\n<!DOCTYPE domain>\n<domain type="kvm">\n</domain>'), 'libvirt');
    assert.equal(guessFormat('<domain>'), 'libvirt');
    assert.equal(guessFormat("<network><name>default</name></network>"), undefined);
    assert.equal(guessFormat("<domainsnapshot/>"), undefined);
    assert.equal(guessFormat("<project><domain/></project>"), undefined);
  });
  it('knows a QEMU command line by qemu-system or -machine or a memory backend object', () => {
    assert.equal(guessFormat('#!/bin/sh\nexec /usr/bin/qemu-system-x86_64 \\\n  -m 4G \\\n  -nographic\n'), 'qemu');
    assert.equal(guessFormat('-machine q35,memory-backend=mem0\n-m 4G\n'), 'qemu');
    assert.equal(guessFormat('-m 4G -object memory-backend-memfd,id=mem0,size=4G,share=on\n'), 'qemu');
    assert.equal(guessFormat('qemu-system-aarch64 -M virt'), 'qemu');
  });
  it('knows a Cloud Hypervisor command line by cloud-hypervisor or --memory', () => {
    assert.equal(guessFormat('./cloud-hypervisor \\\n  --kernel vmlinux \\\n  --cpus boot=4 \\\n  --memory size=1G,shared=on\n'), 'cloud-hypervisor');
    assert.equal(guessFormat('--memory size=0 --memory-zone id=mem0,size=1G,hugepages=on'), 'cloud-hypervisor');
    assert.equal(guessFormat('cloud-hypervisor --api-socket /tmp/ch.sock'), 'cloud-hypervisor');
  });
  it('leaves other text alone', () => {
    assert.equal(guessFormat(''), undefined);
    assert.equal(guessFormat('hello world\n--memoryless is not an option'), undefined);
    assert.equal(guessFormat('#!/bin/sh\nmake -j4 && ./run-tests --verbose\n'), undefined);
    assert.equal(guessFormat('echo qemu_system_is_not_named_here'), undefined);
  });
  it('takes a byte-order mark', () => assert.equal(guessFormat('\uFEFF{"machine-config": {}}'), 'firecracker'));
  it('reads only the first GUESS_LIMIT characters', () => {
    const pad = ' '.repeat(GUESS_LIMIT);
    assert.equal(guessFormat(`#${pad} qemu-system-x86_64`), undefined);
    assert.equal(guessFormat(`qemu-system-x86_64 #${pad}`), 'qemu');
  });
});

describe('file names and arguments', () => {
  it('offers the command for configuration file endings only', () => {
    for (const f of ['/a/vm.json', '/a/DOMAIN.XML', 'q.args', 'run.sh', 'c.txt', 'x.cmdline']) assert.ok(isConfigFileName(f), f);
    for (const f of ['/a/vm.vmem', '/a/vm', '/a/json', 'x.yaml']) assert.ok(!isConfigFileName(f), f);
  });
  it('writes the .vmem beside the source', () => {
    assert.equal(outputPathFor('/cfg/vm_config.json'), '/cfg/vm_config.vmem');
    assert.equal(outputPathFor('/cfg/guest.v1.xml'), '/cfg/guest.v1.vmem');
    assert.equal(outputPathFor('/cfg/qemu-cmdline'), '/cfg/qemu-cmdline.vmem');
  });
  it('takes a kernel profile as one word, and empty as none', () => {
    assert.deepEqual(normalizeKernel(' 6.18 '), { kernel: '6.18' });
    assert.deepEqual(normalizeKernel('host'), { kernel: 'host' });
    assert.deepEqual(normalizeKernel(''), {});
    assert.deepEqual(normalizeKernel(null), {});
    assert.ok(normalizeKernel('6.18 --format json').problem);
    assert.ok(normalizeKernel('-o').problem);
  });
  it('builds import FILE with --kernel only when one is given, -o last', () => {
    assert.deepEqual(importArguments('firecracker', '/c/vm.json', '/c/.vm.tmp.vmem', '6.18'),
      ['import', '--from', 'firecracker', '/c/vm.json', '--kernel', '6.18', '-o', '/c/.vm.tmp.vmem']);
    assert.deepEqual(importArguments('qemu', '/c/q.args', '/c/q.vmem'), ['import', '--from', 'qemu', '/c/q.args', '-o', '/c/q.vmem']);
    assert.deepEqual(checkArguments('libvirt', '/c/d.xml'), ['check', '--from', 'libvirt', '--format', 'json', '/c/d.xml']);
  });
  it('runs the language server jar with the same Java and JVM options, the CLI arguments after it', () => {
    const base = serverCommand('/jdk/bin/java', '/ext/server/vmem.jar', '-Xmx1G');
    assert.deepEqual(vmemCommand(base, importArguments('cloud-hypervisor', '/c/ch.sh', '/c/ch.vmem')), {
      command: '/jdk/bin/java',
      args: ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Xmx1G', '-jar', '/ext/server/vmem.jar',
        'import', '--from', 'cloud-hypervisor', '/c/ch.sh', '-o', '/c/ch.vmem'],
    });
    assert.deepEqual(base.args.slice(-2), ['-jar', '/ext/server/vmem.jar'], 'the base command is not changed');
  });
});

describe('parseErrorLine', () => {
  it('reads FILE:LINE:COL: error: message', () => {
    assert.deepEqual(parseErrorLine('/cfg/vm.json:3:7: error: unknown field "mem_size"\n'),
      { file: '/cfg/vm.json', line: 3, column: 7, message: 'unknown field "mem_size"' });
  });
  it('reads the place in the configuration the jar names after the column', () => {
    assert.deepEqual(parseErrorLine('fc-bad.json:5:5 (/machine-config/no_such_field): error: unknown field \'no_such_field\' [import-error]\n'),
      { file: 'fc-bad.json', line: 5, column: 5, message: 'unknown field \'no_such_field\' [import-error]' });
  });
  it('keeps colons in the file name (Windows drives)', () => {
    assert.deepEqual(parseErrorLine('C:\\cfg\\vm.json:12:1: error: expected "}"'), { file: 'C:\\cfg\\vm.json', line: 12, column: 1, message: 'expected "}"' });
  });
  it('takes the first such line, after any other output', () => {
    const e = parseErrorLine('Picked up JAVA_TOOL_OPTIONS: -Xss4m\r\nq.args:1:40: error: unknown option -foo\r\nq.args:2:1: error: second\r\n');
    assert.deepEqual([e?.file, e?.line, e?.column], ['q.args', 1, 40]);
  });
  it('is undefined without a position', () => {
    assert.equal(parseErrorLine('vmem: error: --from must be one of firecracker, cloud-hypervisor, libvirt, qemu'), undefined);
    assert.equal(parseErrorLine('vm.json:3:7: warning: not an error'), undefined);
    assert.equal(parseErrorLine('vm.json:0:7: error: no line 0'), undefined);
    assert.equal(parseErrorLine(''), undefined);
  });
});

describe('check findings', () => {
  const json = (files: unknown) => JSON.stringify({ files, summary: {} });
  const finding = { code: 'vhost-user-needs-shared-memory', severity: 'error', message: 'm', line: 4, column: 5, endLine: 4, endColumn: 19, related: [], trace: [] };

  it('turns 1-based, end-exclusive spans into 0-based ranges', () => {
    assert.deepEqual(toZeroRange({ line: 4, column: 5, endLine: 6, endColumn: 2 }), { startLine: 3, startCharacter: 4, endLine: 5, endCharacter: 1 });
    assert.deepEqual(toZeroRange({ line: 2, column: 3 }), { startLine: 1, startCharacter: 2, endLine: 1, endCharacter: 2 });
    assert.deepEqual(toZeroRange({ line: 5, column: 9, endLine: 5, endColumn: 2 }), { startLine: 4, startCharacter: 8, endLine: 4, endCharacter: 8 });
    assert.deepEqual(toZeroRange({ line: 0, column: -1, endLine: 'x' }), { startLine: 0, startCharacter: 0, endLine: 0, endCharacter: 0 });
  });
  it('reads code, severity, range and related locations of the checked file', () => {
    const related = [{ message: 'the backing', path: 'vm.json', line: 2, column: 3, endLine: 2, endColumn: 9 }];
    const out = parseCheckFindings(json([
      { path: '/cfg/vm.json', findings: [finding, { ...finding, code: 'direct-map-exposure', severity: 'info', line: 1, column: 1, endLine: 1, endColumn: 2, related }] },
    ]), '/cfg/vm.json');
    assert.deepEqual(out?.map(f => [f.code, f.severity, f.range]), [
      ['vhost-user-needs-shared-memory', 'error', { startLine: 3, startCharacter: 4, endLine: 3, endCharacter: 18 }],
      ['direct-map-exposure', 'info', { startLine: 0, startCharacter: 0, endLine: 0, endCharacter: 1 }],
    ]);
    assert.deepEqual(out?.[1].related, [{ message: 'the backing', path: '/cfg/vm.json', range: { startLine: 1, startCharacter: 2, endLine: 1, endCharacter: 8 } }]);
  });
  it('matches the file entry by path (relative to the working folder), else the only entry', () => {
    const two = json([{ path: 'other.json', findings: [finding] }, { path: 'vm.json', findings: [{ ...finding, code: 'mine' }] }]);
    assert.deepEqual(parseCheckFindings(two, '/cfg/vm.json', '/cfg')?.map(f => f.code), ['mine']);
    assert.deepEqual(parseCheckFindings(json([{ path: 'vm.json', findings: [finding] }]), '/elsewhere/x.json')?.length, 1);
    assert.deepEqual(parseCheckFindings(two, '/cfg/third.json'), []);
  });
  it('reads unknown severities as error, note as info, and a finding without code', () => {
    const out = parseCheckFindings(json([{ path: 'a', findings: [{ ...finding, severity: 'fatal' }, { ...finding, severity: 'note' }, { ...finding, code: '' }] }]), '/a');
    assert.deepEqual(out?.map(f => [f.code, f.severity]), [[finding.code, 'error'], [finding.code, 'info'], [undefined, 'error']]);
  });
  it('is undefined for output that is not the check JSON', () => {
    assert.equal(parseCheckFindings('', '/a'), undefined);
    assert.equal(parseCheckFindings('vm.json:1:1: error: x', '/a'), undefined);
    assert.equal(parseCheckFindings('{"runs": []}', '/a'), undefined);
    assert.equal(parseCheckFindings('null', '/a'), undefined);
  });

  it('takes the findings of exit 0 and 1', () => {
    for (const code of [0, 1]) {
      const o = checkOutcome({ code, stdout: json([{ path: '/c/vm.json', findings: [finding] }]), stderr: '' }, '/c/vm.json');
      assert.equal(o.kind, 'findings');
      assert.deepEqual(o.kind === 'findings' && o.findings.map(f => f.code), [finding.code]);
    }
  });
  it('turns the error line of exit 2 into one finding at its position', () => {
    const o = checkOutcome({ code: 2, stdout: '', stderr: '/c/vm.json:3:7: error: unknown field "x"\n' }, '/c/vm.json');
    assert.ok(o.kind === 'findings');
    assert.deepEqual(o.findings.map(f => [f.code, f.severity, f.range]), [[undefined, 'error', { startLine: 2, startCharacter: 6, endLine: 2, endCharacter: 6 }]]);
  });
  it('puts an error in another file (an included argument file) at the start, naming it', () => {
    const o = checkOutcome({ code: 2, stdout: '', stderr: '/c/inc.args:9:2: error: bad\n' }, '/c/vm.args');
    assert.ok(o.kind === 'findings');
    assert.deepEqual(o.findings[0].range, { startLine: 0, startCharacter: 0, endLine: 0, endCharacter: 0 });
    assert.match(o.findings[0].message, /inc\.args:9:2/);
  });
  it('reports exit 3, a usage error, garbage and a failed start as failures, not findings', () => {
    assert.equal(checkOutcome({ code: 3, stdout: '', stderr: 'vmem: internal error: x' }, '/a').kind, 'failed');
    assert.equal(checkOutcome({ code: 2, stdout: '', stderr: 'vmem: error: unknown option --from' }, '/a').kind, 'failed');
    assert.equal(checkOutcome({ code: 0, stdout: 'Usage: vmem …', stderr: '' }, '/a').kind, 'failed');
    assert.equal(checkOutcome({ code: null, stdout: '', stderr: '', error: new Error('spawn java ENOENT') }, '/a').kind, 'failed');
  });
});

describe('importConfiguration with a fake jar', () => {
  let dir: string;
  let log: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'vmem-import-'));
    log = join(dir, 'runs.log');
    process.env.FAKE_VMEM_LOG = log;
  });
  after(() => {
    delete process.env.FAKE_VMEM_LOG;
    rmSync(dir, { recursive: true, force: true });
  });
  const fresh = (name: string, text: string) => {
    const sub = mkdtempSync(join(dir, 'case-'));
    const file = join(sub, name);
    writeFileSync(file, text);
    return { sub, file };
  };
  const runs = () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).map(l => JSON.parse(l) as { argv: string[] }) : []);
  const never = async () => { throw new Error('asked to overwrite'); };

  it('writes <name>.vmem beside the source and leaves nothing else', async () => {
    const { sub, file } = fresh('vm.json', '{"machine-config": {"mem_size_mib": 128}}');
    const before = runs().length;
    const o = await importConfiguration({ base: fakeBase, format: 'firecracker', source: file, kernel: '6.18', confirmOverwrite: never });
    assert.deepEqual(o, { kind: 'written', output: join(sub, 'vm.vmem') });
    assert.match(readFileSync(join(sub, 'vm.vmem'), 'utf8'), /^\/\/ imported from vm\.json \(--from firecracker, --kernel 6\.18\)/);
    assert.deepEqual(readdirSync(sub).sort(), ['vm.json', 'vm.vmem']);
    const argv = runs().slice(before)[0].argv;
    assert.deepEqual(argv.slice(0, 6), ['import', '--from', 'firecracker', file, '--kernel', '6.18']);
    assert.equal(argv[6], '-o');
  });
  it('passes no --kernel when none is chosen', async () => {
    const { file } = fresh('q.args', '-machine q35');
    const before = runs().length;
    assert.equal((await importConfiguration({ base: fakeBase, format: 'qemu', source: file, confirmOverwrite: never })).kind, 'written');
    assert.ok(!runs().slice(before)[0].argv.includes('--kernel'));
  });
  it('asks before replacing an existing .vmem, and keeps it when told no (without running the jar)', async () => {
    const { sub, file } = fresh('vm.json', '{"machine-config": {}}');
    writeFileSync(join(sub, 'vm.vmem'), 'mine\n');
    const asked: string[] = [];
    const before = runs().length;
    const o = await importConfiguration({ base: fakeBase, format: 'firecracker', source: file, confirmOverwrite: async out => { asked.push(out); return false; } });
    assert.deepEqual(o, { kind: 'cancelled' });
    assert.deepEqual(asked, [join(sub, 'vm.vmem')]);
    assert.equal(readFileSync(join(sub, 'vm.vmem'), 'utf8'), 'mine\n');
    assert.equal(runs().length, before);
    assert.deepEqual(readdirSync(sub).sort(), ['vm.json', 'vm.vmem']);
  });
  it('replaces it when told yes', async () => {
    const { sub, file } = fresh('vm.json', '{"machine-config": {}}');
    writeFileSync(join(sub, 'vm.vmem'), 'mine\n');
    const o = await importConfiguration({ base: fakeBase, format: 'firecracker', source: file, confirmOverwrite: async () => true });
    assert.equal(o.kind, 'written');
    assert.match(readFileSync(join(sub, 'vm.vmem'), 'utf8'), /^\/\/ imported from vm\.json/);
  });
  it('leaves no file on bad input, even when the jar wrote part of one, and gives the error position', async () => {
    const { sub, file } = fresh('vm.json', '{\n  "machine-config": {\n    "BAD_INPUT": 1\n  }\n}\n');
    const o = await importConfiguration({ base: fakeBase, format: 'firecracker', source: file, confirmOverwrite: never });
    assert.equal(o.kind, 'bad-input');
    assert.deepEqual(o.kind === 'bad-input' && o.error, { file, line: 3, column: 6, message: 'unknown field "BAD_INPUT"' });
    assert.deepEqual(readdirSync(sub), ['vm.json']);
  });
  it('keeps an existing .vmem unchanged when the import then fails', async () => {
    const { sub, file } = fresh('d.xml', '<domain>BAD_INPUT</domain>');
    writeFileSync(join(sub, 'd.vmem'), 'mine\n');
    const o = await importConfiguration({ base: fakeBase, format: 'libvirt', source: file, confirmOverwrite: async () => true });
    assert.equal(o.kind, 'bad-input');
    assert.equal(readFileSync(join(sub, 'd.vmem'), 'utf8'), 'mine\n');
    assert.deepEqual(readdirSync(sub).sort(), ['d.vmem', 'd.xml']);
  });
  it('reports an internal error (exit 3) as a failure and leaves no file', async () => {
    const { sub, file } = fresh('ch.sh', 'cloud-hypervisor CRASH');
    const o = await importConfiguration({ base: fakeBase, format: 'cloud-hypervisor', source: file, confirmOverwrite: never });
    assert.equal(o.kind, 'failed');
    assert.match(o.kind === 'failed' ? o.stderr : '', /internal error/);
    assert.deepEqual(readdirSync(sub), ['ch.sh']);
  });
  it('reports an exit 0 that wrote nothing as a failure', async () => {
    const { sub, file } = fresh('ch.sh', 'cloud-hypervisor NO_OUTPUT');
    assert.equal((await importConfiguration({ base: fakeBase, format: 'cloud-hypervisor', source: file, confirmOverwrite: never })).kind, 'failed');
    assert.deepEqual(readdirSync(sub), ['ch.sh']);
  });
  it('kills a cancelled import and leaves no file', async () => {
    const { sub, file } = fresh('q.args', 'qemu-system-x86_64 SLOW');
    const abort = new AbortController();
    const pending = importConfiguration({ base: fakeBase, format: 'qemu', source: file, confirmOverwrite: never, signal: abort.signal });
    // Wait until the fake has written its partial file, then cancel.
    for (let i = 0; i < 200 && readdirSync(sub).length < 2; i++) await new Promise(r => setTimeout(r, 25));
    assert.equal(readdirSync(sub).length, 2, 'the fake wrote its partial file');
    abort.abort();
    assert.deepEqual(await pending, { kind: 'cancelled' });
    assert.deepEqual(readdirSync(sub), ['q.args']);
  });
  it('reports a Java that cannot be started', async () => {
    const { sub, file } = fresh('q.args', '-machine q35');
    const o = await importConfiguration({ base: { command: join(dir, 'no-such-java'), args: ['-jar', 'x.jar'] }, format: 'qemu', source: file, confirmOverwrite: never });
    assert.equal(o.kind, 'failed');
    assert.deepEqual(readdirSync(sub), ['q.args']);
  });
});

describe('check with a fake jar', () => {
  it('gives the findings located in the configuration', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vmem-check-'));
    try {
      const file = join(dir, 'vm.json');
      writeFileSync(file, '{\n  "machine-config": {"mem_size_mib": 128},\n  "x": "@finding direct-map-exposure info",\n  "y": "@finding vhost-user-needs-shared-memory error"\n}\n');
      const cmd = vmemCommand(fakeBase, checkArguments('firecracker', file));
      const r = await runProcess(cmd.command, cmd.args, { cwd: dir, timeoutMs: 20000 });
      assert.equal(r.code, 1);
      const o = checkOutcome(r, file);
      assert.ok(o.kind === 'findings');
      assert.deepEqual(o.findings.map(f => [f.code, f.severity, f.range.startLine, f.range.startCharacter, f.range.endCharacter]), [
        ['direct-map-exposure', 'info', 2, 8, 41],
        ['vhost-user-needs-shared-memory', 'error', 3, 8, 53],
      ]);

      writeFileSync(file, '{"machine-config": {"BAD_INPUT": 1}}');
      const bad = checkOutcome(await runProcess(cmd.command, cmd.args, { cwd: dir, timeoutMs: 20000 }), file);
      assert.ok(bad.kind === 'findings');
      assert.deepEqual(bad.findings.map(f => f.range), [{ startLine: 0, startCharacter: 21, endLine: 0, endCharacter: 21 }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('CheckScheduler', () => {
  /** Timers that fire only when the test says so. */
  class ManualTimers implements Timers {
    private next = 0;
    readonly pending = new Map<number, () => void>();
    setTimeout = (f: () => void) => {
      const id = ++this.next;
      this.pending.set(id, f);
      return id;
    };
    clearTimeout = (h: unknown) => void this.pending.delete(h as number);
    fireAll(): void {
      const fs = [...this.pending.values()];
      this.pending.clear();
      for (const f of fs) f();
    }
  }
  const tick = () => new Promise(r => setImmediate(r));

  function harness() {
    const timers = new ManualTimers();
    const started: string[] = [];
    const finish: Array<() => void> = [];
    const signals: AbortSignal[] = [];
    let active = 0;
    let maxActive = 0;
    const s = new CheckScheduler(400, (key, signal) => {
      started.push(key);
      signals.push(signal);
      active++;
      maxActive = Math.max(maxActive, active);
      return new Promise<void>(resolve => finish.push(() => { active--; resolve(); }));
    }, timers);
    return { s, timers, started, finish, signals, max: () => maxActive };
  }

  it('runs once for saves in quick succession', () => {
    const h = harness();
    h.s.schedule('a');
    h.s.schedule('a');
    h.s.schedule('a');
    assert.equal(h.timers.pending.size, 1);
    h.timers.fireAll();
    assert.deepEqual(h.started, ['a']);
  });
  it('never runs one file twice at once: a save during a check gives one more check after it', async () => {
    const h = harness();
    h.s.schedule('a');
    h.timers.fireAll();
    h.s.schedule('a');
    h.timers.fireAll();
    h.s.schedule('a');
    h.timers.fireAll();
    assert.deepEqual(h.started, ['a']);
    assert.ok(h.s.isRunning('a'));
    h.finish.shift()!();
    await tick();
    assert.deepEqual(h.started, ['a', 'a']);
    h.finish.shift()!();
    await tick();
    assert.deepEqual(h.started, ['a', 'a']);
    assert.equal(h.max(), 1);
    assert.ok(!h.s.isRunning('a'));
  });
  it('runs different files side by side', () => {
    const h = harness();
    h.s.schedule('a');
    h.s.schedule('b');
    h.timers.fireAll();
    assert.deepEqual(h.started.sort(), ['a', 'b']);
    assert.equal(h.max(), 2);
  });
  it('cancel drops the timer and the follow-up, and aborts the running check', async () => {
    const h = harness();
    h.s.schedule('a');
    h.timers.fireAll();
    h.s.schedule('a');
    h.timers.fireAll();
    h.s.schedule('a');
    h.s.cancel('a');
    assert.equal(h.timers.pending.size, 0);
    assert.ok(h.signals[0].aborted);
    h.finish.shift()!();
    await tick();
    assert.deepEqual(h.started, ['a']);
  });
  it('survives a check that throws', async () => {
    const timers = new ManualTimers();
    let n = 0;
    const s = new CheckScheduler(1, async () => { n++; throw new Error('boom'); }, timers);
    s.schedule('a');
    timers.fireAll();
    await tick();
    s.schedule('a');
    timers.fireAll();
    await tick();
    assert.equal(n, 2);
  });
});
