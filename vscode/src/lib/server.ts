// How the language server process is started. No `vscode` import: unit-tested in plain Node.
import * as path from 'node:path';

/** Where the packaging script puts the server jar inside the extension. */
export const SERVER_JAR = path.join('server', 'vmem.jar');

export interface ServerCommand {
  command: string;
  args: string[];
}

/**
 * Splits the vmem.server.vmargs setting into arguments the way a shell would for simple cases:
 * whitespace separates, single or double quotes group (`-Dx="a b"` gives `-Dx=a b`), a backslash
 * escapes the next character outside single quotes.
 */
export function splitVmargs(vmargs: string | undefined): string[] {
  const out: string[] = [];
  if (!vmargs) return out;
  let cur = '';
  let inArg = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < vmargs.length; i++) {
    const ch = vmargs[i];
    if (quote) {
      if (ch === quote) quote = undefined;
      else if (ch === '\\' && quote === '"' && i + 1 < vmargs.length) cur += vmargs[++i];
      else cur += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inArg = true;
    } else if (ch === '\\' && i + 1 < vmargs.length) {
      cur += vmargs[++i];
      inArg = true;
    } else if (/\s/.test(ch)) {
      if (inArg) out.push(cur);
      cur = '';
      inArg = false;
    } else {
      cur += ch;
      inArg = true;
    }
  }
  if (quote) throw new Error(`vmem.server.vmargs has an unclosed ${quote} quote: ${vmargs}`);
  if (inArg) out.push(cur);
  return out;
}

/**
 * JVM options the server starts with unless vmem.server.vmargs chooses otherwise: C1 only and the
 * serial collector. On a 2-core machine they take the cold start to first diagnostics from 3.0 s to
 * 1.7 s (docs/benchmarks.md, the recorded session); a warm engine run stays at 10-30 ms.
 */
export const DEFAULT_VMARGS = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'] as const;

/** True when `arg` picks the JIT tiers, or picks a collector (two collectors stop the JVM). */
function overrides(defaultArg: string, arg: string): boolean {
  if (defaultArg.startsWith('-XX:TieredStopAtLevel')) return /^-XX:(TieredStopAtLevel=|[+-]TieredCompilation$)/.test(arg);
  return /^-XX:[+-]Use\w*GC$/.test(arg);
}

/**
 * `java [defaults] [vmargs] -jar <jar>`: the server speaks LSP on stdin/stdout when given no
 * arguments. A default is left out when vmargs sets the same thing.
 */
export function serverCommand(javaExecutable: string, jarPath: string, vmargs: string | undefined): ServerCommand {
  const args = splitVmargs(vmargs);
  const misplaced = args.find(a => a === '-jar' || a === '-cp' || a === '-classpath' || a === '--class-path');
  if (misplaced) throw new Error(`vmem.server.vmargs must hold JVM options only, not ${misplaced}`);
  const defaults = DEFAULT_VMARGS.filter(d => !args.some(a => overrides(d, a)));
  return { command: javaExecutable, args: [...defaults, ...args, '-jar', jarPath] };
}
