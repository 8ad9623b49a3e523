// VMM configurations in VS Code: the "VMem: Import VMM configuration…" command (the jar's
// `import --from …`, the .vmem written beside the source and opened) and, under
// vmem.checkVmmConfigurations, the jar's `check --from … --format json` findings as diagnostics in
// the configuration file itself. The logic that needs no editor is in ./lib/importConfig.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  CheckScheduler,
  checkArguments,
  checkOutcome,
  type ConfigFinding,
  guessFormat,
  GUESS_LIMIT,
  importConfiguration,
  isConfigFileName,
  normalizeKernel,
  outputPathFor,
  runProcess,
  vmemCommand,
  VMM_FORMATS,
  type VmmFormat,
  type ZeroRange,
} from './lib/importConfig';
import { describeMissingJava, findJava, type JavaRuntime } from './lib/java';
import { SERVER_JAR, type ServerCommand, serverCommand } from './lib/server';
import { applySeverityOverrides, normalizeSeverity } from './lib/settings';

export const IMPORT_COMMAND = 'vmem.importConfiguration';
const CHECK_SETTING = 'vmem.checkVmmConfigurations';
/** After a save, wait this long for more saves before checking. */
const CHECK_DEBOUNCE_MS = 400;
const CHECK_TIMEOUT_MS = 60000;

type Launch = { base: ServerCommand } | { problem: string; settingKey?: string };

/** The jar's command line, with the Java the language server would use (found once per vmem.java.home). */
class JarLauncher {
  private cached: { setting: string; java: JavaRuntime } | undefined;

  constructor(private readonly context: vscode.ExtensionContext, private readonly output: vscode.LogOutputChannel) {}

  forget(): void {
    this.cached = undefined;
  }

  async base(): Promise<Launch> {
    const jar = this.context.asAbsolutePath(SERVER_JAR);
    if (!fs.existsSync(jar)) return { problem: `The VMem extension is incomplete: ${jar} is missing. Reinstall the extension.` };
    const c = vscode.workspace.getConfiguration('vmem');
    const setting = c.get<string | null>('java.home') ?? '';
    if (this.cached?.setting !== setting) {
      const found = await findJava({ javaHomeSetting: setting || undefined, env: process.env, platform: process.platform });
      if (!found.runtime) return { problem: describeMissingJava(found), settingKey: 'vmem.java.home' };
      this.cached = { setting, java: found.runtime };
    }
    try {
      return { base: serverCommand(this.cached.java.executable, jar, c.get<string | null>('server.vmargs') ?? undefined) };
    } catch (e) {
      return { problem: (e as Error).message, settingKey: 'vmem.server.vmargs' };
    }
  }

  log(command: ServerCommand): void {
    this.output.info(`Running: ${[command.command, ...command.args].join(' ')}`);
  }
}

export function registerVmmConfig(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): void {
  const launcher = new JarLauncher(context, output);
  const checks = new ConfigChecks(launcher, output);
  context.subscriptions.push(
    vscode.commands.registerCommand('vmem.importConfiguration', (uri?: vscode.Uri) => importCommand(launcher, output, uri)),
    checks,
    vscode.workspace.onDidChangeConfiguration(e => {
      if (e.affectsConfiguration('vmem.java.home')) launcher.forget();
      if (e.affectsConfiguration(CHECK_SETTING) || e.affectsConfiguration('vmem.severity')) checks.settingChanged();
    }),
  );
  checks.settingChanged();
}

function readHead(file: string): string {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(Math.min(GUESS_LIMIT, Math.max(0, fs.fstatSync(fd).size)));
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n).toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}

async function pickSource(uri: vscode.Uri | undefined): Promise<vscode.Uri | undefined> {
  if (uri?.scheme === 'file') return uri;
  const active = vscode.window.activeTextEditor?.document;
  if (!uri && active?.uri.scheme === 'file' && active.languageId !== 'vmem') return active.uri;
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    openLabel: 'Import',
    title: 'VMem: VMM configuration to import',
    filters: { 'VMM configurations': ['json', 'xml', 'args', 'sh', 'txt', 'cmdline'], 'All files': ['*'] },
  });
  return picked?.[0];
}

function pickFormat(guess: VmmFormat | undefined, name: string): Promise<VmmFormat | undefined> {
  type Item = vscode.QuickPickItem & { id: VmmFormat };
  const items: Item[] = VMM_FORMATS.map(f => ({ id: f.id, label: f.label, description: f.id === guess ? 'guessed from the file' : undefined, detail: f.detail }));
  const qp = vscode.window.createQuickPick<Item>();
  qp.title = `VMem: import ${name}`;
  qp.placeholder = guess ? 'Format of the configuration (Enter takes the guess)' : 'Format of the configuration (not recognised from its content)';
  qp.items = items;
  const guessed = items.find(i => i.id === guess);
  if (guessed) qp.activeItems = [guessed];
  return new Promise(resolve => {
    let chosen: VmmFormat | undefined;
    qp.onDidAccept(() => {
      chosen = qp.selectedItems[0]?.id ?? qp.activeItems[0]?.id;
      qp.hide();
    });
    qp.onDidHide(() => {
      qp.dispose();
      resolve(chosen);
    });
    qp.show();
  });
}

