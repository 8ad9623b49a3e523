'use strict';
// A minimal LSP client session over stdio, shared by client.js and bench.js.
const cp = require('child_process');
const { pathToFileURL } = require('url');
const {
  createProtocolConnection, StreamMessageReader, StreamMessageWriter, InitializeRequest, InitializedNotification,
  DidOpenTextDocumentNotification, DidChangeTextDocumentNotification, PublishDiagnosticsNotification,
  ShutdownRequest, ExitNotification,
} = require('vscode-languageserver-protocol/node');

/** Rejects after `ms` with `what`; the timer never keeps the process alive after `p` settles. */
function timeout(p, ms, what) {
  let t;
  return Promise.race([p, new Promise((_, reject) => (t = setTimeout(() => reject(new Error('timeout: ' + what)), ms)))])
    .finally(() => clearTimeout(t));
}

/** The server command after `--` on the command line. */
function serverCommand(argv) {
  const sep = argv.indexOf('--');
  if (sep < 0 || sep === argv.length - 1) throw new Error('usage: node ' + argv[1] + ' [options] -- <server command…>');
  return argv.slice(sep + 1);
}

/**
 * Starts the server and initializes it. `published` records every publishDiagnostics with the time it
 * arrived; `waitFor(uri, test)` resolves with the first publication (now or later) that passes `test`.
 */
async function start(command, rootDir, initializationOptions) {
  const t0 = process.hrtime.bigint();
  const child = cp.spawn(command[0], command.slice(1), { stdio: ['pipe', 'pipe', 'inherit'] });
  let closing = false;
  const exited = new Promise(resolve => child.on('exit', code => resolve(code)));
  exited.then(code => {
    if (!closing) { console.log('FAIL: the server exited early, code ' + code); process.exit(1); }
  });
  child.on('error', e => { console.log('FAIL: cannot start the server: ' + e.message); process.exit(1); });
  const conn = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const published = [];
  const waiters = [];
  conn.onNotification(PublishDiagnosticsNotification.type, p => {
    const entry = { uri: p.uri, diagnostics: p.diagnostics, at: process.hrtime.bigint() };
    published.push(entry);
    for (const w of [...waiters]) {
      if (w.uri === p.uri && w.test(p.diagnostics)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(entry); }
    }
  });
  conn.onNotification('window/logMessage', p => console.error('[server]', p.message));
  conn.onRequest('workspace/configuration', p => p.items.map(() => null));
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.listen();
  const root = pathToFileURL(rootDir).href;
  const init = await timeout(conn.sendRequest(InitializeRequest.type, {
    processId: process.pid, rootUri: root, workspaceFolders: [{ uri: root, name: 'bench' }],
    initializationOptions,
    capabilities: {
      textDocument: {
        publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true, dataSupport: true },
        hover: { contentFormat: ['markdown', 'plaintext'] }, completion: { completionItem: {} },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } }, dataSupport: true },
        rename: { prepareSupport: true }, synchronization: { didSave: true },
      },
      workspace: { configuration: true, workspaceFolders: true },
    },
  }), 60000, 'initialize');
  conn.sendNotification(InitializedNotification.type, {});
  const versions = new Map();
  return {
    conn, init, published, t0, pid: child.pid,
    open(uri, text) {
      versions.set(uri, 1);
      conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'vmem', version: 1, text } });
    },
    change(uri, text) {
      const version = versions.get(uri) + 1;
      versions.set(uri, version);
      conn.sendNotification(DidChangeTextDocumentNotification.type,
        { textDocument: { uri, version }, contentChanges: [{ text }] });
    },
    /** An incremental change, as editors send them: `range` of the current text replaced by `text`. */
    changeRange(uri, range, text) {
      const version = versions.get(uri) + 1;
      versions.set(uri, version);
      conn.sendNotification(DidChangeTextDocumentNotification.type,
        { textDocument: { uri, version }, contentChanges: [{ range, text }] });
    },
    waitFor(uri, test, ms, what) {
      const last = [...published].reverse().find(p => p.uri === uri);
      if (last && test(last.diagnostics)) return Promise.resolve(last);
      return timeout(new Promise(resolve => waiters.push({ uri, test, resolve })), ms || 30000, what || 'diagnostics');
    },
    /** Waits for a publication after now that passes `test` (ignores the current one). */
    waitForNext(uri, test, ms, what) {
      return timeout(new Promise(resolve => waiters.push({ uri, test, resolve })), ms || 30000, what || 'diagnostics');
    },
    async stop() {
      await timeout(conn.sendRequest(ShutdownRequest.type), 10000, 'shutdown');
      closing = true;
      conn.sendNotification(ExitNotification.type);
      const code = await timeout(exited, 10000, 'exit');
      conn.dispose();
      return code;
    },
  };
}

/** A text with LSP TextEdits applied (all edits refer to the original text). */
function applyEdits(text, edits) {
  const lines = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lines.push(i + 1);
  const offset = p => Math.min((lines[p.line] ?? text.length) + p.character, text.length);
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

module.exports = { start, timeout, serverCommand, applyEdits };
