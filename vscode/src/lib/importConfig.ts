// Importing and checking VMM configurations (Firecracker, Cloud Hypervisor, libvirt, QEMU) with the
// jar's `vmem import --from …` and `vmem check --from … --format json`: which format a file looks
// like, the command lines, reading the jar's answers, writing the .vmem without ever leaving a
// partial file, and a per-file debounce for checks on save. No `vscode` import: unit-tested in plain Node.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ServerCommand } from './server';

export type VmmFormat = 'firecracker' | 'cloud-hypervisor' | 'libvirt' | 'qemu';

/** The formats in the order the quick pick lists them, with the `--from` value as id. */
export const VMM_FORMATS: readonly { id: VmmFormat; label: string; detail: string }[] = [
  { id: 'firecracker', label: 'Firecracker', detail: '--config-file JSON or an API body (machine-config, boot-source, …)' },
  { id: 'cloud-hypervisor', label: 'Cloud Hypervisor', detail: 'command line (--memory, --memory-zone, …) or the VmConfig JSON of its HTTP API' },
  { id: 'libvirt', label: 'libvirt', detail: 'domain XML (<domain> root)' },
  { id: 'qemu', label: 'QEMU', detail: 'command line or argument file (qemu-system-…, -machine, -object memory-backend-…)' },
];

/** File name endings the import command is offered for in the explorer and editor menus. */
export const CONFIG_EXTENSIONS = ['.json', '.xml', '.args', '.sh', '.txt', '.cmdline'] as const;

/** The guess reads at most this much of a file: a configuration says what it is near its start. */
export const GUESS_LIMIT = 1 << 20;

export function isConfigFileName(file: string): boolean {
  const ext = path.extname(file).toLowerCase();
  return (CONFIG_EXTENSIONS as readonly string[]).includes(ext);
}

/** The top-level keys of a JSON object text, or undefined when it does not parse as one. */
function topLevelKeys(text: string): string[] | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Which VMM a configuration text is for, or undefined when it looks like none:
 * - JSON (first character `{`): Firecracker when it has `machine-config` or `boot-source`; Cloud
 *   Hypervisor when it has `payload`, or both `cpus` and `memory`. The keys are read at the top level
 *   when the text parses, anywhere when it does not (a file being edited is often broken).
 * - XML (first character `<`): libvirt when the root element is `<domain>`.
 * - otherwise a command line: QEMU when it names `qemu-system…`, Cloud Hypervisor when it names
 *   `cloud-hypervisor`; failing both, `-machine` or `-object memory-backend-…` means QEMU (an
 *   argument file names no program) and `--memory` Cloud Hypervisor.
 */