async function importCommand(launcher: JarLauncher, output: vscode.LogOutputChannel, target?: vscode.Uri): Promise<void> {
  const uri = await pickSource(target);
  if (!uri) return;
  const source = uri.fsPath;
  const open = vscode.workspace.textDocuments.find(d => d.uri.toString() === uri.toString());
  if (open?.isDirty && !(await open.save())) {
    void vscode.window.showWarningMessage(`VMem: ${path.basename(source)} has unsaved changes; save it to import it.`);
    return;
  }
  let head: string;
  try {
    head = readHead(source);
  } catch (e) {
    void vscode.window.showErrorMessage(`VMem: cannot read ${source}: ${(e as Error).message}`);
    return;
  }
  const format = await pickFormat(guessFormat(head), path.basename(source));
  if (!format) return;

  const defaultProfile = vscode.workspace.getConfiguration('vmem', uri).get<string | null>('kernel.defaultProfile')?.trim() ?? '';
  const kernelInput = await vscode.window.showInputBox({
    title: `VMem: import ${path.basename(source)} as ${VMM_FORMATS.find(f => f.id === format)?.label ?? format}`,
    placeHolder: 'empty: the importer\'s default kernel profile',
    prompt: 'Kernel profile (--kernel): a version such as 6.18, or host for the kernel of this machine; empty for the importer\'s default',
    value: defaultProfile,
    validateInput: v => normalizeKernel(v).problem,
  });
  if (kernelInput === undefined) return;
  const { kernel } = normalizeKernel(kernelInput);

  const launch = await launcher.base();
  if (!('base' in launch)) {
    output.error(launch.problem);
    const actions = launch.settingKey ? ['Open Settings'] : [];
    void vscode.window.showErrorMessage(launch.problem, ...actions)
      .then(a => a && launch.settingKey && vscode.commands.executeCommand('workbench.action.openSettings', launch.settingKey));
    return;
  }
  const target0 = outputPathFor(source);
  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `VMem: importing ${path.basename(source)}`, cancellable: true },
    (_progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      return importConfiguration({
        base: launch.base,
        format,
        source,
        kernel,
        output: target0,
        signal: abort.signal,
        confirmOverwrite: async out => (await vscode.window.showWarningMessage(
          `${path.basename(out)} already exists. Replace it with the import of ${path.basename(source)}?`,
          { modal: true }, 'Replace')) === 'Replace',
        run: (command, args, options) => {
          launcher.log({ command, args: [...args] });
          return runProcess(command, args, options);
        },
      });
    },
  );

  switch (outcome.kind) {
    case 'cancelled':
      return;
    case 'written':
      output.info(`Imported ${source} (${format}${kernel ? `, kernel ${kernel}` : ''}) into ${outcome.output}`);
      await vscode.window.showTextDocument(vscode.Uri.file(outcome.output), { preview: false });
      return;
    case 'bad-input': {
      if (outcome.stderr.trim()) output.error(outcome.stderr.trim());
      const e = outcome.error;
      if (!e) {
        // A usage error (e.g. a jar without `import --from`) has no position: show what the jar said.
        const said = outcome.stderr.trim().split(/\r?\n/)[0] || 'the importer refused it (exit 2)';
        void vscode.window.showErrorMessage(`VMem: importing ${path.basename(source)} failed: ${said} (nothing was written)`, 'Show Output')
          .then(a => a && output.show(true));
        return;
      }
      const where = path.resolve(path.dirname(source), e.file);
      const a = await vscode.window.showErrorMessage(`VMem: ${path.basename(where)}:${e.line}:${e.column}: ${e.message} (nothing was written)`, 'Open Source');
      if (a === 'Open Source') {
        const pos = new vscode.Position(e.line - 1, e.column - 1);
        await vscode.window.showTextDocument(vscode.Uri.file(fs.existsSync(where) ? where : source), { selection: new vscode.Range(pos, pos) });
      }
      return;
    }
    case 'failed':
      output.error(`Import of ${source} failed: ${outcome.message}`);
      if (outcome.stderr.trim()) output.error(outcome.stderr.trim());
      void vscode.window.showErrorMessage(`VMem: importing ${path.basename(source)} failed: ${outcome.message}`, 'Show Output')
        .then(a => a && output.show(true));
      return;
  }
}

function toRange(r: ZeroRange): vscode.Range {
  return new vscode.Range(r.startLine, r.startCharacter, r.endLine, r.endCharacter);
}

function severityOf(s: ConfigFinding['severity']): vscode.DiagnosticSeverity {
  return s === 'error' ? vscode.DiagnosticSeverity.Error : s === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information;
}

