package dev.vmem.engine.internal;

import static dev.vmem.engine.internal.Kernel.add;
import static dev.vmem.engine.internal.Kernel.aligned;
import static dev.vmem.engine.internal.Kernel.hex;
import static dev.vmem.engine.internal.Kernel.roundUp;
import static dev.vmem.engine.internal.Kernel.size;
import static dev.vmem.engine.internal.VmState.PAGE;

import dev.vmem.engine.internal.Result.Draft;
import dev.vmem.engine.internal.UserPages.Gup;
import dev.vmem.engine.internal.VmState.Backing;
import dev.vmem.engine.internal.VmState.Slot;
import dev.vmem.engine.internal.VmState.Vma;
import dev.vmem.engine.kb.KernelFact;
import dev.vmem.engine.kb.KernelProfile.FlagVerdict;
import dev.vmem.engine.model.Access;
import dev.vmem.engine.model.AttributeDecl.MemoryAttribute;
import dev.vmem.engine.model.BackingKind;
import dev.vmem.engine.model.GmemFlag;
import dev.vmem.engine.model.GmemFlagDecl;
import dev.vmem.engine.model.Operation;
import dev.vmem.engine.model.Origin;
import dev.vmem.engine.model.Outcome;
import dev.vmem.engine.model.Sharing;
import dev.vmem.engine.model.SlotDecl;
import dev.vmem.engine.model.SlotFlag;
import dev.vmem.engine.model.VmType;
import dev.vmem.engine.report.Related;
import dev.vmem.engine.report.Rule;
import dev.vmem.engine.report.Trace;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * The VMM's own view of its memory: creating backings ({@code mm/memfd.c}, open + ftruncate),
 * {@code mm/mmap.c} (do_mmap, MAP_POPULATE via mm_populate), {@code mm/memory.c} (handle_mm_fault),
 * {@code fs/read_write.c}, {@code fs/open.c} (vfs_fallocate, do_truncate) and {@code mm/shmem.c}.
 * Backing-specific parts are delegated to {@link Secretmem}, {@link GuestMemfd} and {@link Hugetlb}.
 */
final class ProcessMm extends KernelPart {

    ProcessMm(Kernel kernel) {
        super(kernel);
    }

    Result createBacking(Backing b) {
        budget.spend(1);
        var d = b.decl;
        return switch (d.kind()) {
            case ANONYMOUS -> {
                if (d.hugetlb()) {
                    var t = Trace.builder("mmap(MAP_ANONYMOUS|MAP_HUGETLB) for " + b.name());
                    var bad = kernel.hugetlb.problem(b, t);
                    if (bad.isPresent()) {
                        yield bad.get();
                    }
                }
                b.created = true;
                yield Result.ok(Trace.builder("anonymous memory " + b.name() + ": created at mmap").build());
            }
            case MEMFD, FILE -> {
                var t = Trace.builder((d.kind() == BackingKind.MEMFD ? "memfd_create(" : "open(")
                        + (d.kind() == BackingKind.FILE ? "\"" + d.path() + "\"" : "\"" + b.name() + "\"")
                        + (d.hugetlb() ? ", MFD_HUGETLB" : "") + ") + ftruncate(" + size(d.size()) + ")");
                if (d.size() == 0) {
                    yield sizeZero(b, t);
                }
                if (d.hugetlb()) {
                    var bad = kernel.hugetlb.problem(b, t);
                    if (bad.isPresent()) {
                        yield bad.get();
                    }
                }
                b.created = true;
                b.fdOpen = true;
                yield Result.ok(t.outcome("ok", null).build());
            }
            case MEMFD_SECRET -> kernel.secretmem.create(b);
            case GUEST_MEMFD -> kernel.gmem.create(b);
        };
    }

    Result sizeZero(Backing b, Trace.Builder t) {
        t.outcome("EINVAL: a zero-sized backing cannot be mapped or created", KernelFact.GMEM_CREATE);
        return Result.finding(Outcome.EINVAL, t.build(), Draft.of(Rule.INVALID_ARGUMENT,
                "Backing " + b.name() + " has size 0: KVM_CREATE_GUEST_MEMFD and mmap refuse a zero size with EINVAL.",
                b.decl.sizeOrigin(), List.of()));
    }

