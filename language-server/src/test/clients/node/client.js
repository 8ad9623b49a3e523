'use strict';
// A plain Node LSP client against the VMem language server: the diagnostics of a memfd_secret VM,
// then a hover on a finding, completion of guest_memfd flags, a quick fix applied and re-checked,
// and a rename applied. Prints one line per check and PASS at the end; exits 1 on the first FAIL.
//
//   node client.js -- java -jar language-server/target/vmem.jar
const fs = require('fs');
const os = require('os');
const path = require('path');
const { pathToFileURL } = require('url');
const { HoverRequest, CompletionRequest, CodeActionRequest, RenameRequest } = require('vscode-languageserver-protocol/node');
const { start, timeout, serverCommand, applyEdits } = require('./lib');

const TEXT = `kernel linux_6_8 {
    version 6.8
}

vm fc {
    kernel linux_6_8
    memory ram: memfd_secret 256MiB
    map ram shared
    slot 0 gpa 0x0 userspace ram
    clock kvmclock
    memory gmem: guest_memfd 64MiB flags 
}
`;

function check(ok, what) {
  if (!ok) { console.log('FAIL ' + what); process.exit(1); }
  console.log('ok   ' + what);
}

const codes = ds => ds.map(d => d.code);

(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmem-node-client-'));
  const file = path.join(dir, 'fc.vmem');
  fs.writeFileSync(file, TEXT);
  const uri = pathToFileURL(file).href;
  const s = await start(serverCommand(process.argv), dir, { severity: {}, kernel: {} });
  check(s.init.capabilities.inlayHintProvider && s.init.capabilities.codeActionProvider, 'initialize: capabilities');

  // The file as saved is checked by the engine; then the user types "flags " (a syntax error): parse
  // diagnostics only, at once.
  s.open(uri, TEXT.replace('flags \n', 'flags mmap\n'));
  await s.waitFor(uri, ds => codes(ds).includes('pfncache-unmapped-pfn'), 30000, 'engine diagnostics of the saved text');
  s.change(uri, TEXT);
  await s.waitFor(uri, ds => codes(ds).includes('syntax-error'), 30000, 'syntax error');
  check(true, 'diagnostics: syntax error at once');

  // completion where the flags go, under the profile of the engine's latest report of the file:
  // 6.8 has guest_memfd but none of its flags
  const flagsAt = { line: 10, character: 41 };
  let c = await timeout(s.conn.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: flagsAt }), 10000, 'completion');
  let labels = (Array.isArray(c) ? c : c.items).map(i => i.label);
  check(!labels.includes('mmap') && !labels.includes('no_direct_map'), 'completion: no flags Linux 6.8 lacks (' + labels.slice(0, 8).join(' ') + ' …)');

  // finish the line; engine findings arrive after the debounce
  let text = TEXT.replace('flags \n', 'flags mmap\n').replace('version 6.8', 'version 6.18');
  s.change(uri, text);
  const d = await s.waitFor(uri, ds => codes(ds).includes('pfncache-unmapped-pfn') && codes(ds).includes('gup-on-secret-memory'),
    30000, 'engine diagnostics');
  const diagnostics = d.diagnostics;
  const pfn = diagnostics.find(x => x.code === 'pfncache-unmapped-pfn');
  check(pfn.source === 'vmem' && /docs\/rules\/pfncache-unmapped-pfn\.md$/.test(pfn.codeDescription.href)
    && pfn.relatedInformation.length > 0 && pfn.data && pfn.data.kind === 'engine', 'diagnostics: complete (source, href, related, data)');

  // hover on the finding: its trace
  const hover = await timeout(s.conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position: pfn.range.start }), 10000, 'hover');
  check(hover.contents.kind === 'markdown' && hover.contents.value.includes('pfncache-unmapped-pfn')
    && hover.contents.value.includes('kvm_gpc_refresh'), 'hover: the finding and its kernel path');

  // completion on 6.18: mmap and init_shared are there now, no_direct_map still not (no series)
  c = await timeout(s.conn.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 10, character: 41 } }), 10000, 'completion');
  labels = (Array.isArray(c) ? c : c.items).map(i => i.label);
  check(labels.includes('mmap') && labels.includes('init_shared') && !labels.includes('no_direct_map'), 'completion: the flags 6.18 offers');

  // the quick fix that hides kvmclock from the guest, applied: the finding goes away
  const actions = await timeout(s.conn.sendRequest(CodeActionRequest.type,
    { textDocument: { uri }, range: pfn.range, context: { diagnostics: [pfn] } }), 10000, 'code actions');
  const hide = actions.find(a => a.kind === 'quickfix' && a.edit.changes[uri].some(e => e.newText.includes('cpuid -kvmclock')));
  check(hide !== undefined, 'quick fix: add cpuid -kvmclock offered (' + actions.length + ' fixes)');
  text = applyEdits(text, hide.edit.changes[uri]);
  check(fs.readFileSync(file, 'utf8') === TEXT, 'quick fix: the server did not write the file');
  s.change(uri, text);
  await s.waitForNext(uri, ds => !codes(ds).includes('pfncache-unmapped-pfn') && codes(ds).includes('gup-on-secret-memory'),
    30000, 'diagnostics after the fix');
  check(true, 'quick fix: pfncache-unmapped-pfn gone after applying it');

  // rename the backing at a reference
  const ref = { line: 8, character: text.split('\n')[8].lastIndexOf('ram') };
  const edit = await timeout(s.conn.sendRequest(RenameRequest.type, { textDocument: { uri }, position: ref, newName: 'secret_ram' }), 10000, 'rename');
  const renamed = applyEdits(text, edit.changes[uri]);
  check(edit.changes[uri].length === 3 && !/\bram\b/.test(renamed) && (renamed.match(/secret_ram/g) || []).length === 3,
    'rename: the declaration and both references');

  const code = await s.stop();
  check(code === 0, 'shutdown and exit: code ' + code);
  fs.rmSync(dir, { recursive: true, force: true });
  console.log('PASS');
})().catch(e => { console.log('FAIL ' + e.message); process.exit(1); });
