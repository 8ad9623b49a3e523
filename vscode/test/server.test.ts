import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_VMARGS, serverCommand, splitVmargs } from '../src/lib/server';

describe('splitVmargs', () => {
  it('splits on whitespace', () => assert.deepEqual(splitVmargs('  -Xmx1G\t-XX:+UseSerialGC \n'), ['-Xmx1G', '-XX:+UseSerialGC']));
  it('is empty for nothing', () => {
    assert.deepEqual(splitVmargs(undefined), []);
    assert.deepEqual(splitVmargs(''), []);
    assert.deepEqual(splitVmargs('   '), []);
  });
  it('groups quoted text', () => {
    assert.deepEqual(splitVmargs('-Dvmem.name="a b" -Dx=\'c "d"\''), ['-Dvmem.name=a b', '-Dx=c "d"']);
  });
  it('keeps an empty quoted argument', () => assert.deepEqual(splitVmargs('-a "" -b'), ['-a', '', '-b']));
  it('honours backslash escapes outside single quotes', () => {
    assert.deepEqual(splitVmargs('-Dp=a\\ b "-Dq=\\"x\\""'), ['-Dp=a b', '-Dq="x"']);
  });
  it('refuses an unclosed quote', () => assert.throws(() => splitVmargs('-Dx="a'), /unclosed " quote/));
});

describe('serverCommand', () => {
  it('is java [defaults] [vmargs] -jar jar', () => {
    assert.deepEqual(serverCommand('/jdk/bin/java', '/ext/server/vmem.jar', '-Xmx512m -Dvmem.x="1 2"'), {
      command: '/jdk/bin/java',
      args: ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Xmx512m', '-Dvmem.x=1 2', '-jar', '/ext/server/vmem.jar'],
    });
  });
  it('passes no arguments after the jar, so the jar starts the language server', () => {
    const c = serverCommand('java', 'vmem.jar', undefined);
    assert.deepEqual(c.args, [...DEFAULT_VMARGS, '-jar', 'vmem.jar']);
  });
  it('leaves out a default that vmargs overrides', () => {
    assert.deepEqual(serverCommand('java', 'vmem.jar', '-XX:+UseG1GC').args, ['-XX:TieredStopAtLevel=1', '-XX:+UseG1GC', '-jar', 'vmem.jar']);
    assert.deepEqual(serverCommand('java', 'vmem.jar', '-XX:+TieredCompilation').args, ['-XX:+UseSerialGC', '-XX:+TieredCompilation', '-jar', 'vmem.jar']);
    assert.deepEqual(serverCommand('java', 'vmem.jar', '-XX:TieredStopAtLevel=4 -XX:+UseZGC').args, ['-XX:TieredStopAtLevel=4', '-XX:+UseZGC', '-jar', 'vmem.jar']);
  });
  it('refuses vmargs that would replace the jar', () => {
    assert.throws(() => serverCommand('java', 'vmem.jar', '-jar other.jar'), /JVM options only, not -jar/);
    assert.throws(() => serverCommand('java', 'vmem.jar', '-cp x'), /not -cp/);
  });
});
