package dev.vmem.engine.internal;

import static dev.vmem.engine.internal.Kernel.add;
import static dev.vmem.engine.internal.Kernel.aligned;
import static dev.vmem.engine.internal.Kernel.hex;
import static dev.vmem.engine.internal.Kernel.roundUp;
import static dev.vmem.engine.internal.Kernel.size;
import static dev.vmem.engine.internal.VmState.PAGE;

import dev.vmem.engine.internal.Result.Draft;
import dev.vmem.engine.internal.UserPages.Gup;
import dev.vmem.engine.internal.UserPages.Uaccess;
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
 * Initial-image population of confidential VMs: {@code virt/kvm/guest_memfd.c} (kvm_gmem_populate,
 * with the source pinned by get_user_pages_fast in common code from 7.0),
 * {@code arch/x86/kvm/svm/sev.c} (snp_launch_update, sev_gmem_post_populate) and
 * {@code arch/x86/kvm/vmx/tdx.c} (tdx_gmem_post_populate, tdh_mem_page_add).
 */
final class ConfidentialPopulate extends KernelPart {

    ConfidentialPopulate(Kernel kernel) {
        super(kernel);
    }

    /** KVM_TDX_INIT_MEM_REGION / KVM_SEV_SNP_LAUNCH_UPDATE of one page from a source mapping. */
    Result populate(Operation.Populate p) {
        var type = vm.decl.type();
        var t = Trace.builder((type == VmType.TDX ? "KVM_TDX_INIT_MEM_REGION" : "KVM_SEV_SNP_LAUNCH_UPDATE")
                + " gpa " + hex(p.gpa()) + " from " + p.source());
        if (type != VmType.TDX && type != VmType.SNP) {
            return ScenarioRunner.notModelled(t, "an initial-image populate on a " + type.keyword() + " VM");
        }
        t.kernel("kvm_gmem_populate", KernelFact.GMEM_POPULATE);
        long gpa = p.gpa() & -PAGE;
        var s = vm.slotAt(gpa);
        if (s.isEmpty() || s.get().gmem == null) {
            return Result.of(Outcome.EINVAL, t.outcome("EINVAL: no guest_memfd memslot at the gpa", null).build());
        }
        if (!vm.isPrivate(gpa)) {
            return Result.of(Outcome.EINVAL, t.outcome("EINVAL: the gfn is not private", null).build());
        }
        var src = vm.backings.get(p.source());
        var srcVma = src == null ? Optional.<VmState.Vma>empty() : vm.firstVma(src);
        if (srcVma.isEmpty()) {
            return Result.of(Outcome.EFAULT, t.outcome("EFAULT: the source is not mapped", null).build());
        }
        boolean gupSource = type == VmType.TDX || vm.profile.version().atLeast(7, 0);
        var failure = type == VmType.SNP ? Outcome.EIO : Outcome.EFAULT;
        if (gupSource) {
            t.kernel(type == VmType.TDX ? "tdx_gmem_post_populate: get_user_pages_fast(src)"
                    : "kvm_gmem_populate: get_user_pages_fast(src) in common code (7.0, 2a62345b3052)",
                    KernelFact.POPULATE_SOURCE);
            var g = kernel.gup(srcVma.get().start, PAGE, true, t);
            if (g.verdict() == Gup.MAY_LET_THROUGH) {
                t.outcome("may ok or " + failure.name() + ": a race in GUP-fast", KernelFact.GUP_FAST_RACE);
                return new Result(Outcome.UNKNOWN, t.build(), Optional.empty(), java.util.Set.of(Outcome.OK, failure));
            }
            if (g.verdict() != Gup.OK && g.verdict() != Gup.LET_THROUGH) {
                return Result.of(failure, t.outcome(failure.name() + ": get_user_pages_fast on the source fails"
                        + (type == VmType.SNP ? "; snp_launch_update turns the populate error into -EIO" : ""), null).build());
            }
        } else {
            t.kernel("sev_gmem_post_populate: copy_from_user(src) into kmap_local_pfn(pfn) (6.11-6.19)",
                    KernelFact.POPULATE_SOURCE);
            var u = kernel.uaccess(srcVma.get().start, PAGE, t);
            if (u.verdict() != Uaccess.OK) {
                return Result.of(Outcome.EFAULT, t.outcome("EFAULT: copy_from_user on the source fails", null).build());
            }
        }
        var gm = s.get().gmem;
        long off = s.get().gmemOffset + (gpa - s.get().gpa);
        gm.allocated.put(off, off + PAGE, true);
        if (gm.has(GmemFlag.NO_DIRECT_MAP)) {
            t.state("populated folios stay in the direct map until the next kvm_gmem_get_pfn", KernelFact.NDM_POPULATE_WINDOW);
            gm.pendingZap.put(off, off + PAGE, true);
        }
        t.kernel(type == VmType.TDX ? "tdh_mem_page_add" : "sev_gmem_post_populate → rmp_make_private",
                type == VmType.TDX ? KernelFact.TDX_CLFLUSH : KernelFact.SNP_DIRECT_MAP);
        return Result.ok(t.outcome("ok", null).build());
    }
}
