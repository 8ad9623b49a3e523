#!/usr/bin/env python3
"""Inputs for the CLI benchmarks of docs/benchmarks.md, written into OUT (default: benchmarks/target/cli):

  many/     1,000 files: the shipped examples (examples/ and examples/spec/) copied round-robin
  big.vmem  one file: the engine benchmark's 1 TiB guest with 32,000 memslots and every device and
            feature on (benchmarks/src/main/java/dev/vmem/benchmarks/Setups.java, `large`)
"""
import pathlib
import shutil
import sys

root = pathlib.Path(__file__).resolve().parents[2]
out = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else root / "benchmarks" / "target" / "cli"
GiB = 1 << 30
MiB = 1 << 20

many = out / "many"
shutil.rmtree(many, ignore_errors=True)
many.mkdir(parents=True)
examples = sorted(root.glob("examples/*.vmem")) + sorted(root.glob("examples/spec/*.vmem"))
for i in range(1000):
    src = examples[i % len(examples)]
    shutil.copyfile(src, many / f"{i:04d}-{src.name}")


def slots(first_id, gpa, backing, size, count, gmem):
    """`count` memslots over `size` bytes of `backing` from `gpa`: 32 MiB each, the last takes the rest."""
    lines = []
    each = 32 * MiB
    for k in range(count):
        offset = k * each
        length = each if k < count - 1 else size - offset
        bind = f" guest_memfd {backing} offset {offset:#x}" if gmem else ""
        lines.append(f"    slot {first_id + k} gpa {gpa + offset:#x} size {length:#x} "
                     f"userspace {backing} offset {offset:#x}{bind}")
    return lines


n = 32000
secret, shared, anon = n // 2, n // 4, n // 4
body = [
    "// The engine benchmark's 1 TiB guest in 32,000 memslots (benchmarks/cli/make-inputs.py).",
    "kernel big_host {", "    version 6.18", "    arch x86_64", "    patch no_direct_map v12",
    "    patch pfncache_gmem", "}", "",
    "vm big {", "    kernel big_host", "    vcpus 64",
    "    memory secret: guest_memfd 512GiB flags mmap | init_shared | no_direct_map",
    "    map secret shared",
    "    memory shared_ram: memfd 256GiB", "    map shared_ram shared",
    "    memory anon_ram: anonymous 256GiB", "    map anon_ram private",
]
body += slots(0, 0, "secret", 512 * GiB, secret, True)
body += slots(secret, 512 * GiB, "shared_ram", 256 * GiB, shared, False)
body += slots(secret + shared, 768 * GiB, "anon_ram", 256 * GiB, anon, False)
body += [
    "    clock kvmclock", "    uses steal_time, pv_eoi, async_pf, nested, xen_shared_info",
    "    device con0: virtio_console via vmm", "    device net0: virtio_net via vhost",
    "    device net1: virtio_net via vhost_zerocopy", "    device blk0: virtio_blk via io_uring",
    "    device blk1: virtio_blk via o_direct", "    device nic0: vfio",
    "    host hibernate, coredump, ptrace, proc_mem, process_vm_readv",
    "}",
]
(out / "big.vmem").write_text("\n".join(body) + "\n")
print(f"{out}: many/ ({len(list(many.iterdir()))} files), big.vmem ({len(body)} lines)")
