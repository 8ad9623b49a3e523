// Class-data sharing for the language server (docs/benchmarks.md#class-data-sharing), as ./vmem does it:
// an archive of the classes a cold start loads, one per server jar and JVM, in the user's cache. When it
// exists the server maps it (-XX:SharedArchiveFile); when it does not, a niced training run of the jar
// (java -XX:DumpLoadedClassList=… -jar vmem.jar --train-class-data) lists the classes a start loads and the JVM
// dumps them into a static archive (java -Xshare:dump -XX:SharedClassListFile=…), in the background, and the
// server starts without it. A static archive, unlike -XX:ArchiveClassesAtExit, also holds EMF's and log4j's
// pre-Java 6 classes and every class that extends them. A stale, foreign or damaged archive only costs the JVM's check of its header.
// A truncated one crashes Java 17 at start instead (SIGBUS), so an archive is used only when its size is the one written
// beside it (ARCHIVE.size) after it was renamed into place; anything else is not used and is made again.
// The JVM's own log goes to standard error, never into the protocol on standard output.
// No `vscode` import: unit-tested in plain Node.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Keeps the JVM's unified log (e.g. an unusable archive's warning) off standard output, the protocol's channel. */
export const LOG_TO_STDERR = ['-Xlog:disable', '-Xlog:all=warning:stderr'] as const;

/** The hidden argument of vmem.jar that runs the training (ClassDataTraining.ARGUMENT). */
export const TRAINING_ARGUMENT = '--train-class-data';

export interface ClassDataInput {
  javaExecutable: string;
  /** java.home as the runtime reports it, when known: its libjvm identifies the JVM. */
  javaHome?: string;
  /** The feature release (17, 25, ...). */
  javaVersion: number;
  jarPath: string;
  /** The user's vmem.server.vmargs, split: an explicit -Xshare or archive option turns this off. */
  vmargs: readonly string[];
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  /** Size and modification time of a file, or undefined when it is missing; replaceable in tests. */
  stat?: (file: string) => { size: number; mtimeMs: number } | undefined;
  /** A small file's text, or undefined when it cannot be read; replaceable in tests. */
  readText?: (file: string) => string | undefined;
  homedir?: string;
}

export interface ClassDataPlan {
  /** JVM options for the server, before the user's vmargs. */
  args: string[];
  /** The archive's path, when class-data sharing applies. */
  archive?: string;
  /**
   * When the archive is missing: the training command to run in the background, then (when it succeeds) the same
   * command with `dump`, which writes `temporary`; `classList` is the training's output, removed at the end.
   */
  training?: { command: string; args: string[]; temporary: string; dump?: string[]; classList?: string };
}

function defaultStat(file: string): { size: number; mtimeMs: number } | undefined {
  try {
    const s = fs.statSync(file);
    return { size: s.size, mtimeMs: Math.floor(s.mtimeMs) };
  } catch {
    return undefined;
  }
}

function defaultReadText(file: string): string | undefined {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const buffer = Buffer.alloc(32);
      return buffer.toString('utf8', 0, fs.readSync(fd, buffer, 0, buffer.length, 0));
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return undefined;
  }
}

/** Beside an archive: its size in bytes, written after the archive was renamed into place. */
export const SIZE_SUFFIX = '.size';

/** True when the archive exists and its size is the one written beside it (decimal digits and a newline). */
export function archiveIsWhole(archive: string, stat: (file: string) => { size: number } | undefined,
  readText: (file: string) => string | undefined): boolean {
  const s = stat(archive);
  const text = readText(archive + SIZE_SUFFIX);
  if (!s || text === undefined || !/^[0-9]+\n?$/.test(text)) return false;
  return Number(text.trim()) === s.size;
}

/** `${XDG_CACHE_HOME:-~/.cache}/vmem`, or `%LOCALAPPDATA%\vmem\cache` on Windows. */
export function cacheDirectory(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, homedir: string): string | undefined {
  if (platform === 'win32') return env.LOCALAPPDATA ? path.win32.join(env.LOCALAPPDATA, 'vmem', 'cache') : undefined;
  if (env.XDG_CACHE_HOME) return path.posix.join(env.XDG_CACHE_HOME, 'vmem');
  return homedir ? path.posix.join(homedir, '.cache', 'vmem') : undefined;
}

/** True when vmargs already decide about class-data sharing or the JVM's log. */
function userDecides(vmargs: readonly string[]): boolean {
  return vmargs.some(a => /^-Xshare:|^-XX:(SharedArchiveFile|ArchiveClassesAtExit|[+-]AutoCreateSharedArchive)/.test(a));
}

/**
 * Maps the archive where it was made instead of at a random address (Java 17.0.x's and 20+'s default), which rewrites
 * every pointer in its 40 MB: about 20 ms of each start. A diagnostic option that Java 17 to 25 have (a JVM without it
 * would refuse to start, so none for later releases); if the address is taken the JVM relocates as usual.
 */