export function guessFormat(fullText: string): VmmFormat | undefined {
  const text = (fullText.length > GUESS_LIMIT ? fullText.slice(0, GUESS_LIMIT) : fullText).replace(/^\uFEFF/, '');
  const start = text.trimStart();
  if (start.startsWith('{')) {
    const keys = topLevelKeys(text);
    const has = keys
      ? (k: string) => keys.includes(k)
      : (k: string) => new RegExp(`"${k}"\\s*:`).test(text);
    if (has('machine-config') || has('boot-source')) return 'firecracker';
    if (has('payload') || (has('cpus') && has('memory'))) return 'cloud-hypervisor';
    return undefined;
  }
  if (start.startsWith('<')) {
    // Skip the XML declaration, processing instructions, comments and a DOCTYPE to the root element.
    const body = start.replace(/^(?:\s*(?:<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>))*\s*/i, '');
    return /^<domain[\s>/]/.test(body) ? 'libvirt' : undefined;
  }
  if (/(?:^|[\s/'"=])qemu-system[-\w]*/m.test(text)) return 'qemu';
  if (/(?:^|[\s/'"=])cloud-hypervisor(?:\s|$|['"])/m.test(text)) return 'cloud-hypervisor';
  if (/(?:^|[\s'"])-machine(?:[\s=]|$)/m.test(text) || /(?:^|[\s'"])-object\s+['"]?memory-backend-/m.test(text)) return 'qemu';
  if (/(?:^|[\s'"])--memory(?:[\s=-]|$)/m.test(text)) return 'cloud-hypervisor';
  return undefined;
}

/** The .vmem written beside a source: `vm.json` gives `vm.vmem`, `qemu-cmdline` gives `qemu-cmdline.vmem`. */
export function outputPathFor(source: string): string {
  const ext = path.extname(source);
  return (ext ? source.slice(0, -ext.length) : source) + '.vmem';
}

/** A `--kernel` value as typed: empty means none; a profile is one word (6.18, host, 6.18-rc3, …). */
export function normalizeKernel(input: string | null | undefined): { kernel?: string; problem?: string } {
  const k = input?.trim();
  if (!k) return {};
  if (!/^[A-Za-z0-9][A-Za-z0-9._+-]*$/.test(k)) return { problem: `"${k}" is not a kernel profile (e.g. 6.18 or host)` };
  return { kernel: k };
}

/** `import --from FORMAT FILE [--kernel PROFILE] -o OUT`. */
export function importArguments(format: VmmFormat, source: string, output: string, kernel?: string): string[] {
  return ['import', '--from', format, source, ...(kernel ? ['--kernel', kernel] : []), '-o', output];
}

/** `check --from FORMAT --format json FILE`. */
export function checkArguments(format: VmmFormat, file: string): string[] {
  return ['check', '--from', format, '--format', 'json', file];
}

/**
 * The jar's command line for a CLI command: the language server's own (`java [JVM options] -jar
 * vmem.jar`, from serverCommand) with the command's arguments after the jar.
 */
export function vmemCommand(base: ServerCommand, args: readonly string[]): ServerCommand {
  return { command: base.command, args: [...base.args, ...args] };
}

/** `FILE:LINE:COL: error: message`, the one line the jar prints for bad input (1-based). */
export interface ErrorLine {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** The first `FILE:LINE:COL[ (POINTER)]: error: message` line of the jar's stderr; the file may hold colons. */
export function parseErrorLine(stderr: string): ErrorLine | undefined {
  for (const raw of stderr.split(/\r?\n/)) {
    // The jar names the place in the configuration after the column: FILE:LINE:COL (POINTER): error: …
    const m = /^(.+?):(\d+):(\d+)(?: \([^)]*\))?: error: (.*)$/.exec(raw.trim());
    if (!m) continue;
    const line = Number(m[2]);
    const column = Number(m[3]);
    if (line < 1 || column < 1) continue;
    return { file: m[1], line, column, message: m[4] };
  }
  return undefined;
}

export type FindingSeverity = 'error' | 'warning' | 'info';

/** 0-based, end exclusive, as editors count. */
export interface ZeroRange {
  startLine: number;
  startCharacter: number;
  endLine: number;
  endCharacter: number;
}

export interface RelatedFinding {
  message: string;
  path?: string;
  range: ZeroRange;
}

/** A finding of `check --from … --format json`, ready to become a diagnostic. */
export interface ConfigFinding {
  code?: string;
  severity: FindingSeverity;
  message: string;
  range: ZeroRange;
  related: RelatedFinding[];
}

function positive(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 ? v : undefined;
}

/** A 1-based, end-exclusive span (the CLI's JSON) as a 0-based range; a missing or inverted end is the start. */
export function toZeroRange(o: { line?: unknown; column?: unknown; endLine?: unknown; endColumn?: unknown }): ZeroRange {
  const line = positive(o.line) ?? 1;
  const column = positive(o.column) ?? 1;
  let endLine = positive(o.endLine) ?? line;
  let endColumn = positive(o.endColumn) ?? column;
  if (endLine < line || (endLine === line && endColumn < column)) {
    endLine = line;
    endColumn = column;
  }
  return { startLine: line - 1, startCharacter: column - 1, endLine: endLine - 1, endCharacter: endColumn - 1 };
}

function severityOf(v: unknown): FindingSeverity {
  const s = typeof v === 'string' ? v.toLowerCase() : '';
  if (s === 'error' || s === 'warning') return s;
  if (s === 'info' || s === 'note' || s === 'information' || s === 'hint') return 'info';
  return 'error';
}

/**
 * The findings for `file` in the JSON of `check --format json`: `{"files":[{"path","findings":[…]}]}`.
 * A file entry belongs to `file` when its path (resolved against `cwd`) is `file`, or when it is the
 * only entry. Undefined when the text is not that JSON.
 */
export function parseCheckFindings(stdout: string, file: string, cwd = path.dirname(file)): ConfigFinding[] | undefined {
  let root: unknown;
  try {
    root = JSON.parse(stdout);
  } catch {
    return undefined;
  }
  const files = (root as { files?: unknown } | null)?.files;
  if (!Array.isArray(files)) return undefined;
  const target = path.resolve(file);
  const entries = files.filter((f): f is { path?: unknown; findings?: unknown } => f !== null && typeof f === 'object');
  const mine = entries.filter(f => typeof f.path === 'string' && path.resolve(cwd, f.path) === target);
  const chosen = mine.length ? mine : entries.length === 1 ? entries : [];
  const out: ConfigFinding[] = [];
  for (const f of chosen) {
    if (!Array.isArray(f.findings)) continue;
    for (const raw of f.findings) {
      if (raw === null || typeof raw !== 'object') continue;
      const n = raw as Record<string, unknown>;
      const related: RelatedFinding[] = [];
      if (Array.isArray(n.related)) {
        for (const r of n.related) {
          if (r === null || typeof r !== 'object') continue;
          const rr = r as Record<string, unknown>;
          related.push({
            message: typeof rr.message === 'string' ? rr.message : '',
            path: typeof rr.path === 'string' ? path.resolve(cwd, rr.path) : undefined,
            range: toZeroRange(rr),
          });
        }
      }
      out.push({
        code: typeof n.code === 'string' && n.code ? n.code : undefined,
        severity: severityOf(n.severity),
        message: typeof n.message === 'string' ? n.message : String(n.message ?? ''),
        range: toZeroRange(n),
        related,
      });
    }
  }
  return out;
}

/** What a process run gave: its exit code (null when killed or not started), output and spawn error. */
export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Set when the process could not be started, timed out or was aborted. */
  error?: Error;
}

export interface RunOptions {
  cwd?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export type Runner = (command: string, args: readonly string[], options: RunOptions) => Promise<RunResult>;

/** Output beyond this is cut (and the process killed): findings of one file never come near it. */
export const MAX_OUTPUT = 16 * 1024 * 1024;

/** Runs a command without a shell and collects its output; never rejects. */
export const runProcess: Runner = (command, args, options) => new Promise(resolve => {
  execFile(command, [...args], {
    cwd: options.cwd,
    timeout: options.timeoutMs ?? 0,
    signal: options.signal,
    maxBuffer: MAX_OUTPUT,
    windowsHide: true,
    encoding: 'utf8',
  }, (error, stdout, stderr) => {
    if (!error) {
      resolve({ code: 0, stdout, stderr });
      return;
    }
    const e = error as NodeJS.ErrnoException & { code?: unknown; killed?: boolean };
    const code = typeof e.code === 'number' ? e.code : null;
    // A non-zero exit is an answer, not a failure to run.
    resolve(code !== null && !e.killed ? { code, stdout, stderr } : { code, stdout, stderr, error: e });
  });
});

/** What the check of one file gave. */
export type CheckOutcome =
  | { kind: 'findings'; findings: ConfigFinding[] }
  | { kind: 'failed'; message: string };

/**
 * Reads `check --from … --format json`: exit 0 (nothing at or above --fail-on) and 1 (findings)
 * give the JSON; exit 2 (bad input) gives the JSON when the jar wrote one, else its
 * `FILE:LINE:COL: error:` line as a finding; anything else is a failure to report, not findings.
 */
export function checkOutcome(result: RunResult, file: string, cwd = path.dirname(file)): CheckOutcome {
  if (result.error && result.code === null) return { kind: 'failed', message: `could not run the check: ${result.error.message}` };
  if (result.code === 0 || result.code === 1 || result.code === 2) {
    const findings = parseCheckFindings(result.stdout, file, cwd);
    if (findings) return { kind: 'findings', findings };
    if (result.code === 2) {
      const e = parseErrorLine(result.stderr);
      if (e) {
        const elsewhere = path.resolve(cwd, e.file) !== path.resolve(file);
        return {
          kind: 'findings',
          findings: [{
            severity: 'error',
            message: elsewhere ? `${e.file}:${e.line}:${e.column}: ${e.message}` : e.message,
            range: elsewhere ? toZeroRange({}) : toZeroRange({ line: e.line, column: e.column }),
            related: [],
          }],
        };
      }
    }
    return { kind: 'failed', message: `the check (exit ${result.code}) gave no findings JSON${tail(result.stderr)}` };
  }
  return { kind: 'failed', message: `the check failed (exit ${result.code ?? 'none'})${tail(result.stderr)}` };
}

function tail(stderr: string): string {
  const t = stderr.trim();
  if (!t) return '';
  const lines = t.split(/\r?\n/);
  return `: ${lines.slice(-5).join(' | ')}`;
}

export type ImportOutcome =
  | { kind: 'written'; output: string }
  | { kind: 'cancelled' }
  /** Exit 2: the configuration is wrong; `error` is the jar's error line when it printed one. */
  | { kind: 'bad-input'; error?: ErrorLine; stderr: string }
  | { kind: 'failed'; message: string; stderr: string };

export interface ImportRequest {
  /** The jar's base command (java, JVM options, -jar, the jar). */
  base: ServerCommand;
  format: VmmFormat;
  /** Absolute path of the configuration. */
  source: string;
  kernel?: string;
  /** Defaults to outputPathFor(source). */
  output?: string;
  /** Asked when the output exists; false keeps the file and cancels. */
  confirmOverwrite: (output: string) => Promise<boolean>;
  run?: Runner;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** A hidden file beside `output`, so the final rename stays on one file system. */
export function temporaryOutputFor(output: string): string {
  return path.join(path.dirname(output), `.${path.basename(output, '.vmem')}.${process.pid}-${randomBytes(4).toString('hex')}.import.vmem`);
}

function removeQuietly(file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    // Nothing to clean up, or not ours to remove.
  }
}

/**
 * Runs `import` into a temporary file beside the output and renames it over the output only on exit
 * 0, so a failed, killed or cancelled import leaves neither a partial file nor a changed output. An
 * existing output is replaced only after `confirmOverwrite` says yes.
 */
export async function importConfiguration(req: ImportRequest): Promise<ImportOutcome> {
  const output = req.output ?? outputPathFor(req.source);
  if (fs.existsSync(output) && !(await req.confirmOverwrite(output))) return { kind: 'cancelled' };
  const temporary = temporaryOutputFor(output);
  const run = req.run ?? runProcess;
  const cmd = vmemCommand(req.base, importArguments(req.format, req.source, temporary, req.kernel));
  let result: RunResult;
  try {
    result = await run(cmd.command, cmd.args, { cwd: path.dirname(req.source), timeoutMs: req.timeoutMs ?? 120000, signal: req.signal });
  } catch (e) {
    removeQuietly(temporary);
    return { kind: 'failed', message: `could not run the import: ${(e as Error).message}`, stderr: '' };
  }
  if (result.code !== 0 || result.error) removeQuietly(temporary);
  if (req.signal?.aborted) return { kind: 'cancelled' };
  if (result.error && result.code === null) {
    return { kind: 'failed', message: `the import did not finish: ${result.error.message}`, stderr: result.stderr };
  }
  if (result.code === 2) {
    const error = parseErrorLine(result.stderr);
    return error ? { kind: 'bad-input', error, stderr: result.stderr } : { kind: 'bad-input', stderr: result.stderr };
  }
  if (result.code !== 0) {
    return { kind: 'failed', message: `the import failed (exit ${result.code})${tail(result.stderr)}`, stderr: result.stderr };
  }
  if (!fs.existsSync(temporary)) {
    return { kind: 'failed', message: 'the import ended without writing a file', stderr: result.stderr };
  }
  try {
    fs.renameSync(temporary, output);
  } catch (e) {
    removeQuietly(temporary);
    return { kind: 'failed', message: `could not write ${output}: ${(e as Error).message}`, stderr: result.stderr };
  }
  return { kind: 'written', output };
}

export interface Timers {
  setTimeout: (f: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
}

const realTimers: Timers = {
  setTimeout: (f, ms) => setTimeout(f, ms),
  clearTimeout: h => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/**
 * Per-key debounce that never runs one key twice at once: `schedule` (re)starts the key's timer;
 * when it fires while the key's previous run is still going, one more run follows that run.
 * `cancel` drops the timer and any follow-up and aborts the running one (its signal fires).
 */
export class CheckScheduler {
  private readonly timers = new Map<string, unknown>();
  private readonly running = new Map<string, AbortController>();
  private readonly again = new Set<string>();

  constructor(
    private readonly delayMs: number,
    private readonly task: (key: string, signal: AbortSignal) => Promise<void>,
    private readonly clock: Timers = realTimers,
  ) {}

  schedule(key: string): void {
    const t = this.timers.get(key);
    if (t !== undefined) this.clock.clearTimeout(t);
    this.timers.set(key, this.clock.setTimeout(() => {
      this.timers.delete(key);
      this.fire(key);
    }, this.delayMs));
  }

  cancel(key: string): void {
    const t = this.timers.get(key);
    if (t !== undefined) this.clock.clearTimeout(t);
    this.timers.delete(key);
    this.again.delete(key);
    this.running.get(key)?.abort();
  }

  cancelAll(): void {
    for (const key of new Set([...this.timers.keys(), ...this.running.keys()])) this.cancel(key);
  }

  isRunning(key: string): boolean {
    return this.running.has(key);
  }

  private fire(key: string): void {
    if (this.running.has(key)) {
      this.again.add(key);
      return;
    }
    const controller = new AbortController();
    this.running.set(key, controller);
    void this.task(key, controller.signal).catch(() => undefined).finally(() => {
      if (this.running.get(key) === controller) this.running.delete(key);
      if (this.again.delete(key)) this.fire(key);
    });
  }
}
