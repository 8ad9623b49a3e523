package dev.vmem.engine.internal;

import dev.vmem.engine.internal.VmState.Backing;
import dev.vmem.engine.internal.VmState.Vma;
import dev.vmem.engine.kb.KernelFact;
import dev.vmem.engine.kb.KernelVersion;
import dev.vmem.engine.model.BackingKind;
import dev.vmem.engine.model.FileSystem;
import dev.vmem.engine.model.HostOperation;
import dev.vmem.engine.model.MapDecl;
import dev.vmem.engine.model.MapOptions;
import dev.vmem.engine.model.Origin;
import dev.vmem.engine.model.Outcome;
import dev.vmem.engine.model.Sharing;
import dev.vmem.engine.report.Related;
import dev.vmem.engine.report.Rule;
import dev.vmem.engine.report.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the kernel decides for a mapping's options (thp, dontdump, noreserve, locked, numa,
 * mergeable) and for a file backing's declared file system. Each decision cites its
 * {@link KernelFact}; where no fact decides, the finding says "may" or "not modelled".
 * BringUp and Kernel call it through a few hooks; the rest of the engine does not know the options.
 */
final class BackingPolicy {

    private static final KernelVersion GMEM_MEMPOLICY = KernelVersion.of(6, 19);
    private static final KernelVersion LONGTERM_FILE_PIN_CHECK = KernelVersion.of(6, 5);
    private static final KernelVersion FSDAX_CHECK_READ = KernelVersion.of(6, 1);

    private BackingPolicy() {
    }

    /** Whether the mmap faults every page in: MAP_POPULATE, or a locked mapping that is not lock-on-fault. */
    static boolean populates(MapDecl m) {
        return m.populate() || m.options().locked() && !m.options().lockOnFault();
    }

    /**
     * Before the mmap of a locked mapping: mlockall/mlock need a non-zero RLIMIT_MEMLOCK (EPERM),
     * and do_mmap() refuses a VM_LOCKED mapping beyond it (EAGAIN). Empty when the mmap may go on.
     */
    static Optional<Result> beforeMap(VmState vm, Backing b, MapDecl m) {
        var o = m.options();
        // CAP_IPC_LOCK: can_do_mlock() and mlock_future_ok() both return true for a capable process.
        if (!o.locked() || vm.decl.memlockLimit().isEmpty() || vm.decl.capIpcLock()) {
            return Optional.empty();
        }
        long limit = vm.decl.memlockLimit().getAsLong();
        long len = Kernel.roundUp(b.size);
        var t = Trace.builder("mmap of " + b.describe() + " as a locked mapping (mlockall(MCL_FUTURE) or MAP_LOCKED)");
        var related = List.of(new Related(vm.decl.memlockOrigin(), "RLIMIT_MEMLOCK"),
                new Related(b.decl.origin(), "the backing " + b.name()));
        if (limit == 0) {
            t.kernel("can_do_mlock: RLIMIT_MEMLOCK is 0 and no CAP_IPC_LOCK", KernelFact.MLOCK_ACCOUNTING);
            t.outcome("EPERM", null);
            return Optional.of(Result.finding(Outcome.EPERM, t.build(), Result.Draft.of(Rule.MLOCK_LIMIT_EXCEEDED,
                    "Locking " + b.name() + " needs a non-zero RLIMIT_MEMLOCK: with a limit of 0 (and no CAP_IPC_LOCK) mlockall() and mlock() fail with EPERM.",
                    o.lockedOrigin(), related).with("backing", b.name())));
        }
        long after = vm.lockedBytes + len;
        if (Long.compareUnsigned(after, limit) <= 0) {
            return Optional.empty();
        }
        t.kernel("do_mmap → mlock_future_check(VM_LOCKED): locked_vm + len > RLIMIT_MEMLOCK", KernelFact.MLOCK_ACCOUNTING);
        t.state("RLIMIT_MEMLOCK " + Kernel.size(limit) + ", locked " + Kernel.size(vm.lockedBytes) + " + "
                + Kernel.size(len), null);
        t.outcome("EAGAIN", null);
        return Optional.of(Result.finding(Outcome.EAGAIN, t.build(), Result.Draft.of(Rule.MLOCK_LIMIT_EXCEEDED,
                "The locked mapping of " + b.name() + " (" + Kernel.size(len) + ", with " + Kernel.size(vm.lockedBytes)
                        + " already locked) exceeds RLIMIT_MEMLOCK (" + Kernel.size(limit)
                        + "): without CAP_IPC_LOCK, mlock_future_check() makes the mmap fail with EAGAIN.",
                o.lockedOrigin(), related).with("backing", b.name())));
    }

