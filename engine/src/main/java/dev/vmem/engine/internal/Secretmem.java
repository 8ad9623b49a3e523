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
 * memfd_secret: {@code mm/secretmem.c} (SYSCALL_DEFINE1(memfd_secret), secretmem_mmap_prepare,
 * secretmem_fault, secretmem_setattr) and its arm64 guard (can_set_direct_map()).
 */
final class Secretmem extends KernelPart {

    Secretmem(Kernel kernel) {
        super(kernel);
    }

    Result create(Backing b) {
        var t = Trace.builder("memfd_secret(0) for " + b.name());
        t.kernel("SYSCALL_DEFINE1(memfd_secret)", KernelFact.SECRETMEM_SYSCALL);
        if (b.decl.hugetlb()) {
            t.kernel("memfd_secret(flags): only O_CLOEXEC; folios are order-0", KernelFact.SECRETMEM_NO_HUGE);
            t.outcome("EINVAL", null);
            return Result.finding(Outcome.EINVAL, t.build(), Draft.of(Rule.HUGETLB_SIZE_INVALID,
                    "memfd_secret has no huge pages (its only flag is O_CLOEXEC and its folios are order-0): "
                            + b.name() + " cannot be hugetlb memory.",
                    b.decl.hugetlbOrigin() == Origin.NONE ? b.decl.origin() : b.decl.hugetlbOrigin(), List.of())
                    .with("backing", b.name()));
        }
        var p = vm.profile;
        boolean arm64NoLinear = p.arch() == dev.vmem.engine.model.Arch.ARM64 && !p.canSetDirectMap() && p.hasMemfdSecret()
                && p.secretmemEnabled();
        if (arm64NoLinear) {
            var state = p.fix(dev.vmem.engine.kb.StableFix.ARM64_SECRETMEM_DISABLE);
            if (state != dev.vmem.engine.kb.StableFix.State.FIXED) {
                t.kernel("can_set_direct_map() is false, and this kernel does not check it in memfd_secret()",
                        KernelFact.ARM64_SECRETMEM_NOOP);
                b.created = true;
                b.fdOpen = true;
                b.directMapNoop = true;
                var related = List.of(new Related(vm.decl.kernelOrigin(), "kernel profile " + p.describe()));
                if (state == dev.vmem.engine.kb.StableFix.State.DEPENDS) {
                    t.state(dev.vmem.engine.kb.StableFix.ARM64_SECRETMEM_DISABLE.ambiguity(p.declared()),
                            KernelFact.STABLE_FIXES);
                    t.outcome("may ENOSYS (fixed point releases) or ok with the pages left in the direct map", null);
                    return Result.may(java.util.Set.of(Outcome.OK, Outcome.ENOSYS), t.build(),
                            Draft.of(Rule.SECRETMEM_IN_DIRECT_MAP,
                                    "On arm64 without a 4 KiB linear map, memfd_secret() for " + b.name()
                                            + " may succeed and leave every page in the direct map (set_direct_map_invalid_noflush() is a no-op), or fail with ENOSYS: "
                                            + dev.vmem.engine.kb.StableFix.ARM64_SECRETMEM_DISABLE.ambiguity(p.declared()) + ".",
                                    b.decl.origin(), related).with("backing", b.name()));
                }
                t.outcome("ok: but set_direct_map_invalid_noflush() is a no-op, the pages stay in the direct map", null);
                return Result.finding(Outcome.OK, t.build(), Draft.of(Rule.SECRETMEM_IN_DIRECT_MAP,
                        "On arm64 without a 4 KiB linear map, Linux " + p.declared()
                                + " lets memfd_secret() succeed for " + b.name()
                                + " but cannot remove its pages from the direct map: the secret memory stays readable by the kernel (CVE-2024-50182; fixed in "
                                + dev.vmem.engine.kb.StableFix.ARM64_SECRETMEM_DISABLE.releases() + ").",
                        b.decl.origin(), related).with("backing", b.name()));
            }
        }
        var missing = vm.profile.memfdSecretMissing();
        if (missing.isPresent()) {
            var outcome = Outcome.ENOSYS;
            t.state(vm.profile.describe(), KernelFact.SECRETMEM_HISTORY);
            t.outcome("ENOSYS: " + missing.get(), null);
            return Result.finding(outcome, t.build(), Draft.of(Rule.KERNEL_FEATURE_MISSING,
                    missing.get() + ".", b.decl.origin(),
                    List.of(new Related(vm.decl.kernelOrigin(), "kernel profile " + vm.profile.describe()))));
        }
        if (b.decl.size() == 0) {
            return kernel.mm.sizeZero(b, t);
        }
        b.created = true;
        b.fdOpen = true;
        t.kernel("ftruncate(" + size(b.size) + ") → secretmem_setattr (size set once)", KernelFact.SECRETMEM_SETATTR);
        return Result.ok(t.outcome("ok: secretmem_users++ (hibernation now unavailable)", null).build());
    }

