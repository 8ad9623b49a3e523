// The VMem extension: starts the VMem language server (java -jar server/vmem.jar, LSP over stdio)
// for .vmem files, shows its state in the status bar, and adds the memory-map and restart commands.
// Everything that can be tested without VS Code lives in ./lib.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification,
  ExecuteCommandRequest,
  LanguageClient,
  type LanguageClientOptions,
  RevealOutputChannelOn,
  type ServerOptions,
  State,
} from 'vscode-languageclient/node';
import { describeMissingJava, findJava, type JavaRuntime } from './lib/java';
import {
  interpretMemoryMapResult,
  isCommandNotFound,
  MEMORY_MAP_COMMAND,
  memoryMapPage,
  unavailableMessage,
  type MemoryMapAnswer,
} from './lib/memoryMap';
import { planClassData, train } from './lib/classData';
import { SERVER_JAR, serverCommand, splitVmargs } from './lib/server';
import {
  applySeverityOverrides,
  RESTART_SETTINGS,
  type ServerSettings,
  serverSettings,
  type SeverityOverride,
  type VmemSettings,
} from './lib/settings';
import { type ServerState, statusPresentation } from './lib/status';
import { registerVmmConfig } from './vmmConfig';

const CLIENT_COMMANDS = [MEMORY_MAP_COMMAND, 'vmem.restartServer', 'vmem.showOutput'];

let controller: ServerController | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('VMem Language Server', { log: true });
  const trace = new TraceChannel(vscode.window.createOutputChannel('VMem Language Server Trace'));
  const status = vscode.window.createStatusBarItem('vmem.status', vscode.StatusBarAlignment.Right, 100);
  status.name = 'VMem Language Server';
  status.command = 'vmem.showOutput';
  context.subscriptions.push(output, trace, status);

  const c = new ServerController(context, output, trace, status);
  controller = c;
  context.subscriptions.push(
    vscode.commands.registerCommand('vmem.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('vmem.restartServer', () => c.restart()),
    vscode.commands.registerCommand(MEMORY_MAP_COMMAND, (uri?: vscode.Uri) => c.showMemoryMap(uri)),
    vscode.workspace.onDidChangeConfiguration(e => c.configurationChanged(e)),
  );
  registerVmmConfig(context, output);
  // The extension also activates for VMM configuration files (the import command, and their checks
  // under vmem.checkVmmConfigurations); the server starts with the first .vmem file.
  // Activation must not fail when the server cannot start: the status bar and notifications say why.
  const isVmem = (d: vscode.TextDocument) => d.languageId === 'vmem';
  if (vscode.workspace.textDocuments.some(isVmem)) {
    await c.start();
  } else {
    const waiting = vscode.workspace.onDidOpenTextDocument(d => {
      if (!isVmem(d)) return;
      waiting.dispose();
      void c.start();
    });
    context.subscriptions.push(waiting);
  }
}

export async function deactivate(): Promise<void> {
  await controller?.stop();
  controller = undefined;
}

function readSettings(): VmemSettings {
  const c = vscode.workspace.getConfiguration('vmem');
  return {
    java: { home: c.get<string | null>('java.home') },
    server: { vmargs: c.get<string | null>('server.vmargs') },
    trace: { server: c.get<string>('trace.server') },
    severity: c.get<Record<string, unknown>>('severity'),
    kernel: { defaultProfile: c.get<string | null>('kernel.defaultProfile') },
  };
}

function editorSeverity(o: Exclude<SeverityOverride, 'off'>): vscode.DiagnosticSeverity {
  return o === 'error' ? vscode.DiagnosticSeverity.Error
    : o === 'warning' ? vscode.DiagnosticSeverity.Warning
      : vscode.DiagnosticSeverity.Information;
}

async function openSettings(key: string): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.openSettings', key);
}

