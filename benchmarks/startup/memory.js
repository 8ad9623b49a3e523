'use strict';
// The language server's memory (docs/benchmarks.md, "Memory"): live heap after a full collection (the total of
// jcmd's GC.class_histogram, which collects first) and resident set size,
//   1. after opening a generated 1,007-line file (40 VMs, as bench.js makes it) and its engine diagnostics;
//   2. after opening 99 more documents (the shipped examples, round-robin under new names), each diagnosed.
// Output: human-readable lines, then one JSON object on the last line.
//
//   node memory.js [--jcmd /jdk/bin/jcmd] -- ./vmem
const cp = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { pathToFileURL } = require('url');
const lib = require('../../language-server/src/test/clients/node/lib');

const repo = path.resolve(__dirname, '../..');
const argv = process.argv;
const jcmdAt = argv.indexOf('--jcmd');
const jcmd = jcmdAt > 0 && jcmdAt < argv.indexOf('--') ? argv[jcmdAt + 1] : 'jcmd';

/** The 40-VM file of bench.js (the typing benchmark): about 1,000 lines. */
function generated(vms) {
  const out = ['kernel k618 {', '    version 6.18', '    patch no_direct_map v12', '    patch pfncache_gmem', '}', ''];
  for (let v = 0; v < vms; v++) {
    out.push(`vm vm${v} {`, '    kernel k618', '    vcpus 4',
      `    memory ram${v}: guest_memfd 1GiB flags mmap | init_shared | no_direct_map`, `    memory boot${v}: memfd 64MiB`,
      `    memory shm${v}: memfd 16MiB`, `    map ram${v} shared`, `    map boot${v} shared`, `    map shm${v} shared`,
      `    slot 0 gpa 0x0 userspace ram${v} guest_memfd ram${v}`, '    slot 1 gpa 0x1_0000_0000 userspace boot' + v,
      '    slot 2 gpa 0x2_0000_0000 userspace shm' + v, '    clock kvmclock', '    uses steal_time, pv_eoi',
      `    device net${v}: virtio_net via vhost`, `    device blk${v}: virtio_blk via vmm`, '}', '',
      `scenario s${v} {`, `    vm vm${v}`, '    step guest vcpu 0 write gpa 0x1000 expect ok', `    step gup ram${v} expect efault`,
      `    step touch boot${v} write`, '}', '');
  }
  return out.join('\n');
}

function liveHeapMiB(pid) {
  const out = cp.execFileSync(jcmd, [String(pid), 'GC.class_histogram'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const m = out.match(/^Total\s+\d+\s+(\d+)/m);
  if (!m) throw new Error('no Total line in GC.class_histogram');
  return Math.round(Number(m[1]) / 1024 / 1024 * 10) / 10;
}

function rssMiB(pid) {
  const m = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
  return m ? Math.round(Number(m[1]) / 1024) : null;
}

(async () => {
  const command = lib.serverCommand(argv);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmem-memory-'));
  const s = await lib.start(command, dir, {});
  const file = path.join(dir, 'generated.vmem');
  const text = generated(40);
  fs.writeFileSync(file, text);
  const uri = pathToFileURL(file).href;
  s.open(uri, text);
  await s.waitFor(uri, ds => ds.some(d => d.code === 'direct-map-exposure'), 120000, 'engine diagnostics of the generated file');
  const one = { liveHeapMiB: liveHeapMiB(s.pid), rssMiB: rssMiB(s.pid), lines: text.split('\n').length };
  console.log(`1 document (${one.lines} lines): live heap ${one.liveHeapMiB} MiB, RSS ${one.rssMiB} MiB`);

  const examples = [path.join(repo, 'examples'), path.join(repo, 'examples/spec')]
    .flatMap(d => fs.readdirSync(d).filter(f => f.endsWith('.vmem')).map(f => path.join(d, f)))
    .filter(f => !/import\s/.test(fs.readFileSync(f, 'utf8')));
  let lines = one.lines;
  for (let i = 0; i < 99; i++) {
    const src = examples[i % examples.length];
    const body = fs.readFileSync(src, 'utf8');
    const f = path.join(dir, `doc${i}.vmem`);
    fs.writeFileSync(f, body);
    const u = pathToFileURL(f).href;
    s.open(u, body);
    await s.waitFor(u, () => true, 120000, 'diagnostics of document ' + (i + 1));
    lines += body.split('\n').length;
  }
  await new Promise(r => setTimeout(r, 2000)); // the engine's publications of the last documents
  const hundred = { liveHeapMiB: liveHeapMiB(s.pid), rssMiB: rssMiB(s.pid), lines };
  console.log(`100 documents (${lines} lines): live heap ${hundred.liveHeapMiB} MiB, RSS ${hundred.rssMiB} MiB`);
  await s.stop();
  fs.rmSync(dir, { recursive: true, force: true });
  console.log(JSON.stringify({ server: command.join(' '), oneDocument: one, hundredDocuments: hundred,
    loadAverage1m: Math.round(os.loadavg()[0] * 10) / 10 }));
  process.exit(0);
})().catch(e => { console.log('FAIL ' + e.message); process.exit(1); });
