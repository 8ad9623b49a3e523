// Finding a Java runtime for the language server, the way mature Java extensions do it:
// the vmem.java.home setting first, then JAVA_HOME, JDK_HOME, then `java` on PATH; each candidate is
// asked for its java.specification.version and the first one at or above MIN_JAVA_VERSION wins.
// No `vscode` import here: this module is unit-tested in plain Node.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The language server jar is compiled for Java 17. */
export const MIN_JAVA_VERSION = 17;

export type JavaSource = 'setting' | 'JAVA_HOME' | 'JDK_HOME' | 'PATH';

export interface JavaCandidate {
  source: JavaSource;
  /** The java executable to run. */
  executable: string;
  /** The JDK/JRE folder it came from, when known (settings and environment variables). */
  home?: string;
}

export interface JavaRuntime extends JavaCandidate {
  /** The feature release, e.g. 17 or 25 (8 for "1.8"). */
  version: number;
  /** java.home as the runtime reports it. */
  javaHome?: string;
}

export interface RejectedCandidate extends JavaCandidate {
  /** Why it was not used: "not found", "version 11", the spawn error, ... */
  reason: string;
}

export interface DiscoveryResult {
  runtime?: JavaRuntime;
  rejected: RejectedCandidate[];
}

export interface DiscoveryEnvironment {
  /** The vmem.java.home setting (empty or undefined when not set). */
  javaHomeSetting?: string;
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  /** Whether a file exists and is executable; replaceable in tests. */
  isExecutable?: (file: string) => boolean;
  /** Runs `java -XshowSettings:properties -version` and returns its combined output; replaceable in tests. */
  probe?: (executable: string) => Promise<string>;
}

function javaExeName(platform: NodeJS.Platform): string {
  return platform === 'win32' ? 'java.exe' : 'java';
}

export function javaExecutableIn(home: string, platform: NodeJS.Platform): string {
  const p = platform === 'win32' ? path.win32 : path.posix;
  return p.join(home, 'bin', javaExeName(platform));
}

function defaultIsExecutable(file: string): boolean {
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) return false;
    if (process.platform === 'win32') return true;
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The places to look, in order; `java` on PATH is resolved to the first executable found. */
export function javaCandidates(e: DiscoveryEnvironment): JavaCandidate[] {
  const isExecutable = e.isExecutable ?? defaultIsExecutable;
  const out: JavaCandidate[] = [];
  const setting = e.javaHomeSetting?.trim();
  if (setting) out.push({ source: 'setting', home: setting, executable: javaExecutableIn(setting, e.platform) });
  for (const name of ['JAVA_HOME', 'JDK_HOME'] as const) {
    const home = e.env[name]?.trim();
    if (home) out.push({ source: name, home, executable: javaExecutableIn(home, e.platform) });
  }
  const pathVar = e.env.PATH ?? e.env.Path ?? '';
  const delimiter = e.platform === 'win32' ? ';' : ':';
  const join = e.platform === 'win32' ? path.win32.join : path.posix.join;
  for (const dir of pathVar.split(delimiter)) {
    if (!dir) continue;
    const exe = join(dir, javaExeName(e.platform));
    if (isExecutable(exe)) {
      out.push({ source: 'PATH', executable: exe });
      break;
    }
  }
  // The same executable named twice (JAVA_HOME and JDK_HOME alike) is asked once.
  const seen = new Set<string>();
  return out.filter(c => {
    if (seen.has(c.executable)) return false;
    seen.add(c.executable);
    return true;
  });
}

/**
 * The feature release of a Java runtime from `-XshowSettings:properties -version` output:
 * `java.specification.version = 17` (or `1.8` for Java 8). Undefined when absent.
 */
export function parseJavaSpecVersion(output: string): number | undefined {
  const m = /^\s*java\.specification\.version\s*=\s*(\S+)\s*$/m.exec(output);
  if (!m) return undefined;
  const parts = m[1].split('.');
  const major = parts[0] === '1' && parts.length > 1 ? Number(parts[1]) : Number(parts[0]);
  return Number.isInteger(major) && major > 0 ? major : undefined;
}

/** java.home from the same output. */
export function parseJavaHome(output: string): string | undefined {
  const m = /^\s*java\.home\s*=\s*(.+?)\s*$/m.exec(output);
  return m?.[1];
}

export function probeJava(executable: string, timeoutMs = 15000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(executable, ['-XshowSettings:properties', '-version'], { timeout: timeoutMs, windowsHide: true },
      (error, stdout, stderr) => {
        const output = `${stdout}\n${stderr}`;
        // The properties are printed to stderr; a non-zero exit with them present still tells the version.
        if (error && !/java\.specification\.version/.test(output)) reject(error);
        else resolve(output);
      });
  });
}

/** The first candidate whose Java is at least `minVersion`, and why the others were passed over. */
export async function findJava(e: DiscoveryEnvironment, minVersion = MIN_JAVA_VERSION): Promise<DiscoveryResult> {
  const isExecutable = e.isExecutable ?? defaultIsExecutable;
  const probe = e.probe ?? probeJava;
  const rejected: RejectedCandidate[] = [];
  for (const c of javaCandidates(e)) {
    if (!isExecutable(c.executable)) {
      rejected.push({ ...c, reason: `${c.executable} does not exist or is not executable` });
      continue;
    }
    let output: string;
    try {
      output = await probe(c.executable);
    } catch (err) {
      rejected.push({ ...c, reason: `running ${c.executable} failed: ${(err as Error).message}` });
      continue;
    }
    const version = parseJavaSpecVersion(output);
    if (version === undefined) {
      rejected.push({ ...c, reason: `${c.executable} did not report java.specification.version` });
    } else if (version < minVersion) {
      rejected.push({ ...c, reason: `${c.executable} is Java ${version}; Java ${minVersion} or newer is needed` });
    } else {
      return { runtime: { ...c, version, javaHome: parseJavaHome(output) }, rejected };
    }
  }
  return { rejected };
}

/** One message that says what was tried and what to do, for the error notification. */
export function describeMissingJava(result: DiscoveryResult, minVersion = MIN_JAVA_VERSION): string {
  const tried = result.rejected.map(r => `${r.source}: ${r.reason}`);
  const head = `VMem needs Java ${minVersion} or newer to run its language server, and none was found.`;
  const how = `Install a JDK ${minVersion}+ and set "vmem.java.home" to its folder (or set JAVA_HOME, or put java on PATH).`;
  return tried.length ? `${head} Tried ${tried.join('; ')}. ${how}` : `${head} ${how}`;
}