class ServerController {
  private client: LanguageClient | undefined;
  private stopping = false;
  private state: ServerState = 'stopped';
  private java: JavaRuntime | undefined;
  private settings: ServerSettings = { severity: {}, kernel: {} };
  /** Diagnostics as the server published them, so a vmem.severity change can be re-applied at once. */
  private readonly published = new Map<string, { uri: vscode.Uri; diagnostics: vscode.Diagnostic[] }>();
  private readonly originalSeverity = new WeakMap<vscode.Diagnostic, vscode.DiagnosticSeverity>();
  /** Commands the server offers through workspace/executeCommand. */
  private readonly serverCommands = new Set<string>();
  private memoryMapPanel: vscode.WebviewPanel | undefined;
  private starting: Promise<void> | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly output: vscode.LogOutputChannel,
    private readonly trace: TraceChannel,
    private readonly status: vscode.StatusBarItem,
  ) {
    this.setState('stopped');
  }

  start(): Promise<void> {
    this.starting ??= this.doStart().finally(() => (this.starting = undefined));
    return this.starting;
  }

  async restart(): Promise<void> {
    this.output.info('Restarting the language server on request.');
    await this.starting;
    await this.stop();
    await this.start();
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    this.stopping = true;
    try {
      if (client.isRunning()) await client.stop(10000);
      await client.dispose();
    } catch (e) {
      this.output.warn(`Stopping the language server: ${(e as Error).message}`);
    } finally {
      this.stopping = false;
      this.serverCommands.clear();
      this.published.clear();
      this.setState('stopped');
    }
  }

  private async doStart(): Promise<void> {
    this.status.show();
    this.setState('starting');
    const raw = readSettings();
    const { settings, problems } = serverSettings(raw);
    this.settings = settings;
    for (const p of problems) this.output.warn(`Setting ${p.key} ignored: ${p.message}`);
    if (problems.length) {
      void vscode.window.showWarningMessage(`VMem: ${problems.length} vmem.severity entr${problems.length === 1 ? 'y is' : 'ies are'} ignored: ${problems[0].message}.`, 'Open Settings')
        .then(a => a && openSettings('vmem.severity'));
    }

    const jar = this.context.asAbsolutePath(SERVER_JAR);
    if (!fs.existsSync(jar)) {
      this.fail(`The VMem extension is incomplete: its language server ${jar} is missing. Reinstall the extension.`);
      return;
    }

    const found = await findJava({ javaHomeSetting: raw.java?.home ?? undefined, env: process.env, platform: process.platform });
    for (const r of found.rejected) this.output.info(`Java candidate from ${r.source} not used: ${r.reason}`);
    if (!found.runtime) {
      this.fail(describeMissingJava(found), 'vmem.java.home');
      return;
    }
    const java = found.runtime;
    this.java = java;
    this.output.info(`Using Java ${java.version} from ${java.source}: ${java.executable}${java.javaHome ? ` (java.home ${java.javaHome})` : ''}`);
    const settingRejected = found.rejected.find(r => r.source === 'setting');
    if (settingRejected) {
      void vscode.window.showWarningMessage(`VMem: vmem.java.home is not usable (${settingRejected.reason}); using Java ${java.version} from ${java.source} instead.`, 'Open Settings')
        .then(a => a && openSettings('vmem.java.home'));
    }

    let command;
    try {
      command = serverCommand(java.executable, jar, raw.server?.vmargs ?? undefined);
    } catch (e) {
      this.fail((e as Error).message, 'vmem.server.vmargs');
      return;
    }
    // Class-data sharing (src/lib/classData.ts): the archive's options go before the user's vmargs.
    const vmargs = splitVmargs(raw.server?.vmargs ?? undefined);
    const classData = planClassData({
      javaExecutable: java.executable, javaHome: java.javaHome, javaVersion: java.version, jarPath: jar, vmargs,
      env: process.env, platform: process.platform,
    });
    command = { command: command.command, args: [...classData.args, ...command.args] };
    if (classData.training) {
      this.output.info(`Making the class-data archive ${classData.archive} in the background`);
      train(classData, ok => this.output.info(ok ? `Class-data archive ready for the next start: ${classData.archive}` : 'No class-data archive made (the server starts without one)'));
    }
    this.output.info(`Starting: ${[command.command, ...command.args].join(' ')}`);

    const serverOptions: ServerOptions = { command: command.command, args: command.args, options: { cwd: path.dirname(jar) } };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [{ scheme: 'file', language: 'vmem' }],
      synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.vmem') },
      // The rule pages ship in the extension (docs/rules/CODE.md): diagnostics link to them, offline.
      initializationOptions: { ...settings, docs: { baseUrl: `${this.context.extensionUri.toString()}/` } },
      outputChannel: this.output,
      traceOutputChannel: this.trace,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      middleware: {
        handleDiagnostics: (uri, diagnostics, next) => {
          if (diagnostics.length) this.published.set(uri.toString(), { uri, diagnostics: [...diagnostics] });
          else this.published.delete(uri.toString());
          next(uri, this.withSeverityOverrides(diagnostics));
        },
      },
    };
    const client = new LanguageClient('vmem', 'VMem Language Server', serverOptions, clientOptions);
    this.keepClientCommands(client);
    client.onDidChangeState(e => {
      if (this.client !== client) return;
      if (e.newState === State.Starting) this.setState('starting');
      else if (e.newState === State.Running) this.setState('ready', this.describeJava());
      else if (e.newState === State.Stopped && !this.stopping) this.setState('error', 'The language server stopped. Run "VMem: Restart Language Server".');
    });
    this.client = client;
    try {
      await client.start();
    } catch (e) {
      if (this.client === client) this.fail(`The VMem language server did not start: ${(e as Error).message}`);
      return;
    }
    const caps = client.initializeResult?.capabilities ?? {};
    const offered = Object.entries(caps).filter(([, v]) => v !== undefined && v !== false && v !== null).map(([k]) => k);
    this.output.info(`Server ready. Capabilities: ${offered.join(', ')}. Commands: ${[...this.serverCommands].join(', ') || 'none'}.`);
    this.setState('ready', this.describeJava());
  }

  /**
   * vscode-languageclient registers a VS Code command for every command the server offers, which
   * would clash with the extension's own vmem.showMemoryMap once the server offers it (registering a
   * command twice throws). Keep the extension's commands to the extension, and remember the rest.
   */
  private keepClientCommands(client: LanguageClient): void {
    const feature = client.getFeature(ExecuteCommandRequest.method);
    if (!feature) return;
    const register = feature.register.bind(feature);
    feature.register = data => {
      const commands = data.registerOptions.commands ?? [];
      for (const c of commands) this.serverCommands.add(c);
      register({ ...data, registerOptions: { ...data.registerOptions, commands: commands.filter(c => !CLIENT_COMMANDS.includes(c)) } });
    };
  }

  private withSeverityOverrides(diagnostics: readonly vscode.Diagnostic[]): vscode.Diagnostic[] {
    for (const d of diagnostics) if (!this.originalSeverity.has(d)) this.originalSeverity.set(d, d.severity);
    return applySeverityOverrides(diagnostics, this.settings.severity, editorSeverity, d => this.originalSeverity.get(d) ?? d.severity);
  }

  configurationChanged(e: vscode.ConfigurationChangeEvent): void {
    if (!e.affectsConfiguration('vmem')) return;
    if (e.affectsConfiguration('vmem.trace.server')) this.trace.settingChanged();
    const restartNeeded = RESTART_SETTINGS.filter(k => e.affectsConfiguration(k));
    if (restartNeeded.length) {
      void vscode.window.showInformationMessage(`VMem: ${restartNeeded.join(' and ')} take${restartNeeded.length === 1 ? 's' : ''} effect when the language server restarts.`, 'Restart Now')
        .then(a => a && this.restart());
    }
    if (e.affectsConfiguration('vmem.severity') || e.affectsConfiguration('vmem.kernel')) {
      const { settings, problems } = serverSettings(readSettings());
      for (const p of problems) this.output.warn(`Setting ${p.key} ignored: ${p.message}`);
      this.settings = settings;
      const client = this.client;
      if (client?.isRunning()) {
        void client.sendNotification(DidChangeConfigurationNotification.type, { settings: { vmem: settings } });
        for (const { uri, diagnostics } of this.published.values()) client.diagnostics?.set(uri, this.withSeverityOverrides(diagnostics));
      }
    }
  }

  async showMemoryMap(target?: vscode.Uri): Promise<void> {
    const document = target
      ? await vscode.workspace.openTextDocument(target)
      : vscode.window.activeTextEditor?.document;
    if (!document || document.languageId !== 'vmem') {
      void vscode.window.showInformationMessage('VMem: open a .vmem file to show its memory map.');
      return;
    }
    await this.starting;
    const client = this.client;
    if (!client || !client.isRunning()) {
      const a = await vscode.window.showWarningMessage('VMem: the language server is not running, so it cannot draw the memory map.', 'Show Output', 'Restart Server');
      if (a === 'Show Output') this.output.show(true);
      else if (a === 'Restart Server') await this.restart();
      return;
    }
    let answer: MemoryMapAnswer;
    try {
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: 'VMem: drawing the memory map' },
        () => client.sendRequest(ExecuteCommandRequest.type, {
          command: MEMORY_MAP_COMMAND,
          arguments: [client.code2ProtocolConverter.asUri(document.uri)],
        }),
      );
      answer = interpretMemoryMapResult(result);
    } catch (e) {
      if (!isCommandNotFound(e)) {
        this.output.error(`${MEMORY_MAP_COMMAND} failed: ${(e as Error).message}`);
        void vscode.window.showErrorMessage(`VMem: drawing the memory map failed: ${(e as Error).message}`, 'Show Output')
          .then(a => a && this.output.show(true));
        return;
      }
      answer = { kind: 'unavailable', message: unavailableMessage() };
    }
    if (answer.kind === 'unavailable') {
      this.output.info(answer.message);
      void vscode.window.showInformationMessage(`VMem: ${answer.message}`);
      return;
    }
    const name = path.basename(document.uri.path);
    const panel = this.memoryMapPanel ??= this.createMemoryMapPanel();
    panel.title = `Memory Map: ${name}`;
    panel.webview.html = memoryMapPage(answer, name, panel.webview.cspSource);
    panel.reveal(vscode.ViewColumn.Beside, true);
  }

  private createMemoryMapPanel(): vscode.WebviewPanel {
    const panel = vscode.window.createWebviewPanel('vmem.memoryMap', 'Memory Map', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: false, enableCommandUris: false, localResourceRoots: [] });
    panel.onDidDispose(() => (this.memoryMapPanel = undefined));
    return panel;
  }

  private describeJava(): string | undefined {
    return this.java ? `Java ${this.java.version} (${this.java.source}): ${this.java.executable}` : undefined;
  }

  private fail(message: string, settingKey?: string): void {
    this.output.error(message);
    this.setState('error', message);
    const actions = settingKey ? ['Open Settings', 'Show Output'] : ['Show Output'];
    void vscode.window.showErrorMessage(message, ...actions).then(a => {
      if (a === 'Open Settings' && settingKey) void openSettings(settingKey);
      else if (a === 'Show Output') this.output.show(true);
    });
  }

  private setState(state: ServerState, detail?: string): void {
    this.state = state;
    const p = statusPresentation(state, detail);
    this.status.text = p.text;
    this.status.tooltip = p.tooltip;
    this.status.accessibilityInformation = { label: p.label };
    this.status.backgroundColor = p.isError ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
  }
}