export function mapInPlace(javaVersion: number): string[] {
  return javaVersion >= 17 && javaVersion <= 25 ? ['-XX:+UnlockDiagnosticVMOptions', '-XX:ArchiveRelocationMode=0'] : [];
}

/** What to add to the server's command line, and whether to train an archive. */
export function planClassData(input: ClassDataInput): ClassDataPlan {
  const stat = input.stat ?? defaultStat;
  const none: ClassDataPlan = { args: [...LOG_TO_STDERR] };
  if (input.env.VMEM_CDS === 'off' || userDecides(input.vmargs)) return none;
  const cache = cacheDirectory(input.env, input.platform, input.homedir ?? os.homedir());
  const jar = stat(input.jarPath);
  if (!cache || !jar) return none;
  const p = input.platform === 'win32' ? path.win32 : path.posix;
  const libs = input.javaHome
    ? ['lib/server/libjvm.so', 'lib/server/libjvm.dylib', 'bin/server/jvm.dll'].map(l => p.join(input.javaHome!, l))
    : [];
  const jvm = [...libs, input.javaExecutable].map(f => ({ f, s: stat(f) })).find(x => x.s !== undefined);
  const key = createHash('sha256')
    .update(JSON.stringify([input.jarPath, jar.size, jar.mtimeMs, input.javaExecutable, input.javaVersion,
      jvm?.f, jvm?.s?.size, jvm?.s?.mtimeMs]))
    .digest('hex').slice(0, 16);
  const archive = p.join(cache, `vscode-${key}.jsa`);
  // With the classes mapped, the server's warm-up only creates the language's injector (VMemLanguageServerLauncher).
  if (archiveIsWhole(archive, stat, input.readText ?? defaultReadText)) {
    return { args: [`-XX:SharedArchiveFile=${archive}`, '-Xshare:auto', '-Dvmem.warmUp=injector', ...mapInPlace(input.javaVersion), ...LOG_TO_STDERR], archive };
  }
  const temporary = `${archive}.${process.pid}.tmp`;
  const classList = `${archive}.${process.pid}.classlist`;
  return {
    args: [...LOG_TO_STDERR],
    archive,
    training: {
      command: input.javaExecutable,
      args: [`-XX:DumpLoadedClassList=${classList}`, '-Xlog:disable', '-jar', input.jarPath, TRAINING_ARGUMENT],
      dump: ['-Xshare:dump', `-XX:SharedClassListFile=${classList}`, `-XX:SharedArchiveFile=${temporary}`, '-Xlog:disable',
        '-cp', input.jarPath],
      temporary,
      classList,
    },
  };
}

/**
 * Runs the plan's training in the background, once at a time per archive (a lock folder beside it), at the
 * lowest priority; renames the archive into place when the run succeeds, then writes its size beside it
 * (ARCHIVE.size, what planClassData checks before using it). Never throws: without an archive
 * the server only starts slower. `done` is called at the end (tests, logging).
 */
export function train(plan: ClassDataPlan, done?: (ok: boolean) => void): void {
  const t = plan.training;
  if (!t || !plan.archive) { done?.(false); return; }
  const archive = plan.archive;
  const lock = archive + '.lock';
  try {
    fs.mkdirSync(path.dirname(archive), { recursive: true });
    try {
      if (Date.now() - fs.statSync(lock).mtimeMs > 10 * 60 * 1000) fs.rmdirSync(lock); // left over from a crash
    } catch { /* no lock */ }
    fs.mkdirSync(lock);
  } catch {
    done?.(false);
    return;
  }
  const finish = (ok: boolean) => {
    try {
      if (ok && fs.statSync(t.temporary).size > 0) {
        fs.rmSync(archive + SIZE_SUFFIX, { force: true });
        fs.renameSync(t.temporary, archive);
        const sizeFile = `${archive}${SIZE_SUFFIX}.${process.pid}`;
        fs.writeFileSync(sizeFile, `${fs.statSync(archive).size}\n`);
        fs.renameSync(sizeFile, archive + SIZE_SUFFIX);
      } else ok = false;
    } catch { ok = false; }
    for (const f of [t.temporary, t.classList, `${archive}${SIZE_SUFFIX}.${process.pid}`]) {
      try { if (f) fs.rmSync(f, { force: true }); } catch { /* gone */ }
    }
    try { fs.rmdirSync(lock); } catch { /* gone */ }
    done?.(ok);
  };
  const run = (args: string[], then: (ok: boolean) => void) => {
    try {
      const child = spawn(t.command, args, { stdio: 'ignore', detached: false, windowsHide: true });
      try { if (child.pid) os.setPriority(child.pid, 19); } catch { /* not allowed: normal priority */ }
      child.on('error', () => then(false));
      child.on('exit', code => then(code === 0));
    } catch {
      then(false);
    }
  };
  const dump = t.dump;
  run(t.args, ok => {
    if (!ok || !dump) { finish(ok); return; }
    run(dump, finish);
  });
}
