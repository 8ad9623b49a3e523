import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { archiveIsWhole, cacheDirectory, LOG_TO_STDERR, mapInPlace, planClassData, SIZE_SUFFIX, train, TRAINING_ARGUMENT, type ClassDataInput, type ClassDataPlan } from '../src/lib/classData';

const files = new Map<string, { size: number; mtimeMs: number }>([
  ['/ext/server/vmem.jar', { size: 1000, mtimeMs: 1 }],
  ['/jdk/lib/server/libjvm.so', { size: 2000, mtimeMs: 2 }],
]);
const input = (over: Partial<ClassDataInput> = {}): ClassDataInput => ({
  javaExecutable: '/jdk/bin/java', javaHome: '/jdk', javaVersion: 17, jarPath: '/ext/server/vmem.jar', vmargs: [],
  env: { XDG_CACHE_HOME: '/cache' }, platform: 'linux', homedir: '/home/u', stat: f => files.get(f), readText: () => undefined, ...over,
});

describe('cacheDirectory', () => {
  it('is XDG_CACHE_HOME/vmem, else ~/.cache/vmem', () => {
    assert.equal(cacheDirectory({ XDG_CACHE_HOME: '/c' }, 'linux', '/home/u'), '/c/vmem');
    assert.equal(cacheDirectory({}, 'darwin', '/home/u'), '/home/u/.cache/vmem');
  });
  it('is %LOCALAPPDATA%\\vmem\\cache on Windows, none without it', () => {
    assert.equal(cacheDirectory({ LOCALAPPDATA: 'C:\\L' }, 'win32', 'C:\\U'), 'C:\\L\\vmem\\cache');
    assert.equal(cacheDirectory({}, 'win32', 'C:\\U'), undefined);
  });
});

describe('planClassData', () => {
  it('trains an archive in the cache when there is none, and starts the server without it', () => {
    const plan = planClassData(input());
    assert.match(plan.archive!, /^\/cache\/vmem\/vscode-[0-9a-f]{16}\.jsa$/);
    assert.deepEqual(plan.args, [...LOG_TO_STDERR]);
    assert.equal(plan.training!.command, '/jdk/bin/java');
    const t = plan.training!;
    assert.ok(t.temporary.startsWith(plan.archive! + '.'));
    assert.ok(t.classList!.startsWith(plan.archive! + '.'));
    assert.notEqual(t.classList, t.temporary);
    assert.deepEqual(t.args, [`-XX:DumpLoadedClassList=${t.classList}`, '-Xlog:disable', '-jar', '/ext/server/vmem.jar', TRAINING_ARGUMENT]);
    assert.deepEqual(t.dump, ['-Xshare:dump', `-XX:SharedClassListFile=${t.classList}`, `-XX:SharedArchiveFile=${t.temporary}`,
      '-Xlog:disable', '-cp', '/ext/server/vmem.jar']);
  });
  it('maps the archive when it exists with its size written beside it', () => {
    const archive = planClassData(input()).archive!;
    const plan = planClassData(input({
      stat: f => (f === archive ? { size: 4096, mtimeMs: 3 } : files.get(f)),
      readText: f => (f === archive + SIZE_SUFFIX ? '4096\n' : undefined),
    }));
    assert.deepEqual(plan.args, [`-XX:SharedArchiveFile=${archive}`, '-Xshare:auto', '-Dvmem.warmUp=injector',
      '-XX:+UnlockDiagnosticVMOptions', '-XX:ArchiveRelocationMode=0', ...LOG_TO_STDERR]);
    assert.equal(plan.training, undefined);
  });
  it('maps the archive in place only on the Java releases known to have the option (17 to 25)', () => {
    assert.deepEqual(mapInPlace(17), ['-XX:+UnlockDiagnosticVMOptions', '-XX:ArchiveRelocationMode=0']);
    assert.deepEqual(mapInPlace(25), ['-XX:+UnlockDiagnosticVMOptions', '-XX:ArchiveRelocationMode=0']);
    assert.deepEqual(mapInPlace(26), []);
    const archive = planClassData(input({ javaVersion: 26 })).archive!;
    const plan = planClassData(input({
      javaVersion: 26,
      stat: f => (f === archive ? { size: 4096, mtimeMs: 3 } : files.get(f)),
      readText: f => (f === archive + SIZE_SUFFIX ? '4096\n' : undefined),
    }));
    assert.deepEqual(plan.args, [`-XX:SharedArchiveFile=${archive}`, '-Xshare:auto', '-Dvmem.warmUp=injector', ...LOG_TO_STDERR]);
  });
  it('does not map an archive cut short, or one without its size beside it, and makes it again', () => {
    const archive = planClassData(input()).archive!;
    for (const size of [undefined, '', '4096 bytes', '-4096', '40960\n', '4095\n', 'ok\n']) {
      const plan = planClassData(input({
        stat: f => (f === archive ? { size: 4096, mtimeMs: 3 } : files.get(f)),
        readText: f => (f === archive + SIZE_SUFFIX ? size : undefined),
      }));
      assert.deepEqual(plan.args, [...LOG_TO_STDERR], String(size));
      assert.equal(plan.archive, archive);
      assert.ok(plan.training);
    }
  });
  it('names a new archive when the jar or the JVM changes', () => {
    const a = planClassData(input()).archive;
    const rebuilt = new Map(files).set('/ext/server/vmem.jar', { size: 1000, mtimeMs: 5 });
    const updatedJvm = new Map(files).set('/jdk/lib/server/libjvm.so', { size: 2001, mtimeMs: 2 });
    assert.notEqual(planClassData(input({ stat: f => rebuilt.get(f) })).archive, a);
    assert.notEqual(planClassData(input({ stat: f => updatedJvm.get(f) })).archive, a);
    assert.notEqual(planClassData(input({ javaVersion: 25 })).archive, a);
  });
  it('is off with VMEM_CDS=off, with the user\'s own -Xshare or archive options, or without a cache or jar', () => {
    for (const plan of [
      planClassData(input({ env: { XDG_CACHE_HOME: '/cache', VMEM_CDS: 'off' } })),
      planClassData(input({ vmargs: ['-Xshare:off'] })),
      planClassData(input({ vmargs: ['-XX:SharedArchiveFile=/mine.jsa'] })),
      planClassData(input({ env: {}, homedir: '' })),
      planClassData(input({ jarPath: '/missing.jar' })),
    ]) {
      assert.deepEqual(plan, { args: [...LOG_TO_STDERR] });
    }
  });
});