/**
 * vscode-languageclient 11 traces messages only into a log channel at level Trace. This channel
 * reports that level exactly when vmem.trace.server is messages or verbose, so the setting alone
 * turns tracing on and off, as the setting's description says.
 */
class TraceChannel implements vscode.LogOutputChannel {
  private readonly emitter = new vscode.EventEmitter<vscode.LogLevel>();
  readonly onDidChangeLogLevel = this.emitter.event;

  constructor(private readonly channel: vscode.OutputChannel) {}

  get name(): string {
    return this.channel.name;
  }

  get logLevel(): vscode.LogLevel {
    const setting = vscode.workspace.getConfiguration('vmem').get<string>('trace.server', 'off');
    return setting === 'messages' || setting === 'verbose' ? vscode.LogLevel.Trace : vscode.LogLevel.Off;
  }

  settingChanged(): void {
    this.emitter.fire(this.logLevel);
  }

  private log(level: string, message: string | Error, args: unknown[]): void {
    const text = message instanceof Error ? message.stack ?? message.message : message;
    const extra = args.length ? ` ${args.map(a => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}` : '';
    this.channel.appendLine(`[${new Date().toISOString()}] [${level}] ${text}${extra}`);
  }

  trace(message: string, ...args: unknown[]): void {
    if (this.logLevel === vscode.LogLevel.Trace) this.log('trace', message, args);
  }
  debug(message: string, ...args: unknown[]): void { this.log('debug', message, args); }
  info(message: string, ...args: unknown[]): void { this.log('info', message, args); }
  warn(message: string, ...args: unknown[]): void { this.log('warn', message, args); }
  error(error: string | Error, ...args: unknown[]): void { this.log('error', error, args); }
  append(value: string): void { this.channel.append(value); }
  appendLine(value: string): void { this.channel.appendLine(value); }
  replace(value: string): void { this.channel.replace(value); }
  clear(): void { this.channel.clear(); }
  show(columnOrPreserveFocus?: vscode.ViewColumn | boolean, preserveFocus?: boolean): void {
    if (typeof columnOrPreserveFocus === 'boolean' || columnOrPreserveFocus === undefined) this.channel.show(columnOrPreserveFocus);
    else this.channel.show(columnOrPreserveFocus, preserveFocus);
  }
  hide(): void { this.channel.hide(); }
  dispose(): void {
    this.emitter.dispose();
    this.channel.dispose();
  }
}
