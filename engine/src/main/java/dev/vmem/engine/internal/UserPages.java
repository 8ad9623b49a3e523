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
 * GUP and user accessors over the VMM's address space: {@code mm/gup.c} (get_user_pages,
 * gup_fast_folio_allowed, check_vma_flags, FOLL_LONGTERM) and the uaccess copies of
 * {@code include/linux/uaccess.h}.
 */
final class UserPages extends KernelPart {

    /** Folios a per-CPU lru_add batch holds before it is drained (15 on 6.8; GUP_FAST_RACE). */
    static final long LRU_BATCH_PAGES = 15;

    UserPages(Kernel kernel) {
        super(kernel);
    }

    /** How a GUP call over an address range ends. Ordered from worst to best. */
    enum Gup {
        NO_MAPPING, FAULT_FAILED, REFUSED, LET_THROUGH, MAY_LET_THROUGH, OK
    }

    /** The verdict for a range plus the VMA that decided it (null when unmapped). */
    record GupResult(Gup verdict, Vma vma) {
    }

    /**
     * get_user_pages over {@code [addr, addr+len)}. {@code fast} callers try GUP-fast first, which
     * matters for the secretmem GUP-fast bug on pre-faulted pages.
     */
    GupResult gup(long addr, long len, boolean fast, Trace.Builder t) {
        GupResult worst = new GupResult(Gup.OK, null);
        for (var piece : vmaPieces(addr, len)) {
            budget.spend(1);
            var r = gupPiece(piece, fast, t);
            if (r.verdict().ordinal() < worst.verdict().ordinal()) {
                worst = r;
            }
            if (worst.verdict() == Gup.NO_MAPPING) {
                break;
            }
        }
        return worst;
    }

    private GupResult gupPiece(VmaPiece piece, boolean fast, Trace.Builder t) {
        if (piece.vma == null) {
            t.state("no VMA at " + hex(piece.addr), null);
            return new GupResult(Gup.NO_MAPPING, null);
        }
        var v = piece.vma;
        var b = v.backing;
        long off = piece.addr - v.start;
        if (b.kind() != BackingKind.ANONYMOUS && Long.compareUnsigned(off + piece.len, roundUp(b.size)) > 0) {
            t.state(b.name() + ": fault beyond i_size → SIGBUS", null);
            return new GupResult(Gup.FAULT_FAILED, v);
        }
        if (b.isGmem() && !b.has(GmemFlag.INIT_SHARED)) {
            t.state(b.name() + ": guest_memfd without INIT_SHARED faults SIGBUS", KernelFact.GMEM_FAULT_USER);
            return new GupResult(Gup.FAULT_FAILED, v);
        }
        if (b.isGmem() && b.released) {
            return new GupResult(Gup.FAULT_FAILED, v);
        }
        if (!b.noDirectMap()) {
            return new GupResult(Gup.OK, v);
        }
        boolean secret = b.isSecretmem();
        var refuseFact = secret && vm.profile.noDirectMapRevision() == 0 ? KernelFact.GUP_REFUSES_SECRETMEM
                : KernelFact.GUP_REFUSES_NO_DIRECT_MAP;
        if (!vm.profile.gupRefusesNoDirectMap()) {
            t.state(b.name() + ": the secretmem check was removed from GUP (secretmem_gup_allowed), so GUP returns a page whose direct-map entry is gone",
                    KernelFact.SECRETMEM_GUP_EXPERIMENT);
            return new GupResult(Gup.LET_THROUGH, v);
        }
        long prefaulted = secret && fast && vm.profile.secretmemGupFastBug() ? v.populated.bytes(off, off + piece.len, x -> x) : 0;
        if (prefaulted == piece.len && piece.len > LRU_BATCH_PAGES * PAGE) {
            t.kernel("gup_fast: more pre-faulted pages than a per-CPU lru_add batch holds; the rest have PG_lru and are refused",
                    KernelFact.GUP_FAST_RACE);
        } else if (prefaulted == piece.len && prefaulted > 0) {
            t.kernel("gup_fast: pages present; folio_is_secretmem() tests PG_lru, which a folio still in the per-CPU lru_add batch lacks",
                    KernelFact.SECRETMEM_GUP_FAST_BUG);
            t.state(b.name() + ": pre-faulted secretmem on " + vm.profile.declared()
                    + (vm.profile.fix(dev.vmem.engine.kb.StableFix.SECRETMEM_GUP_FAST) == dev.vmem.engine.kb.StableFix.State.DEPENDS
                            ? " (" + dev.vmem.engine.kb.StableFix.SECRETMEM_GUP_FAST.ambiguity(vm.profile.declared()) + ")" : "")
                    + ": a race decides whether GUP-fast lets a page through (still in a batch) or refuses it (PG_lru set), after which slow GUP refuses",
                    KernelFact.GUP_FAST_RACE);
            return new GupResult(Gup.MAY_LET_THROUGH, v);
        }
        if (fast) {
            t.kernel(secret ? "gup_fast_folio_allowed: secretmem → fall back to slow GUP"
                    : "gup_fast_folio_allowed: mapping_no_direct_map → fall back to slow GUP", refuseFact);
        }
        t.kernel(secret ? "check_vma_flags: vma_is_secretmem → -EFAULT" : "check_vma_flags: vma_has_no_direct_map → -EFAULT",
                refuseFact);
        t.state(b.describe() + " has no direct map", null);
        return new GupResult(Gup.REFUSED, v);
    }

