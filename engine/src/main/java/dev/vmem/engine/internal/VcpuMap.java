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
 * kvm_vcpu_map for nested virtualization: {@code virt/kvm/kvm_main.c} (__kvm_vcpu_map,
 * kvm_follow_pfn), called from {@code arch/x86/kvm/vmx/nested.c} and {@code svm/nested.c}.
 */
final class VcpuMap extends KernelPart {

    VcpuMap(Kernel kernel) {
        super(kernel);
    }

    /** kvm_vcpu_map of a guest page (nested virtualization). */
    Result vcpuMap(Slot s, long gpa, long len, Origin origin) {
        budget.spend(1);
        var t = Trace.builder("kvm_vcpu_map of [" + hex(gpa) + ", " + hex(gpa + len) + ") in " + s.label());
        t.kernel("__kvm_vcpu_map → kvm_follow_pfn (.pin) → hva_to_pfn", KernelFact.VCPU_MAP);
        var g = kernel.gup(Kernel.hva(s, gpa), len, true, t);
        var related = new ArrayList<Related>();
        related.add(new Related(s.decl.origin(), s.label()));
        return switch (g.verdict()) {
            case OK -> Result.ok(t.outcome("ok: kmap of the page", null).build());
            case MAY_LET_THROUGH -> {
                t.outcome("may oops or EINVAL: a race in GUP-fast", KernelFact.GUP_FAST_RACE);
                var b = g.vma().backing;
                yield Result.may(java.util.Set.of(Outcome.OOPS, Outcome.EINVAL), t.build(), Draft.of(Rule.VCPU_MAP_UNMAPPED_PFN,
                        "kvm_vcpu_map over pre-faulted memfd_secret memory (" + b.name()
                                + ") on a kernel that may lack the GUP-fast fix: the page may slip through GUP-fast and the first access through kmap() oops, or be refused (EINVAL). Which one happens is a race.",
                        origin, related).with("backing", b.name()));
            }
            case LET_THROUGH -> {
                t.kernel("map->hva = kmap(page): the direct-map address, not present", KernelFact.UNMAPPED_DIRECT_MAP_OOPS);
                t.outcome("oops on the first access through the mapping", null);
                yield Result.finding(Outcome.OOPS, t.build(), Draft.of(Rule.VCPU_MAP_UNMAPPED_PFN,
                        "kvm_vcpu_map gets a page of " + g.vma().backing.name()
                                + " from GUP although its direct-map entry is gone, and kmap() returns that not-present address: the first nested-state access oopses.",
                        origin, related).with("backing", g.vma().backing.name()));
            }
            case REFUSED, NO_MAPPING, FAULT_FAILED -> {
                t.outcome("EINVAL: error PFN; the nested VM-entry fails", null);
                var why = g.verdict() == Gup.REFUSED ? "GUP refuses " + g.vma().backing.describe()
                        : "there is no usable userspace mapping behind " + s.label();
                var d = Draft.of(Rule.VCPU_MAP_UNMAPPED_PFN,
                        "Nested virtualization maps guest pages with kvm_vcpu_map(), which pins through GUP; " + why
                                + ", so it returns EINVAL and the nested VM-entry fails.",
                        origin, related);
                if (g.vma() != null) {
                    d = d.with("backing", g.vma().backing.name());
                }
                yield Result.finding(Outcome.EINVAL, t.build(), d);
            }
        };
    }
}
