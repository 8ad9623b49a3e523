// The language server started exactly as the extension starts it (Java discovery, command line),
// driven over stdio: it must publish diagnostics whose code is the rule code. Skipped when no jar
// has been built yet.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import {
  createProtocolConnection,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  type InitializeResult,
  type ProtocolConnection,
  PublishDiagnosticsNotification,
  type PublishDiagnosticsParams,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { findJava } from '../src/lib/java';
import { serverCommand } from '../src/lib/server';

const ext = join(__dirname, '..', '..');
const jar = [process.env.VMEM_SERVER_JAR, join(ext, 'server', 'vmem.jar'), join(ext, '..', 'language-server', 'target', 'vmem.jar')]
  .find(j => j && existsSync(j));
const examples = resolve(ext, '..', 'examples', 'spec');
const skip = !jar ? 'no server jar built yet' : !existsSync(examples) ? 'no examples/spec' : false;

/** The codes a spec example's `// expect:` lines name. */
export function expectedCodes(text: string): string[] {
  return [...text.matchAll(/^\/\/\s*expect:\s*([a-z0-9-]+)/gm)].map(m => m[1]);
}

function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let t: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<T>((_, reject) => (t = setTimeout(() => reject(new Error(`timeout: ${what}`)), ms)))])
    .finally(() => clearTimeout(t));
}

describe('the server jar over stdio', { skip }, () => {
  let connection: ProtocolConnection;
  let init: InitializeResult;
  let exited: Promise<number | null>;
  let stopped = false;
  const published = new Map<string, PublishDiagnosticsParams>();
  const waiters = new Map<string, (p: PublishDiagnosticsParams) => void>();

  before(async () => {
    const found = await findJava({ env: process.env, platform: process.platform });
    assert.ok(found.runtime, 'no Java 17+ on this machine');
    const cmd = serverCommand(found.runtime.executable, jar!, '-Xshare:auto');
    const child = spawn(cmd.command, cmd.args, { stdio: ['pipe', 'pipe', 'inherit'] });
    exited = new Promise(res => child.on('exit', code => res(code)));
    void exited.then(code => { if (!stopped) console.error(`server exited early with ${code}`); });
    connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    connection.onNotification(PublishDiagnosticsNotification.type, p => {
      published.set(p.uri, p);
      if (p.diagnostics.length) waiters.get(p.uri)?.(p);
    });
    connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => null));
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.listen();
    const root = pathToFileURL(examples).href;
    init = await within(connection.sendRequest(InitializeRequest.type, {
      processId: process.pid, rootUri: root, workspaceFolders: [{ uri: root, name: 'spec' }],
      capabilities: { textDocument: { publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true } } },
      initializationOptions: { severity: {}, kernel: {} },
    }), 60000, 'initialize');
    connection.sendNotification(InitializedNotification.type, {});
  });

  after(async () => {
    if (!connection) return;
    stopped = true;
    await within(connection.sendRequest(ShutdownRequest.type), 10000, 'shutdown').catch(() => undefined);
    connection.sendNotification(ExitNotification.type);
    await within(exited, 10000, 'exit').catch(() => undefined);
    connection.dispose();
  });

  it('answers initialize with text sync and a server name', () => {
    assert.ok(init.capabilities.textDocumentSync !== undefined);
  });

  async function diagnosticsFor(path: string, waitMs: number): Promise<PublishDiagnosticsParams | undefined> {
    const text = readFileSync(path, 'utf8');
    const uri = pathToFileURL(path).href;
    const got = new Promise<PublishDiagnosticsParams>(res => waiters.set(uri, res));
    connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'vmem', version: 1, text } });
    if (published.get(uri)?.diagnostics.length) return published.get(uri);
    return within(got, waitMs, `diagnostics for ${path}`).catch(() => undefined);
  }

  function assertCodes(p: PublishDiagnosticsParams, expected: string[]): void {
    const codes = new Set(p.diagnostics.filter(d => (d.severity ?? 1) <= 2).map(d => String(d.code)));
    for (const code of expected) assert.ok(codes.has(code), `${code} missing; got ${[...codes].join(', ')}`);
  }

  it('publishes the language\'s own error codes (e2e-structural.vmem)', async () => {
    const path = join(ext, 'test', 'e2e', 'fixtures', 'e2e-structural.vmem');
    const p = await diagnosticsFor(path, 60000);
    assert.ok(p, 'no diagnostics');
    assertCodes(p, expectedCodes(readFileSync(path, 'utf8')));
  });

  for (const file of ['config-errors.vmem', 'secret-free-without-pfncache-fix.vmem']) {
    it(`publishes the rule codes of ${file}`, async t => {
      const path = join(examples, file);
      const p = await diagnosticsFor(path, 8000);
      if (!p && process.env.VMEM_E2E_REQUIRE_LSP_FEATURES !== '1') {
        // TODO(lsp-features): the CLI reports these findings, the language server does not publish them yet.
        t.todo('no findings published: engine findings are not wired into LSP diagnostics yet');
        return;
      }
      assert.ok(p, 'no findings published');
      assertCodes(p, expectedCodes(readFileSync(path, 'utf8')));
    });
  }
});

describe('expectedCodes', () => {
  it('reads // expect: lines', () => {
    assert.deepEqual(expectedCodes('// a\n// expect: gmem-slot-flags\n//expect:memslot-overlap\nvm x {}\n'), ['gmem-slot-flags', 'memslot-overlap']);
  });
  it('has codes for every spec example that the e2e test opens', { skip: existsSync(examples) ? false : 'no examples/spec' }, () => {
    for (const f of readdirSync(examples).filter(f => f === 'config-errors.vmem' || f === 'secret-free-without-pfncache-fix.vmem')) {
      assert.ok(expectedCodes(readFileSync(join(examples, f), 'utf8')).length >= 2, f);
    }
  });
});