describe('train', { skip: process.platform === 'win32' }, () => {
  const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'vmem-cds-test-'));
  /** A fresh folder, the archive in it (or in `sub`), and the temporary file and class list its training writes. */
  const fresh = (...sub: string[]) => {
    const dir = tmp();
    const archive = path.join(dir, ...sub, 'a.jsa');
    return { dir, archive, temporary: archive + '.1.tmp', classList: archive + '.1.classlist' };
  };
  /** Runs a training for `archive` and waits for its verdict. */
  const trained = (archive: string, training: NonNullable<ClassDataPlan['training']>) =>
    new Promise<boolean>(done => train({ args: [], archive, training }, done));
  it('renames the archive into place when the training succeeds, and removes its lock', async () => {
    const { archive, temporary } = fresh('sub');
    const ok = await trained(archive, { command: '/bin/sh', args: ['-c', 'printf x > "$0"', temporary], temporary });
    assert.equal(ok, true);
    assert.equal(fs.readFileSync(archive, 'utf8'), 'x');
    assert.deepEqual(fs.readdirSync(path.dirname(archive)).sort(), ['a.jsa', 'a.jsa.size']);
    assert.equal(fs.readFileSync(archive + SIZE_SUFFIX, 'utf8'), '1\n');
    assert.equal(archiveIsWhole(archive, f => fs.statSync(f, { throwIfNoEntry: false }), f => fs.readFileSync(f, 'utf8')), true);
  });
  it('replaces an archive that was cut short, and its size', async () => {
    const dir = tmp();
    const archive = path.join(dir, 'a.jsa');
    const temporary = archive + '.1.tmp';
    fs.writeFileSync(archive, 'cut');
    fs.writeFileSync(archive + SIZE_SUFFIX, '4096\n');
    const ok = await new Promise<boolean>(done =>
      train({ args: [], archive, training: { command: '/bin/sh', args: ['-c', 'printf 0123456789 > "$0"', temporary], temporary } }, done));
    assert.equal(ok, true);
    assert.equal(fs.readFileSync(archive + SIZE_SUFFIX, 'utf8'), '10\n');
    assert.deepEqual(fs.readdirSync(dir).sort(), ['a.jsa', 'a.jsa.size']);
  });
  it('runs the dump after the training and removes the class list', async () => {
    const { dir, archive, temporary, classList } = fresh();
    const ok = await trained(archive, {
      command: '/bin/sh', args: ['-c', 'printf "A\\n@lambda-proxy dev/vmem/X run ()V\\nB" > "$0"', classList], temporary, classList,
      dump: ['-c', 'test -s "$0" && cat "$0" > "$1"', classList, temporary],
    });
    assert.equal(ok, true);
    assert.equal(fs.readFileSync(archive, 'utf8'), 'A\n@lambda-proxy dev/vmem/X run ()V\nB');
    assert.deepEqual(fs.readdirSync(dir).sort(), ['a.jsa', 'a.jsa.size']);
  });
  it('does not dump when the training fails, and leaves nothing behind', async () => {
    const { dir, archive, temporary, classList } = fresh();
    const ok = await trained(archive, {
      command: '/bin/sh', args: ['-c', 'printf list > "$0"; exit 3', classList], temporary, classList,
      dump: ['-c', 'printf x > "$0"', temporary],
    });
    assert.equal(ok, false);
    assert.deepEqual(fs.readdirSync(dir), []);
  });
  it('leaves no archive, temporary file or lock when the training fails', async () => {
    const { dir, archive, temporary } = fresh();
    const ok = await trained(archive, { command: '/bin/sh', args: ['-c', 'printf x > "$0"; exit 3', temporary], temporary });
    assert.equal(ok, false);
    assert.deepEqual(fs.readdirSync(dir), []);
  });
  it('does not start a second training while one holds the lock', async () => {
    const { dir, archive } = fresh();
    fs.mkdirSync(archive + '.lock');
    const ok = await trained(archive, { command: '/bin/sh', args: ['-c', 'true'], temporary: archive + '.tmp' });
    assert.equal(ok, false);
    assert.deepEqual(fs.readdirSync(dir), ['a.jsa.lock']);
  });
  it('does nothing for an unwritable cache', async () => {
    const file = path.join(tmp(), 'not-a-folder');
    fs.writeFileSync(file, '');
    const archive = path.join(file, 'vmem', 'a.jsa');
    const ok = await trained(archive, { command: '/bin/sh', args: ['-c', 'true'], temporary: archive + '.tmp' });
    assert.equal(ok, false);
  });
});