    /** secretmem_mmap_prepare: MAP_SHARED only; empty when the mapping may proceed. */
    Optional<Result> mmapPrepare(Backing b, Sharing sharing, Origin origin, Trace.Builder t) {
        if (sharing == Sharing.PRIVATE) {
            t.kernel("secretmem_mmap_prepare: MAP_SHARED only", KernelFact.SECRETMEM_MMAP);
            t.outcome("EINVAL", null);
            return Optional.of(Result.finding(Outcome.EINVAL, t.build(), Draft.of(Rule.SHARED_MAPPING_REQUIRED,
                    "memfd_secret memory can only be mapped MAP_SHARED; MAP_PRIVATE of " + b.name() + " fails with EINVAL.",
                    origin, List.of(new Related(b.decl.origin(), "the backing"))).with("backing", b.name())));
        }
        return Optional.empty();
    }

    /**
     * The RLIMIT_MEMLOCK charge of a secretmem mapping: at mmap (VM_LOCKED, mlock_future_ok) before
     * the accounting change, at fault after it. Empty when the mapping proceeds; a definite result
     * (EAGAIN) ends the mmap; an UNKNOWN result is a "may" the mmap reports once the VMA exists.
     */
    Optional<Result> mmapCharge(Backing b, long len, Origin origin, Trace.Builder t) {
        var accounting = vm.profile.fix(dev.vmem.engine.kb.StableFix.SECRETMEM_ACCOUNTING);
        if (accounting == dev.vmem.engine.kb.StableFix.State.FIXED) {
            t.kernel("secretmem_mmap_prepare: VM_DONTDUMP only; pages are charged to locked_vm at fault",
                    KernelFact.SECRETMEM_ACCOUNTING);
        } else {
            t.kernel("secretmem_mmap_prepare → mlock_future_ok(VM_LOCKED)", KernelFact.SECRETMEM_MMAP);
            long limit = vm.decl.memlockLimit().orElse(-1);
            long after = vm.lockedBytes + len;
            boolean over = limit != -1 && Long.compareUnsigned(after, limit) > 0;
            if (over && vm.decl.capIpcLock()) {
                t.state("mlock_future_ok: capable(CAP_IPC_LOCK) → true, RLIMIT_MEMLOCK is not checked",
                        KernelFact.SECRETMEM_CAP_IPC_LOCK);
                vm.lockedBytes = after;
                if (accounting == dev.vmem.engine.kb.StableFix.State.DEPENDS) {
                    t.state(dev.vmem.engine.kb.StableFix.SECRETMEM_ACCOUNTING.ambiguity(vm.profile.declared()),
                            KernelFact.STABLE_FIXES);
                    t.outcome("ok; but with the new accounting the faults over the limit are SIGBUS (no CAP_IPC_LOCK bypass)", null);
                    return Optional.of(Result.may(java.util.Set.of(Outcome.OK), null, Draft.of(Rule.MEMLOCK_EXCEEDED,
                            "Mapping " + size(len) + " of memfd_secret " + b.name() + " exceeds RLIMIT_MEMLOCK ("
                                    + size(limit) + "): CAP_IPC_LOCK lets the old accounting map it, but the 2026 change removed the bypass and charges faults, so touching more than the limit may be SIGBUS; "
                                    + dev.vmem.engine.kb.StableFix.SECRETMEM_ACCOUNTING.ambiguity(vm.profile.declared()) + ".",
                            origin, List.of(new Related(vm.decl.memlockOrigin(), "RLIMIT_MEMLOCK"),
                                    new Related(b.decl.origin(), "the memfd_secret backing"))).with("backing", b.name())));
                }
                return Optional.empty();
            }
            if (over && accounting == dev.vmem.engine.kb.StableFix.State.DEPENDS) {
                t.state(dev.vmem.engine.kb.StableFix.SECRETMEM_ACCOUNTING.ambiguity(vm.profile.declared()), KernelFact.STABLE_FIXES);
                t.outcome("may EAGAIN (old accounting) or ok with SIGBUS at the fault over the limit (new accounting)", null);
                vm.lockedBytes = after;
                return Optional.of(Result.may(java.util.Set.of(Outcome.EAGAIN, Outcome.OK), null, Draft.of(Rule.MEMLOCK_EXCEEDED,
                        "Mapping " + size(len) + " of memfd_secret " + b.name() + " exceeds RLIMIT_MEMLOCK ("
                                + size(limit) + "): with the old accounting mmap fails with EAGAIN, with the 2026 change the mmap succeeds and the fault over the limit is SIGBUS; "
                                + dev.vmem.engine.kb.StableFix.SECRETMEM_ACCOUNTING.ambiguity(vm.profile.declared()) + ".",
                        origin, List.of(new Related(vm.decl.memlockOrigin(), "RLIMIT_MEMLOCK"),
                                new Related(b.decl.origin(), "the memfd_secret backing"))).with("backing", b.name())));
            } else if (over) {
                t.state("RLIMIT_MEMLOCK " + size(limit) + ", locked " + size(vm.lockedBytes) + " + " + size(len), null);
                t.outcome("EAGAIN", null);
                return Optional.of(Result.finding(Outcome.EAGAIN, t.build(), Draft.of(Rule.MEMLOCK_EXCEEDED,
                        "memfd_secret mappings are VM_LOCKED and charged to RLIMIT_MEMLOCK: mapping " + size(len) + " of "
                                + b.name() + " with " + size(vm.lockedBytes) + " already locked exceeds the limit of "
                                + size(limit) + ", so mmap fails with EAGAIN.",
                        origin, List.of(new Related(vm.decl.memlockOrigin(), "RLIMIT_MEMLOCK"),
                                new Related(b.decl.origin(), "the memfd_secret backing"))).with("backing", b.name())));
            }
            vm.lockedBytes = after;
        }
        return Optional.empty();
    }

