#!/usr/bin/env node
// A stand-in for `java -jar vmem.jar` in the unit tests, behaving as the `import --from` and
// `check --from` contract says (exit 0 ok, 1 findings, 2 bad input with one
// `FILE:LINE:COL: error: message` line on stderr, 3 internal error). Markers in the input steer it:
//   BAD_INPUT   exit 2 with the error line at the marker (after writing a partial file, as a
//               careless jar might: the extension must still leave nothing behind); so does
//               no_such_field, the unknown field of the e2e test's fc-bad.json
//   CRASH       exit 3 after writing a partial file
//   SLOW        write a partial file, then wait 30 s (cancellation)
//   NO_OUTPUT   exit 0 without writing
//   @finding CODE SEVERITY   (check) one finding spanning the marker
// FAKE_VMEM_LOG, when set, gets one JSON line per run: {"argv":[…],"start":ms,"end":ms}.
'use strict';
const fs = require('node:fs');

const given = process.argv.slice(2);
const argv = [...given];
const start = Date.now();
function log() {
  if (process.env.FAKE_VMEM_LOG) fs.appendFileSync(process.env.FAKE_VMEM_LOG, JSON.stringify({ argv: given, start, end: Date.now() }) + '\n');
}
function exit(code) {
  log();
  process.exit(code);
}
function usage(message) {
  process.stderr.write(`vmem: error: ${message}\n`);
  exit(2);
}
function option(name) {
  const i = argv.indexOf(name);
  if (i < 0) return undefined;
  if (i + 1 >= argv.length) usage(`${name} needs a value`);
  return argv.splice(i, 2)[1];
}
/** Where the input is bad, and the name to complain about. */
function badInput(text) {
  const m = /BAD_INPUT|no_such_field/.exec(text);
  return m ? { index: m.index, name: m[0] } : undefined;
}
function position(text, index) {
  const before = text.slice(0, index).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

const command = argv.shift();
const from = option('--from');
if (!['firecracker', 'cloud-hypervisor', 'libvirt', 'qemu'].includes(from)) usage(`--from must be one of firecracker, cloud-hypervisor, libvirt, qemu`);
const kernel = option('--kernel');
const out = option('-o');
const format = option('--format');
const file = argv[0];
if (!file || argv.length !== 1) usage('one FILE expected');
let text;
try {
  text = fs.readFileSync(file, 'utf8');
} catch (e) {
  usage(`cannot read ${file}`);
}
const delay = Number(process.env.FAKE_VMEM_DELAY_MS || 0);
function after(ms, f) {
  if (ms > 0) setTimeout(f, ms);
  else f();
}

if (command === 'import') {
  if (!out) usage('-o is needed here');
  if (text.includes('NO_OUTPUT')) exit(0);
  const bad = badInput(text);
  if (bad) {
    fs.writeFileSync(out, '// partial\n');
    const p = position(text, bad.index);
    process.stderr.write(`${file}:${p.line}:${p.column}: error: unknown field "${bad.name}"\n`);
    exit(2);
  }
  if (text.includes('CRASH')) {
    fs.writeFileSync(out, '// partial\n');
    process.stderr.write('vmem: internal error: java.lang.IllegalStateException: boom\n');
    exit(3);
  }
  if (text.includes('SLOW')) {
    fs.writeFileSync(out, '// partial\n');
    setTimeout(() => exit(0), 30000);
    return;
  }
  fs.writeFileSync(out, `// imported from ${require('node:path').basename(file)} (--from ${from}${kernel ? `, --kernel ${kernel}` : ''})\nvm guest {}\n`);
  exit(0);
} else if (command === 'check') {
  if (format !== 'json') usage('this fake speaks --format json only');
  after(delay, () => {
    const bad = badInput(text);
    if (bad) {
      const p = position(text, bad.index);
      process.stderr.write(`${file}:${p.line}:${p.column}: error: unknown field "${bad.name}"\n`);
      exit(2);
    }
    const findings = [];
    for (const m of text.matchAll(/@finding ([a-z-]+) (error|warning|info)/g)) {
      const s = position(text, m.index);
      const e = position(text, m.index + m[0].length);
      findings.push({ code: m[1], severity: m[2], message: `fake ${m[1]}`, line: s.line, column: s.column, endLine: e.line, endColumn: e.column, related: [], trace: [] });
    }
    process.stdout.write(JSON.stringify({ files: [{ path: file, status: 'checked', findings, exposure: [], scenarios: [] }], summary: {} }, null, 2) + '\n');
    exit(findings.some(f => f.severity === 'error') ? 1 : 0);
  });
} else {
  usage(`unknown command ${command}`);
}
