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
 * The guest's stage-2 fault path: {@code arch/x86/kvm/mmu/mmu.c} (__kvm_mmu_faultin_pfn,
 * kvm_handle_error_pfn) and {@code virt/kvm/kvm_main.c} (hva_to_pfn).
 */
final class KvmMmu extends KernelPart {

    KvmMmu(Kernel kernel) {
        super(kernel);
    }

    /**
     * A guest access to {@code [gpa, gpa+len)} inside one slot, all of one attribute: the stage-2
     * fault path of __kvm_mmu_faultin_pfn.
     */
    Result guestFault(Slot s, long gpa, long len, Access access, boolean isPrivate, Origin attrOrigin) {
        budget.spend(1);
        var t = Trace.builder(() -> "guest " + access.keyword() + " of [" + hex(gpa) + ", " + hex(gpa + len) + ") in "
                + s.label() + (isPrivate ? " (private)" : ""));
        if (isPrivate) {
            t.kernel("__kvm_mmu_faultin_pfn: fault->is_private → kvm_mmu_faultin_pfn_gmem", KernelFact.FAULTIN_GMEM);
            if (s.gmem == null) {
                t.state(s.label() + " has no guest_memfd binding", null);
                t.outcome("KVM_EXIT_MEMORY_FAULT: kvm_mmu_prepare_memory_fault_exit, KVM_RUN returns -EFAULT", null);
                var rel = new ArrayList<Related>();
                rel.add(new Related(s.decl.origin(), s.label()));
                return Result.finding(Outcome.MEMORY_FAULT, t.build(), Draft.of(Rule.PRIVATE_MEMORY_NEEDS_GMEM,
                        "[" + hex(gpa) + ", " + hex(gpa + len) + ") is private but " + s.label()
                                + " has no guest_memfd: private faults exit with KVM_EXIT_MEMORY_FAULT.",
                        attrOrigin == Origin.NONE ? s.decl.origin() : attrOrigin, rel).with("slot", Long.toString(s.id)));
            }
            return kernel.gmem.getPfn(s, gpa, len, t);
        }
        if (s.gmemOnly) {
            t.kernel("__kvm_mmu_faultin_pfn: kvm_memslot_is_gmem_only → kvm_mmu_faultin_pfn_gmem",
                    KernelFact.GMEM_ONLY_SLOT);
            return kernel.gmem.getPfn(s, gpa, len, t);
        }
        if (access == Access.WRITE && s.flags.contains(SlotFlag.READONLY)) {
            t.outcome("KVM_EXIT_MMIO: write to a read-only slot", null);
            return Result.of(Outcome.MMIO, t.build());
        }
        t.kernel("__kvm_faultin_pfn → hva_to_pfn (GUP-fast, then slow GUP)", KernelFact.HVA_TO_PFN);
        var g = kernel.gup(Kernel.hva(s, gpa), len, true, t);
        return switch (g.verdict()) {
            case OK -> Result.ok(t.outcome("ok: the PFN is mapped into stage-2", null));
            case LET_THROUGH -> Result.ok(t.outcome(
                    "ok: the PFN is mapped into stage-2; the guest does not need the direct map", null).build());
            case MAY_LET_THROUGH -> {
                t.outcome("may ok (the page slips through GUP-fast) or EFAULT (refused): a race", KernelFact.GUP_FAST_RACE);
                var b = g.vma().backing;
                yield Result.may(java.util.Set.of(Outcome.OK, Outcome.EFAULT), t.build(), Draft.of(Rule.GUP_ON_SECRET_MEMORY,
                        "KVM's stage-2 fault path resolves " + s.label() + " through userspace_addr with GUP (hva_to_pfn), and "
                                + b.name() + " is pre-faulted memfd_secret memory on a kernel that may lack the GUP-fast fix: a page still in a per-CPU LRU batch may slip through GUP-fast, otherwise GUP refuses it and KVM_RUN fails with EFAULT. Which one happens is a race.",
                        s.decl.userspaceOrigin() == Origin.NONE ? s.decl.origin() : s.decl.userspaceOrigin(),
                        List.of(new Related(b.decl.origin(), "the memfd_secret backing " + b.name()),
                                new Related(s.decl.origin(), s.label()))).with("backing", b.name()));
            }
            case NO_MAPPING, FAULT_FAILED -> {
                t.kernel("kvm_handle_error_pfn → -EFAULT", KernelFact.HANDLE_ERROR_PFN);
                t.outcome("EFAULT: KVM_RUN returns -1/EFAULT without KVM_EXIT_MEMORY_FAULT", null);
                var why = g.verdict() == Gup.NO_MAPPING
                        ? (s.userspaceBacking == null ? "has no userspace_addr"
                                : "points at " + s.userspaceBacking.name() + ", which is not mapped")
                        : "points at a mapping of " + g.vma().backing.describe() + " that faults SIGBUS";
                yield Result.finding(Outcome.EFAULT, t.build(), Draft.of(Rule.SLOT_MEMORY_UNREACHABLE,
                        s.label() + " " + why + ": guest faults resolve through userspace_addr (hva_to_pfn) and fail, so KVM_RUN returns EFAULT.",
                        s.decl.userspaceOrigin() == Origin.NONE ? s.decl.origin() : s.decl.userspaceOrigin(),
                        List.of(new Related(s.decl.origin(), s.label()))).with("slot", Long.toString(s.id)));
            }
            case REFUSED -> {
                t.kernel("hva_to_pfn → KVM_PFN_ERR_FAULT; kvm_handle_error_pfn → -EFAULT", KernelFact.HANDLE_ERROR_PFN);
                t.outcome("EFAULT: KVM_RUN returns -1/EFAULT without KVM_EXIT_MEMORY_FAULT", null);
                var b = g.vma().backing;
                yield Result.finding(Outcome.EFAULT, t.build(), kernel.gupDraft(b,
                        "KVM's stage-2 fault path resolves " + s.label() + " through userspace_addr with GUP (hva_to_pfn)",
                        "KVM_RUN fails with EFAULT", s.decl.userspaceOrigin() == Origin.NONE ? s.decl.origin()
                                : s.decl.userspaceOrigin(), new Related(s.decl.origin(), s.label())));
            }
        };
    }
}