    /** After a successful mmap: charge locked bytes, and report the options the kernel ignores here. */
    static void afterMap(VmState vm, Backing b, MapDecl m, Sink sink, String vmName) {
        var o = m.options();
        var bRel = List.of(new Related(b.decl.origin(), "the backing " + b.name()));
        boolean hugetlb = b.decl.hugetlb() || b.decl.fileSystem() == FileSystem.HUGETLBFS;
        if (o.locked()) {
            if (hugetlb || b.isSecretmem() || b.decl.fileSystem() == FileSystem.FSDAX
                    || b.decl.fileSystem() == FileSystem.DEVDAX) {
                var what = hugetlb ? "hugetlb" : b.isSecretmem() ? "secretmem" : "DAX";
                var t = Trace.builder("mlock of " + b.describe())
                        .kernel("mlock_fixup / mmap_region: " + what + " VMA → don't set VM_LOCKED, don't count",
                                KernelFact.MLOCK_ACCOUNTING)
                        .outcome("ok: nothing changes", null);
                sink.add(vmName, Result.Draft.of(Rule.ADVICE_IGNORED,
                        "locked has no effect on " + b.name() + ": mlock_fixup() neither marks nor counts " + what
                                + " VMAs (" + (hugetlb ? "hugetlb pages are never swapped anyway"
                                        : b.isSecretmem() ? "secretmem is unevictable anyway"
                                                : "DAX memory is not page cache")
                                + ").", o.lockedOrigin(), bRel).with("backing", b.name()).with("option", "locked"),
                        Outcome.OK, t.build());
            } else {
                vm.lockedBytes += Kernel.roundUp(b.size);
            }
        }
        if (m.mergeable()) {
            String why = m.sharing() == Sharing.SHARED ? "a shared mapping (VM_SHARED)"
                    : hugetlb ? "a hugetlb mapping (VM_HUGETLB)"
                            : b.decl.fileSystem() == FileSystem.FSDAX || b.decl.fileSystem() == FileSystem.DEVDAX
                                    ? "a DAX mapping" : null;
            if (why != null) {
                var t = Trace.builder("madvise(MADV_MERGEABLE) on " + b.describe())
                        .kernel("ksm_madvise: VM_SHARED|VM_MAYSHARE|VM_HUGETLB|… or DAX → return 0 (\"just ignore the advice\")",
                                KernelFact.KSM_MADVISE)
                        .outcome("ok: the VMA is never scanned by ksmd", null);
                sink.add(vmName, Result.Draft.of(Rule.ADVICE_IGNORED,
                        "mergeable has no effect on " + b.name() + ": it is " + why
                                + ", and ksm_madvise() accepts MADV_MERGEABLE there without marking the VMA, so KSM never merges this memory.",
                        m.mergeableOrigin(), bRel).with("backing", b.name()).with("option", "mergeable"),
                        Outcome.OK, t.build());
            }
        }
        if (o.thp() == MapOptions.Thp.ON && (hugetlb || b.isGmem() || b.isSecretmem())) {
            var what = hugetlb ? "hugetlb memory, faulted by hugetlb_fault()" : b.isGmem()
                    ? "guest_memfd, which allocates only order-0 folios" : "memfd_secret, which allocates only order-0 folios";
            var t = Trace.builder("madvise(MADV_HUGEPAGE) on " + b.describe())
                    .kernel("hugepage_madvise: set VM_HUGEPAGE, return 0", KernelFact.THP_ADVICE)
                    .state(b.name() + " is " + what, KernelFact.THP_ORDER0_MEMORY)
                    .outcome("ok: no transparent huge page ever backs it", null);
            sink.add(vmName, Result.Draft.of(Rule.ADVICE_IGNORED,
                    "thp on has no effect on " + b.name() + ": madvise(MADV_HUGEPAGE) is accepted, but " + b.name() + " is "
                            + what + ".", o.thpOrigin(), bRel).with("backing", b.name()).with("option", "thp"),
                    Outcome.OK, t.build());
        }
        if (o.numaPolicy() != MapOptions.NumaPolicy.NONE) {
            boolean gmemOld = b.isGmem() && vm.profile.declared().series().compareTo(GMEM_MEMPOLICY) < 0;
            if (gmemOld || b.isSecretmem()) {
                var t = Trace.builder("mbind(MPOL_" + o.numaPolicy().name() + ") on " + b.describe())
                        .kernel("vma_replace_policy: no vm_ops->set_policy → the VMA policy is set",
                                KernelFact.NUMA_POLICY)
                        .state(b.isGmem() ? "guest_memfd before 6.19 does not consult the mapping's policy"
                                : "secretmem_fault allocates with folio_alloc (the task's policy)", KernelFact.NUMA_POLICY)
                        .outcome("may: the policy is not applied to " + b.name() + "'s pages", null);
                sink.add(vmName, Result.Draft.of(Rule.ADVICE_IGNORED,
                        "numa " + o.numaPolicy().keyword() + " may have no effect on " + b.name() + ": "
                                + (b.isGmem() ? "guest_memfd gained mempolicy support (set_policy) only in 6.19"
                                        : "secretmem allocates its pages with the task's policy, not the mapping's")
                                + ", so mbind() succeeds but the pages may land on any node (inferred).",
                        o.numaOrigin(), bRel).with("backing", b.name()).with("option", "numa")
                                .with("possible", "may ok or ignored"),
                        Outcome.UNKNOWN, t.build());
            }
        }
        if (o.noreserve() && hugetlb) {
            var t = Trace.builder("mmap(MAP_NORESERVE) of " + b.describe())
                    .kernel("hugetlb_reserve_pages: VM_NORESERVE → no reservation", KernelFact.HUGETLB_NORESERVE)
                    .state("the hugetlb pool's free pages are host state the profile does not hold", null)
                    .outcome("unknown: SIGBUS at the first fault that finds the pool empty, ok otherwise", null);
            sink.add(vmName, Result.Draft.of(Rule.NOT_MODELLED,
                    "noreserve on hugetlb memory " + b.name()
                            + ": nothing is reserved at mmap, so a guest fault that finds the hugetlb pool empty is SIGBUS. The pool's size is not modelled; the outcome is unknown.",
                    o.noreserveOrigin(), bRel).with("backing", b.name()).with("option", "noreserve"),
                    Outcome.UNKNOWN, t.build());
        }
    }

