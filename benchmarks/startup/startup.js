'use strict';
// Cold start, side by side in one run (docs/benchmarks.md, "Start-up side by side"):
//   floor  a JVM that starts the vmem jar and exits (java -jar vmem.jar --version): spawn → exit;
//   xtext  a minimal Xtext 2.42 language server (benchmarks/xtext-minimal, Xtext's Hello World grammar):
//          spawn → initialize → didOpen of a 3-line file → first publishDiagnostics;
//   vmem   VMem's language server: the same with examples/spec/aws2024-secretmem-cold.vmem, and also the first
//          publication that carries the engine's findings.
// Each round starts every server once, in turn, so that all of them see the same machine load; the report
// gives the median (and range) of each and the ratios of the medians. Also the server's CPU time at its first
// diagnostics (/proc/PID/stat), which the load of the machine moves far less than the wall clock.
// Output: one line per start, a summary, then one JSON object on the last line.
//
//   node startup.js [--runs 7] --floor 'java -jar vmem.jar --version' --xtext 'java -jar xtext-minimal.jar' \
//        --vmem './vmem' [--also 'name=command' ...]
// --threads also prints, per start, the CPU time of each thread (by name, numbers folded into #) at first diagnostics.
// Commands are split on blanks (no quoting). Extra --also servers are measured like vmem (first diagnostics).
const cp = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { pathToFileURL } = require('url');
const lib = require('../../language-server/src/test/clients/node/lib');

const repo = path.resolve(__dirname, '../..');
const ms = (from, to) => Number(to - from) / 1e6;
const round = x => (x === null || x === undefined ? null : Math.round(x * 10) / 10);
const ratio = (a, b) => (a === null || b === null || b === 0 ? null : Math.round((a / b) * 100) / 100);
const median = xs => { const s = xs.filter(x => x !== null).sort((a, b) => a - b); return s.length ? s[Math.floor((s.length - 1) / 2)] : null; };

function args() {
  const out = { runs: 7, servers: [] };
  const a = process.argv.slice(2);
  for (let i = 0; i < a.length; i++) {
    const v = a[i + 1];
    switch (a[i]) {
      case '--runs': out.runs = Number(v); i++; break;
      case '--threads': out.threads = true; break;
      case '--floor': out.floor = v.split(/\s+/).filter(Boolean); i++; break;
      case '--xtext': out.servers.push({ name: 'xtext', kind: 'mini', command: v.split(/\s+/).filter(Boolean) }); i++; break;
      case '--vmem': out.servers.push({ name: 'vmem', kind: 'vmem', command: v.split(/\s+/).filter(Boolean) }); i++; break;
      case '--also': {
        const eq = v.indexOf('=');
        out.servers.push({ name: v.slice(0, eq), kind: 'vmem', command: v.slice(eq + 1).split(/\s+/).filter(Boolean) });
        i++; break;
      }
      default: throw new Error('unknown option ' + a[i]);
    }
  }
  return out;
}

/** CPU time (user + system) per thread name of a process, from /proc/PID/task/TID/stat: where a start's CPU goes. */
function threadCpuMs(pid) {
  const out = {};
  try {
    for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
      try {
        const s = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const name = s.slice(s.indexOf('(') + 1, s.lastIndexOf(')')).replace(/[0-9]+$/, '#');
        const f = s.slice(s.lastIndexOf(') ') + 2).split(' ');
        out[name] = (out[name] || 0) + (Number(f[11]) + Number(f[12])) * 10;
      } catch (e) { /* thread gone */ }
    }
  } catch (e) { /* process gone */ }
  return out;
}

function cpuMs(pid) {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) * 10; // utime + stime, USER_HZ 100
  } catch (e) {
    return null;
  }
}

/** spawn → exit of a command that prints and exits; its CPU time from the wait status is not available, so none. */
function floor(command) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = cp.spawn(command[0], command.slice(1), { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', d => (out += d));
    child.on('error', reject);
    child.on('exit', code => {
      const t = ms(t0, process.hrtime.bigint());
      if (code !== 0) reject(new Error(`${command.join(' ')} exited with ${code}`));
      else resolve({ ms: t, output: out.trim() });
    });
  });
}

let showThreads = false;

async function server(s, dir, round) {
  const file = path.join(dir, `${s.name}-${round}.${s.kind === 'mini' ? 'mini' : 'vmem'}`);
  const text = s.kind === 'mini'
    ? 'Hello World!\nHello Xtext!\nHello VMem!\n'
    : fs.readFileSync(path.join(repo, 'examples/spec/aws2024-secretmem-cold.vmem'), 'utf8');
  fs.writeFileSync(file, text);
  const uri = pathToFileURL(file).href;
  const session = await lib.start(s.command, dir, {});
  const initialized = ms(session.t0, process.hrtime.bigint());
  session.open(uri, text);
  const first = await session.waitFor(uri, () => true, 60000, s.name + ' first diagnostics');
  const cpu = cpuMs(session.pid);
  const threads = showThreads ? threadCpuMs(session.pid) : null;
  let engine = null;
  if (s.kind === 'vmem') {
    const e = await session.waitFor(uri, ds => ds.some(d => d.code === 'gup-on-secret-memory'), 60000, s.name + ' engine diagnostics');
    engine = ms(session.t0, e.at);
  }
  await session.stop();
  fs.rmSync(file, { force: true });
  return { initialize: initialized, first: ms(session.t0, first.at), engine, cpu, threads };
}

