import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  describeMissingJava,
  findJava,
  javaCandidates,
  javaExecutableIn,
  parseJavaHome,
  parseJavaSpecVersion,
  probeJava,
} from '../src/lib/java';

const props = (spec: string, home = '/opt/jdk') => `Property settings:
    file.encoding = UTF-8
    java.home = ${home}
    java.specification.name = Java Platform API Specification
    java.specification.vendor = Oracle Corporation
    java.specification.version = ${spec}
    java.vm.specification.version = ${spec}

openjdk version "${spec}" 2024-01-16
`;

describe('parseJavaSpecVersion', () => {
  it('reads the feature release', () => {
    assert.equal(parseJavaSpecVersion(props('17')), 17);
    assert.equal(parseJavaSpecVersion(props('25')), 25);
    assert.equal(parseJavaSpecVersion(props('21')), 21);
  });
  it('reads Java 8 as 8', () => assert.equal(parseJavaSpecVersion(props('1.8')), 8));
  it('does not take java.vm.specification.version for it', () => {
    assert.equal(parseJavaSpecVersion('    java.vm.specification.version = 17\n'), undefined);
  });
  it('is undefined without the property', () => {
    assert.equal(parseJavaSpecVersion('Error: could not create the Java Virtual Machine.'), undefined);
    assert.equal(parseJavaSpecVersion('    java.specification.version = banana\n'), undefined);
  });
  it('reads java.home', () => assert.equal(parseJavaHome(props('17', '/usr/lib/jvm/java-17')), '/usr/lib/jvm/java-17'));
  it('copes with Windows line ends', () => assert.equal(parseJavaSpecVersion(props('21').replace(/\n/g, '\r\n')), 21));
});

describe('javaCandidates', () => {
  const everything = () => true;
  it('asks the setting, JAVA_HOME, JDK_HOME, then PATH, in that order', () => {
    const c = javaCandidates({
      javaHomeSetting: '/s', platform: 'linux', isExecutable: everything,
      env: { JAVA_HOME: '/j', JDK_HOME: '/k', PATH: '/usr/local/bin:/usr/bin' },
    });
    assert.deepEqual(c.map(x => [x.source, x.executable]), [
      ['setting', '/s/bin/java'], ['JAVA_HOME', '/j/bin/java'], ['JDK_HOME', '/k/bin/java'], ['PATH', '/usr/local/bin/java'],
    ]);
  });
  it('takes the first java on PATH that exists', () => {
    const c = javaCandidates({ platform: 'linux', env: { PATH: '/a::/b:/c' }, isExecutable: f => f === '/c/java' });
    assert.deepEqual(c.map(x => x.executable), ['/c/java']);
  });
  it('skips empty settings and variables, and names one executable once', () => {
    const c = javaCandidates({ javaHomeSetting: '  ', platform: 'linux', isExecutable: everything, env: { JAVA_HOME: '/j', JDK_HOME: '/j', PATH: '/j/bin' } });
    assert.deepEqual(c.map(x => x.source), ['JAVA_HOME']);
  });
  it('uses java.exe and ; on Windows', () => {
    const c = javaCandidates({ platform: 'win32', isExecutable: everything, env: { JAVA_HOME: 'C:\\jdk', Path: 'C:\\x;C:\\y' } });
    assert.deepEqual(c.map(x => x.executable), ['C:\\jdk\\bin\\java.exe', 'C:\\x\\java.exe']);
    assert.equal(javaExecutableIn('C:\\jdk', 'win32'), 'C:\\jdk\\bin\\java.exe');
  });
});

describe('findJava', () => {
  const versions: Record<string, string> = { '/old/bin/java': '11', '/new/bin/java': '21', '/usr/bin/java': '17', '/j8/bin/java': '1.8' };
  const env = (over: Partial<Parameters<typeof findJava>[0]>) => ({
    platform: 'linux' as const, env: {}, isExecutable: (f: string) => f in versions,
    probe: async (f: string) => props(versions[f]), ...over,
  });

  it('picks the setting when it is good enough', async () => {
    const r = await findJava(env({ javaHomeSetting: '/new', env: { PATH: '/usr/bin' } }));
    assert.equal(r.runtime?.source, 'setting');
    assert.equal(r.runtime?.version, 21);
    assert.equal(r.runtime?.javaHome, '/opt/jdk');
    assert.deepEqual(r.rejected, []);
  });
  it('passes over a Java that is too old, and says why', async () => {
    const r = await findJava(env({ env: { JAVA_HOME: '/old', PATH: '/usr/bin' } }));
    assert.equal(r.runtime?.executable, '/usr/bin/java');
    assert.equal(r.rejected.length, 1);
    assert.match(r.rejected[0].reason, /Java 11; Java 17 or newer is needed/);
  });
  it('passes over a setting that points nowhere', async () => {
    const r = await findJava(env({ javaHomeSetting: '/nowhere', env: { PATH: '/usr/bin' } }));
    assert.equal(r.runtime?.source, 'PATH');
    assert.equal(r.rejected[0].source, 'setting');
    assert.match(r.rejected[0].reason, /does not exist/);
  });
  it('reports a probe that fails', async () => {
    const r = await findJava(env({ env: { JAVA_HOME: '/new' }, probe: async () => { throw new Error('spawn EACCES'); } }));
    assert.equal(r.runtime, undefined);
    assert.match(r.rejected[0].reason, /spawn EACCES/);
  });
  it('finds nothing, and the message says how to fix it', async () => {
    const r = await findJava(env({ env: { JAVA_HOME: '/j8', PATH: '/nothing' } }));
    assert.equal(r.runtime, undefined);
    const m = describeMissingJava(r);
    assert.match(m, /Java 17 or newer/);
    assert.match(m, /vmem\.java\.home/);
    assert.match(m, /JAVA_HOME: \/j8\/bin\/java is Java 8/);
  });
  it('says so when there was nothing to try', () => {
    assert.match(describeMissingJava({ rejected: [] }), /none was found\. Install a JDK 17\+/);
  });
});

describe('probeJava on this machine', () => {
  const java = ['/usr/bin/java', `${process.env.JAVA_HOME ?? ''}/bin/java`].find(f => f.startsWith('/') && existsSync(f));
  it('reads the version of a real java', { skip: java ? false : 'no java on this machine' }, async () => {
    const version = parseJavaSpecVersion(await probeJava(java!));
    assert.ok(version !== undefined && version >= 8, `version ${version}`);
  });
  it('rejects when the executable does not exist', async () => {
    await assert.rejects(probeJava('/nonexistent/bin/java'));
  });
});