/** Checks of VMM configuration files on open and save, while vmem.checkVmmConfigurations is on. */
class ConfigChecks implements vscode.Disposable {
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('vmem-vmm-config');
  private readonly scheduler: CheckScheduler;
  private readonly formats = new Map<string, VmmFormat>();
  private readonly findings = new Map<string, ConfigFinding[]>();
  private readonly notified = new Set<string>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly launcher: JarLauncher, private readonly output: vscode.LogOutputChannel) {
    this.scheduler = new CheckScheduler(CHECK_DEBOUNCE_MS, (key, signal) => this.check(key, signal));
    this.subscriptions.push(
      vscode.workspace.onDidSaveTextDocument(d => this.consider(d)),
      vscode.workspace.onDidOpenTextDocument(d => this.consider(d)),
      vscode.workspace.onDidCloseTextDocument(d => this.forget(d.uri.toString())),
    );
  }

  private enabled(uri?: vscode.Uri): boolean {
    return vscode.workspace.getConfiguration('vmem', uri).get<boolean>('checkVmmConfigurations') === true;
  }

  private consider(d: vscode.TextDocument): void {
    if (d.uri.scheme !== 'file' || d.languageId === 'vmem' || !isConfigFileName(d.uri.fsPath)) return;
    const key = d.uri.toString();
    const format = this.enabled(d.uri) ? guessFormat(d.getText()) : undefined;
    if (!format) {
      this.forget(key);
      return;
    }
    this.formats.set(key, format);
    this.scheduler.schedule(key);
  }

  private forget(key: string): void {
    this.scheduler.cancel(key);
    this.formats.delete(key);
    this.findings.delete(key);
    this.notified.delete(key);
    this.diagnostics.delete(vscode.Uri.parse(key));
  }

  settingChanged(): void {
    for (const key of [...this.formats.keys()]) {
      if (!this.enabled(vscode.Uri.parse(key))) this.forget(key);
    }
    for (const d of vscode.workspace.textDocuments) {
      if (!this.formats.has(d.uri.toString())) this.consider(d);
      else this.publish(d.uri.toString());
    }
  }

  private async check(key: string, signal: AbortSignal): Promise<void> {
    const format = this.formats.get(key);
    if (!format) return;
    const file = vscode.Uri.parse(key).fsPath;
    const launch = await this.launcher.base();
    if (signal.aborted || !this.formats.has(key)) return;
    if (!('base' in launch)) {
      this.failed(key, launch.problem);
      return;
    }
    const cmd = vmemCommand(launch.base, checkArguments(format, file));
    const result = await runProcess(cmd.command, cmd.args, { cwd: path.dirname(file), timeoutMs: CHECK_TIMEOUT_MS, signal });
    if (signal.aborted || this.formats.get(key) !== format) return;
    const outcome = checkOutcome(result, file);
    if (outcome.kind === 'failed') {
      this.launcher.log(cmd);
      this.failed(key, outcome.message);
      return;
    }
    this.notified.delete(key);
    this.findings.set(key, outcome.findings);
    this.publish(key);
  }

  private publish(key: string): void {
    const findings = this.findings.get(key);
    if (!findings) return;
    const uri = vscode.Uri.parse(key);
    const document = vscode.workspace.textDocuments.find(d => d.uri.toString() === key);
    const diagnostics = findings.map(f => {
      let range = toRange(f.range);
      if (range.isEmpty && document) range = document.getWordRangeAtPosition(range.start, /[^\s,;:{}[\]"'<>=]+/) ?? range;
      const d = new vscode.Diagnostic(range, f.message, severityOf(f.severity));
      d.source = 'vmem';
      if (f.code) d.code = f.code;
      d.relatedInformation = f.related.map(r => new vscode.DiagnosticRelatedInformation(
        new vscode.Location(r.path ? vscode.Uri.file(r.path) : uri, toRange(r.range)), r.message));
      return d;
    });
    const { severity } = normalizeSeverity(vscode.workspace.getConfiguration('vmem', uri).get<Record<string, unknown>>('severity'));
    this.diagnostics.set(uri, applySeverityOverrides(diagnostics, severity, o => severityOf(o)));
  }

  private failed(key: string, message: string): void {
    const file = vscode.Uri.parse(key).fsPath;
    this.output.warn(`Checking ${file} failed: ${message}`);
    this.findings.delete(key);
    this.diagnostics.delete(vscode.Uri.parse(key));
    if (this.notified.has(key)) return;
    this.notified.add(key);
    void vscode.window.showWarningMessage(`VMem: could not check ${path.basename(file)}: ${message}`, 'Show Output')
      .then(a => a && this.output.show(true));
  }

  dispose(): void {
    this.scheduler.cancelAll();
    for (const s of this.subscriptions) s.dispose();
    this.diagnostics.dispose();
  }
}
