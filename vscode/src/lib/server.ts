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

/** `java [vmargs] -jar <jar>`: the server speaks LSP on stdin/stdout when given no arguments. */
export function serverCommand(javaExecutable: string, jarPath: string, vmargs: string | undefined): ServerCommand {
  const args = splitVmargs(vmargs);
  const misplaced = args.find(a => a === '-jar' || a === '-cp' || a === '-classpath' || a === '--class-path');
  if (misplaced) throw new Error(`vmem.server.vmargs must hold JVM options only, not ${misplaced}`);
  return { command: javaExecutable, args: [...args, '-jar', jarPath] };
}