    /** secretmem_fault for the VMM's fault on a secretmem mapping; empty when the page is faulted in. */
    Optional<Result> fault(Vma vma, long off, long len, Trace.Builder t) {
        var b = vma.backing;
        long fileEnd = off + len;
        if (vm.profile.fix(dev.vmem.engine.kb.StableFix.SECRETMEM_ACCOUNTING) == dev.vmem.engine.kb.StableFix.State.FIXED) {
            // secretmem_fault charges only a folio it allocates: filemap_lock_folio() finds a page
            // already in the inode's page cache (faulted through any mapping) and charges nothing.
            long fresh = len - b.allocated.bytes(off, off + len, x -> x);
            long limit = vm.decl.memlockLimit().orElse(-1);
            t.kernel("secretmem_fault: filemap_lock_folio, else folio_alloc + secretmem_account_folio (locked_vm)",
                    KernelFact.SECRETMEM_ACCOUNTING);
            if (limit != -1 && Long.compareUnsigned(vm.lockedBytes + fresh, limit) > 0) {
                t.state("RLIMIT_MEMLOCK " + size(limit) + ", charged " + size(vm.lockedBytes) + " + " + size(fresh), null);
                if (vm.decl.capIpcLock()) {
                    t.state("__secretmem_account_pages has no CAP_IPC_LOCK bypass", KernelFact.SECRETMEM_ACCOUNTING);
                }
                t.outcome("SIGBUS: the fault is over RLIMIT_MEMLOCK", null);
                return Optional.of(Result.of(Outcome.SIGBUS, t.build()));
            }
            vm.lockedBytes += fresh;
        }
        t.kernel(b.directMapNoop ? "secretmem_fault → set_direct_map_invalid_noflush: a no-op on this arm64 host"
                : "secretmem_fault → set_direct_map_invalid_noflush + flush_tlb_kernel_range",
                b.directMapNoop ? KernelFact.ARM64_SECRETMEM_NOOP : KernelFact.SECRETMEM_FAULT);
        if (!b.directMapNoop) {
            b.removed.put(off, fileEnd, true);
        }
        return Optional.empty();
    }
}