    /** mmap of a backing by the VMM. */
    Result mmap(Backing b, Sharing sharing, long length, Optional<Long> at, boolean populate, Origin origin) {
        budget.spend(1);
        var t = Trace.builder("mmap(" + (at.map(Kernel::hex).orElse("NULL")) + ", " + size(length) + ", MAP_"
                + sharing.name() + (populate ? "|MAP_POPULATE" : "") + ") of " + b.describe());
        if (b.hasFd() && !b.fdOpen) {
            t.outcome("EBADF: the file descriptor is closed", null);
            return Result.of(Outcome.EBADF, t.build());
        }
        if (b.isGmem()) {
            var refused = kernel.gmem.mmap(b, sharing, origin, t);
            if (refused.isPresent()) {
                return refused.get();
            }
        } else if (b.isSecretmem()) {
            var refused = kernel.secretmem.mmapPrepare(b, sharing, origin, t);
            if (refused.isPresent()) {
                return refused.get();
            }
        }
        if (at.isPresent() && b.decl.hugetlb() && b.decl.hugePageSize() > 0 && at.get() % b.decl.hugePageSize() != 0) {
            t.kernel("hugetlb_get_unmapped_area / prepare_hugepage_range: MAP_FIXED must be huge-page aligned",
                    KernelFact.HUGETLB_SIZES);
            t.outcome("EINVAL", null);
            return Result.finding(Outcome.EINVAL, t.build(), Draft.of(Rule.MISALIGNED,
                    "mmap address " + hex(at.get()) + " of hugetlb backing " + b.name() + " is not aligned to its "
                            + size(b.decl.hugePageSize()) + " page size: EINVAL.", origin, List.of()));
        }
        if (at.isPresent() && !aligned(at.get())) {
            t.outcome("EINVAL: unaligned fixed address", null);
            return Result.finding(Outcome.EINVAL, t.build(), Draft.of(Rule.MISALIGNED,
                    "mmap address " + hex(at.get()) + " is not page aligned: EINVAL.", origin, List.of()));
        }
        if (length == 0) {
            t.outcome("EINVAL: length 0", null);
            return Result.of(Outcome.EINVAL, t.build());
        }
        long len = roundUp(length);
        long base = at.orElse(vm.nextMmap);
        if (len == 0 || add(base, len).isEmpty() || add(base + len, Math.max(len, 2L << 20) + (2L << 20)).isEmpty()) {
            t.outcome("ENOMEM: the range does not fit in the address space", null);
            return Result.of(Outcome.ENOMEM, t.build());
        }
        Result memlockMay = null;
        if (b.isSecretmem()) {
            var charged = kernel.secretmem.mmapCharge(b, len, origin, t);
            if (charged.isPresent() && charged.get().outcome() != Outcome.UNKNOWN) {
                return charged.get();
            }
            memlockMay = charged.orElse(null);
        }
        long start = at.orElseGet(() -> {
            // Automatic placement leaves a hole as large as the mapping after it, so a memslot that
            // runs past its mapping hits unmapped addresses at every scale, not a neighbour.
            long s = vm.nextMmap;
            long hole = Math.max(len, 2L << 20);
            vm.nextMmap = (s + len + hole + (2L << 20) - 1) & -(2L << 20);
            return s;
        });
        if (!b.isGmem() && !b.isSecretmem()) {
            t.kernel("mmap of " + b.kind().keyword() + " memory", KernelFact.STANDARD_MM);
        }
        var vma = new Vma(b, sharing, start, len, origin);
        vm.addVma(vma);
        t.state("VMA [" + hex(start) + ", " + hex(start + len) + ")", null);
        if (memlockMay != null) {
            return new Result(Outcome.UNKNOWN, t.build(), memlockMay.draft(), memlockMay.possible());
        }
        if (populate && b.noDirectMap() && vm.profile.gupRefusesNoDirectMap()) {
            t.kernel("mm_populate → populate_vma_page_range → __get_user_pages → check_vma_flags: "
                    + (b.isSecretmem() ? "vma_is_secretmem" : "vma_has_no_direct_map") + " → -EFAULT, ignored",
                    KernelFact.POPULATE_SECRETMEM);
            t.outcome("ok: nothing is faulted in", null);
            return Result.finding(Outcome.OK, t.build(), Draft.of(Rule.POPULATE_IGNORED,
                    "MAP_POPULATE faults nothing of " + b.name() + " in: GUP refuses "
                            + (b.isSecretmem() ? "secretmem" : "NO_DIRECT_MAP guest_memfd")
                            + " VMAs and mm_populate() ignores the error, so the mapping succeeds and every page is still unpopulated.",
                    origin, List.of(new Related(b.decl.origin(), "the backing " + b.name()))).with("backing", b.name()));
        }
        if (populate) {
            var pr = fault(vma, 0, len, Access.WRITE, t);
            if (pr.outcome() == Outcome.OK) {
                t.kernel("MAP_POPULATE: every page faulted in", null);
            } else {
                t.kernel("MAP_POPULATE: faults failed (" + pr.outcome().keyword() + "); mmap ignores populate errors",
                        null);
            }
        }
        return Result.ok(t.outcome("ok", null).build());
    }