    /** {@code host coredump}: VM_DONTDUMP mappings are left out of the dump. */
    static void coredump(VmState vm, Sink sink, String vmName) {
        var host = vm.decl.hostOps().stream().filter(h -> h.operation() == HostOperation.COREDUMP).findFirst();
        if (host.isEmpty()) {
            return;
        }
        var omitted = new ArrayList<Related>();
        var names = new ArrayList<String>();
        for (var m : vm.decl.maps()) {
            var b = vm.backings.get(m.backing());
            if (m.options().dontdump() && b != null && b.created && !b.noDirectMap() && vm.isMapped(b)) {
                omitted.add(new Related(m.options().dontdumpOrigin(), "dontdump " + b.name()));
                names.add(b.name());
            }
        }
        if (omitted.isEmpty()) {
            return;
        }
        var t = Trace.builder("VMM core dump")
                .kernel("MADV_DONTDUMP → VM_DONTDUMP; vma_dump_size() returns 0", KernelFact.DONTDUMP)
                .outcome("ok: the dump omits " + String.join(", ", names), null);
        sink.add(vmName, Result.Draft.of(Rule.COREDUMP_OMITS_GUEST_MEMORY,
                "A core dump of the VMM leaves out " + String.join(" and ", names)
                        + ": the mapping is madvise(MADV_DONTDUMP), and vma_dump_size() skips VM_DONTDUMP VMAs.",
                host.get().origin(), omitted).with("option", "dontdump"), Outcome.OK, t.build());
    }