    /**
     * check_vma_flags() for FOLL_LONGTERM: from 6.5 a writable long-term pin of a shared file
     * mapping that needs dirty tracking is refused (writable_file_mapping_allowed); fs-DAX refuses
     * every long-term pin. hugetlbfs, tmpfs/shmem (memfd, /dev/shm) and device-DAX are fine. A file
     * whose file system the path does not show gets a "may".
     */
    Optional<Result> longtermFilePin(Vma v, String who, Trace.Builder t, Origin origin) {
        if (BackingPolicy.statesFileSystem(v)) {
            return BackingPolicy.longtermPin(vm, v, who, t, origin);
        }
        var b = v.backing;
        if (b.kind() != BackingKind.FILE || b.decl.hugetlb() || v.sharing != Sharing.SHARED
                || vm.profile.declared().series().compareTo(dev.vmem.engine.kb.KernelVersion.of(6, 5)) < 0) {
            return Optional.empty();
        }
        var path = b.decl.path() == null ? "" : b.decl.path();
        if (path.startsWith("/dev/shm/") || path.startsWith("/run/") || path.startsWith("/dev/hugepages")
                || path.startsWith("/dev/dax")) {
            return Optional.empty();
        }
        t.kernel("check_vma_flags: FOLL_LONGTERM && !writable_file_mapping_allowed(vma)", KernelFact.LONGTERM_FILE_PINS);
        t.state(b.name() + " is a shared mapping of \"" + path + "\", whose file system the profile does not show", null);
        t.outcome("may EFAULT (ext4, xfs and other file systems with dirty tracking; EOPNOTSUPP on fs-DAX) or ok (tmpfs)",
                null);
        return Optional.of(Result.may(java.util.Set.of(Outcome.EFAULT, Outcome.EOPNOTSUPP, Outcome.OK), t.build(),
                Draft.of(Rule.LONGTERM_PIN_FILE_MAPPING, who + " pins " + b.name() + " (a shared mapping of \"" + path
                        + "\") long term: since 6.5 GUP refuses FOLL_LONGTERM write pins of file mappings that need dirty tracking (ext4, xfs, ...), and fs-DAX refuses every long-term pin with EOPNOTSUPP; only tmpfs, hugetlbfs and device-DAX files are fine. The pin may fail.",
                        origin, List.of(new Related(b.decl.origin(), "the file backing " + b.name()))).with("backing", b.name())));
    }

    /** A contiguous part of an address range: covered by one VMA, or by none. */
    record VmaPiece(long addr, long len, Vma vma) {
    }

    List<VmaPiece> vmaPieces(long addr, long len) {
        var out = new ArrayList<VmaPiece>();
        if (addr == VmState.NO_HVA) {
            out.add(new VmaPiece(addr, len, null));
            return out;
        }
        long pos = addr;
        long end = addr + len;
        while (Long.compareUnsigned(pos, end) < 0) {
            budget.spend(1);
            var v = vm.vmaAt(pos);
            if (v.isPresent()) {
                long e = Long.compareUnsigned(v.get().end(), end) < 0 ? v.get().end() : end;
                out.add(new VmaPiece(pos, e - pos, v.get()));
                pos = e;
            } else {
                long next = vm.nextVmaStart(pos, end);
                out.add(new VmaPiece(pos, next - pos, null));
                pos = next;
            }
        }
        return out;
    }

    /** How a user-accessor copy over an address range ends. */
    enum Uaccess {
        NO_MAPPING, SIGBUS, OK
    }

    /** copy_to_user/copy_from_user over {@code [addr, addr+len)}: works on any mapping that can be faulted. */
    record UaccessResult(Uaccess verdict, Vma vma) {
    }

    UaccessResult uaccess(long addr, long len, Trace.Builder t) {
        for (var piece : vmaPieces(addr, len)) {
            budget.spend(1);
            if (piece.vma == null) {
                t.state("no VMA at " + hex(piece.addr), null);
                return new UaccessResult(Uaccess.NO_MAPPING, null);
            }
            var b = piece.vma.backing;
            long off = piece.addr - piece.vma.start;
            if (b.kind() != BackingKind.ANONYMOUS && Long.compareUnsigned(off + piece.len, roundUp(b.size)) > 0) {
                t.state(b.name() + ": fault beyond i_size → SIGBUS", null);
                return new UaccessResult(Uaccess.SIGBUS, piece.vma);
            }
            if (b.isGmem() && (!b.has(GmemFlag.INIT_SHARED) || b.released)) {
                t.state(b.name() + ": guest_memfd without INIT_SHARED: kvm_gmem_fault_user_mapping → SIGBUS",
                        KernelFact.GMEM_FAULT_USER);
                return new UaccessResult(Uaccess.SIGBUS, piece.vma);
            }
        }
        return new UaccessResult(Uaccess.OK, null);
    }

    Draft gupDraft(Backing b, String who, String consequence, Origin origin, Related extra) {
        var what = b.isSecretmem() ? "memfd_secret memory" : "NO_DIRECT_MAP guest_memfd memory";
        var rel = new ArrayList<Related>();
        rel.add(new Related(b.decl.origin(), "the " + b.kind().keyword() + " backing " + b.name()));
        if (extra != null) {
            rel.add(extra);
        }
        if (b.isSecretmem() && vm.profile.secretmemGupFastBug()) {
            consequence = consequence + " (on this kernel a page the VMM has touched may still slip through GUP-fast, a race; MAP_POPULATE pre-faults nothing)";
        }
        return Draft.of(Rule.GUP_ON_SECRET_MEMORY, who + ", and GUP refuses " + what + " (" + b.name() + "): "
                + consequence + ".", origin, rel).with("backing", b.name());
    }
}