    /**
     * The VMM touches {@code [off, off+len)} of a VMA: the backing's fault handler runs for pages not
     * yet present. Returns OK, SIGBUS or SIGSEGV; records population and direct-map removal.
     */
    Result fault(Vma vma, long off, long len, Access access, Trace.Builder t) {
        budget.spend(1);
        var b = vma.backing;
        if (Long.compareUnsigned(off + len, vma.length) > 0 || len == 0 && off >= vma.length) {
            t.outcome("SIGSEGV: outside the mapping", null);
            return Result.of(Outcome.SIGSEGV, t.build());
        }
        long fileEnd = off + len;
        if (b.kind() != BackingKind.ANONYMOUS && Long.compareUnsigned(fileEnd, roundUp(b.size)) > 0) {
            var fact = b.isGmem() ? KernelFact.GMEM_FAULT_USER
                    : b.isSecretmem() ? KernelFact.SECRETMEM_FAULT : null;
            t.kernel("fault beyond i_size (" + size(b.size) + ")", fact);
            t.outcome("SIGBUS", null);
            return Result.of(Outcome.SIGBUS, t.build());
        }
        if (b.isGmem()) {
            var failed = kernel.gmem.faultUser(b, off, fileEnd, t);
            if (failed.isPresent()) {
                return failed.get();
            }
        } else if (b.isSecretmem()) {
            var failed = kernel.secretmem.fault(vma, off, len, t);
            if (failed.isPresent()) {
                return failed.get();
            }
        }
        b.allocated.put(off, fileEnd, true);
        vma.populated.put(off, off + len, true);
        return Result.ok(t.build());
    }

    Result fileIo(Backing b, boolean write) {
        budget.spend(1);
        var t = Trace.builder((write ? "write(2)" : "read(2)") + " on " + b.describe());
        if (!b.hasFd()) {
            t.outcome("EBADF: anonymous memory has no file descriptor", null);
            return Result.of(Outcome.EBADF, t.build());
        }
        if (!b.fdOpen) {
            t.outcome("EBADF: the file descriptor is closed", null);
            return Result.of(Outcome.EBADF, t.build());
        }
        if (b.isGmem() || b.isSecretmem()) {
            t.kernel(b.isGmem() ? "kvm_gmem_fops: no read/write operations" : "secretmem_fops: no read/write operations",
                    b.isGmem() ? KernelFact.GMEM_FILE_OPS : KernelFact.SECRETMEM_NO_FILE_IO);
            t.kernel("vfs_" + (write ? "write" : "read") + ": no FMODE_CAN_" + (write ? "WRITE" : "READ"),
                    KernelFact.NO_RW_FOPS_ERRNO);
            t.outcome("EINVAL", null);
            return Result.of(Outcome.EINVAL, t.build());
        }
        if (write && b.decl.hugetlb()) {
            t.kernel("hugetlbfs_file_operations: no write_iter", KernelFact.HUGETLB_SIZES);
            return Result.of(Outcome.EINVAL, t.outcome("EINVAL", null).build());
        }
        return Result.ok(t.outcome("ok", KernelFact.STANDARD_MM).build());
    }

    Result fallocate(Backing b, Operation.FallocateMode mode, long off, long len) {
        budget.spend(1);
        var t = Trace.builder("fallocate(" + b.name() + ", FALLOC_FL_KEEP_SIZE"
                + (mode == Operation.FallocateMode.PUNCH_HOLE ? "|FALLOC_FL_PUNCH_HOLE" : "") + ", " + hex(off) + ", "
                + hex(len) + ")");
        if (!b.hasFd() || !b.fdOpen) {
            t.outcome("EBADF", null);
            return Result.of(Outcome.EBADF, t.build());
        }
        if (b.isSecretmem()) {
            t.kernel("vfs_fallocate: secretmem has no fallocate operation", KernelFact.SECRETMEM_NO_FILE_IO);
            t.outcome("EOPNOTSUPP", null);
            return Result.of(Outcome.EOPNOTSUPP, t.build());
        }
        if (!b.isGmem()) {
            if (b.decl.hugetlb() || b.kind() == BackingKind.FILE) {
                return ScenarioRunner.notModelled(t, "fallocate on a " + (b.decl.hugetlb() ? "hugetlb" : "regular") + " file");
            }
            if (mode == Operation.FallocateMode.PUNCH_HOLE) {
                b.allocated.put(off, off + len, null);
            }
            return Result.ok(t.outcome("ok: shmem_fallocate", KernelFact.STANDARD_MM).build());
        }
        return kernel.gmem.fallocate(b, mode, off, len, t);
    }

    Result ftruncate(Backing b, long newSize) {
        budget.spend(1);
        var t = Trace.builder("ftruncate(" + b.name() + ", " + size(newSize) + ")");
        if (!b.hasFd() || !b.fdOpen) {
            t.outcome("EBADF", null);
            return Result.of(Outcome.EBADF, t.build());
        }
        if (b.isGmem()) {
            t.kernel("kvm_gmem_setattr: the size is immutable", KernelFact.GMEM_FILE_OPS);
            t.outcome("EINVAL", null);
            return Result.of(Outcome.EINVAL, t.build());
        }
        if (b.isSecretmem()) {
            t.kernel("secretmem_setattr: i_size already set", KernelFact.SECRETMEM_SETATTR);
            t.outcome("EINVAL", null);
            return Result.of(Outcome.EINVAL, t.build());
        }
        if (b.decl.hugetlb() && newSize % b.decl.hugePageSize() != 0) {
            t.kernel("hugetlbfs_setattr: size not a multiple of the huge page size", KernelFact.HUGETLB_SIZES);
            return Result.of(Outcome.EINVAL, t.outcome("EINVAL", null).build());
        }
        b.size = newSize;
        return Result.ok(t.outcome("ok", KernelFact.STANDARD_MM).build());
    }
}