    /** Whether the declaration states the file system of the VMA's file, so {@link #longtermPin} decides. */
    static boolean statesFileSystem(Vma v) {
        return v.backing.kind() == BackingKind.FILE && v.backing.decl.fileSystem() != null;
    }

    /**
     * A long-term pin of a file mapping whose file system the declaration states
     * ({@link #statesFileSystem}); empty when the pin is allowed.
     */
    static Optional<Result> longtermPin(VmState vm, Vma v, String who, Trace.Builder t, Origin origin) {
        var b = v.backing;
        var fs = b.decl.fileSystem();
        var series = vm.profile.declared().series();
        var rel = List.of(new Related(b.decl.fileSystemOrigin(), "the file system of " + b.name()));
        if (fs == FileSystem.FSDAX) {
            t.kernel("check_vma_flags: FOLL_LONGTERM && vma_is_fsdax(vma) → -EOPNOTSUPP", KernelFact.FILE_SYSTEM_DECLARED);
            if (series.compareTo(FSDAX_CHECK_READ) < 0) {
                t.outcome("may EOPNOTSUPP (the check was read in 6.1 and later)", null);
                return Optional.of(Result.may(Set.of(Outcome.EOPNOTSUPP, Outcome.OK), t.build(), Result.Draft.of(
                        Rule.LONGTERM_PIN_FILE_MAPPING, who + " pins " + b.name()
                                + " (a file on fs-DAX) long term: check_vma_flags() refuses every long-term pin of fs-DAX with EOPNOTSUPP in 6.1 and later; this older kernel may too.",
                        origin, rel).with("backing", b.name())));
            }
            t.outcome("EOPNOTSUPP", null);
            return Optional.of(Result.finding(Outcome.EOPNOTSUPP, t.build(), Result.Draft.of(Rule.LONGTERM_PIN_FILE_MAPPING,
                    who + " pins " + b.name() + " (a file on fs-DAX) long term: check_vma_flags() refuses every FOLL_LONGTERM pin of an fs-DAX mapping with EOPNOTSUPP.",
                    origin, rel).with("backing", b.name())));
        }
        if (!fs.needsDirtyTracking() || v.sharing != Sharing.SHARED || series.compareTo(LONGTERM_FILE_PIN_CHECK) < 0) {
            return Optional.empty();
        }
        t.kernel("check_vma_flags: FOLL_LONGTERM && !writable_file_mapping_allowed(vma) → -EFAULT",
                KernelFact.FILE_SYSTEM_DECLARED);
        t.state(b.name() + " is a shared mapping of a file on " + fs.keyword() + ", which needs dirty tracking", null);
        t.outcome("EFAULT", null);
        return Optional.of(Result.finding(Outcome.EFAULT, t.build(), Result.Draft.of(Rule.LONGTERM_PIN_FILE_MAPPING,
                who + " pins " + b.name() + " (a shared mapping of a file on " + fs.keyword()
                        + ") long term: since 6.5 GUP refuses FOLL_LONGTERM write pins of file mappings that need dirty tracking, so the pin fails with EFAULT.",
                origin, rel).with("backing", b.name())));
    }
}