(async () => {
  const o = args();
  showThreads = !!o.threads;
  if (!o.floor || o.servers.length === 0) throw new Error('usage: node startup.js [--runs N] --floor CMD --xtext CMD --vmem CMD [--also NAME=CMD]');
  const load = [os.loadavg()[0]];
  const results = { floor: [] };
  for (const s of o.servers) results[s.name] = [];
  for (let r = 0; r < o.runs; r++) {
    // a folder per start, so that no server indexes another's files
    const f = await floor(o.floor);
    results.floor.push(f);
    console.log(`round ${r + 1}: floor ${round(f.ms)} ms (${f.output.split('\n')[0]})`);
    for (const s of o.servers) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmem-startup-'));
      const x = await server(s, dir, r);
      fs.rmSync(dir, { recursive: true, force: true });
      results[s.name].push(x);
      console.log(`round ${r + 1}: ${s.name} initialize ${round(x.initialize)} ms, first diagnostics ${round(x.first)} ms` +
        (x.engine !== null ? `, engine's ${round(x.engine)} ms` : '') + `; CPU at first diagnostics ${x.cpu} ms` +
        (x.threads ? ' (' + Object.entries(x.threads).filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1])
          .map(([k, v]) => `${k} ${v}`).join(', ') + ')' : ''));
    }
  }
  load.push(os.loadavg()[0]);
  const summary = {
    runs: o.runs,
    machine: { cpus: os.cpus().length, model: os.cpus()[0].model, node: process.version,
      loadAverage1m: { before: round(load[0]), after: round(load[1]) } },
    floor: { command: o.floor.join(' '), msMedian: round(median(results.floor.map(f => f.ms))),
      msMin: round(Math.min(...results.floor.map(f => f.ms))), msMax: round(Math.max(...results.floor.map(f => f.ms))) },
    servers: {},
  };
  const floorMs = summary.floor.msMedian;
  for (const s of o.servers) {
    const xs = results[s.name];
    summary.servers[s.name] = {
      command: s.command.join(' '),
      initializeMsMedian: round(median(xs.map(x => x.initialize))),
      firstDiagnosticsMsMedian: round(median(xs.map(x => x.first))),
      firstDiagnosticsMsMin: round(Math.min(...xs.map(x => x.first))),
      firstDiagnosticsMsMax: round(Math.max(...xs.map(x => x.first))),
      engineDiagnosticsMsMedian: s.kind === 'vmem' ? round(median(xs.map(x => x.engine))) : null,
      cpuMsAtFirstDiagnosticsMedian: median(xs.map(x => x.cpu)),
    };
  }
  console.log(`floor (${summary.floor.command}): median ${floorMs} ms (${summary.floor.msMin}–${summary.floor.msMax})`);
  const xtext = summary.servers.xtext;
  for (const s of o.servers) {
    const m = summary.servers[s.name];
    m.ratioToFloor = ratio(m.firstDiagnosticsMsMedian, floorMs);
    if (xtext) m.ratioToXtext = ratio(m.firstDiagnosticsMsMedian, xtext.firstDiagnosticsMsMedian);
    if (xtext) m.cpuRatioToXtext = ratio(m.cpuMsAtFirstDiagnosticsMedian, xtext.cpuMsAtFirstDiagnosticsMedian);
    console.log(`${s.name} (${m.command}): first diagnostics median ${m.firstDiagnosticsMsMedian} ms ` +
      `(${m.firstDiagnosticsMsMin}–${m.firstDiagnosticsMsMax})` +
      (m.engineDiagnosticsMsMedian !== null ? `, engine's ${m.engineDiagnosticsMsMedian} ms` : '') +
      `; CPU ${m.cpuMsAtFirstDiagnosticsMedian} ms; ${m.ratioToFloor}× floor` +
      (xtext ? `, ${m.ratioToXtext}× xtext (CPU ${m.cpuRatioToXtext}×)` : ''));
  }
  console.log(`load average (1 min) ${summary.machine.loadAverage1m.before} → ${summary.machine.loadAverage1m.after}`);
  console.log(JSON.stringify(summary));
  process.exit(0); // the language client library keeps timers alive
})().catch(e => { console.log('FAIL ' + e.message); process.exit(1); });
