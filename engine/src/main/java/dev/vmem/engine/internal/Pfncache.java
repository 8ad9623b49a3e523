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
 * gfn_to_pfn_cache users (kvmclock, Xen shared pages): {@code virt/kvm/pfncache.c}
 * (kvm_gpc_activate, kvm_gpc_refresh, hva_to_pfn_retry) and the pvclock update of
 * {@code arch/x86/kvm/x86.c} (kvm_setup_guest_pvclock).
 */
final class Pfncache extends KernelPart {

    Pfncache(Kernel kernel) {
        super(kernel);
    }

    /**
     * A gfn_to_pfn_cache over {@code [gpa, gpa+len)} of a slot. GPA-based caches (kvmclock) can use
     * guest_memfd with the pfncache_gmem RFC; HVA-based ones (Xen) always use userspace_addr.
     */
    Result pfncache(Slot s, long gpa, long len, dev.vmem.engine.model.GuestFeature user, Origin origin) {
        budget.spend(1);
        boolean kvmclock = user == dev.vmem.engine.model.GuestFeature.KVMCLOCK;
        var t = Trace.builder((kvmclock ? "kvmclock: MSR_KVM_SYSTEM_TIME_NEW → kvm_gpc_activate(pv_time)"
                : "Xen shared_info/vcpu_info: KVM_XEN_ATTR → kvm_gpc_activate (HVA-based)") + " over " + s.label());
        if (kvmclock) {
            t.kernel("kvm_setup_guest_pvclock → kvm_gpc_check / kvm_gpc_refresh", KernelFact.PVCLOCK_SKIPS_ON_ERROR);
        }
        if (kvmclock && vm.profile.pfncacheGmem() && s.gmem != null) {
            t.kernel("hva_to_pfn_retry → kvm_gmem_get_pfn; vmap() for NO_DIRECT_MAP pages", KernelFact.PFNCACHE_GMEM_FIX);
            return Result.ok(t.outcome("ok: the cache maps the guest_memfd page with vmap", null).build());
        }
        t.kernel("hva_to_pfn_retry → hva_to_pfn(gpc->uhva) (GUP), then kmap = direct-map address",
                KernelFact.PFNCACHE_REFRESH);
        var g = kernel.gup(Kernel.hva(s, gpa), len, true, t);
        var failOutcome = kvmclock ? Outcome.SILENT : Outcome.EFAULT;
        var whoName = kvmclock ? "kvmclock's pvclock page" : "the Xen shared pages";
        var related = new ArrayList<Related>();
        related.add(new Related(s.decl.origin(), s.label()));
        return switch (g.verdict()) {
            case OK -> Result.ok(t.outcome("ok", null).build());
            case MAY_LET_THROUGH -> {
                t.outcome("may oops (the page slips through GUP-fast and is written through kmap) or silent (refused): a race",
                        KernelFact.GUP_FAST_RACE);
                var b = g.vma().backing;
                related.add(0, new Related(b.decl.origin(), "the backing " + b.name()));
                var out = kvmclock ? Outcome.SILENT : Outcome.EFAULT;
                yield Result.may(java.util.Set.of(Outcome.OOPS, out), t.build(), Draft.of(Rule.PFNCACHE_UNMAPPED_PFN,
                        "The pfncache for " + whoName + " in " + b.name()
                                + " is pre-faulted memfd_secret memory on a kernel that may lack the GUP-fast fix: if the page is still in a per-CPU LRU batch, GUP-fast lets it through and the cache writes through kmap() (the missing direct-map address), so the host may oops; otherwise the refresh is refused and "
                                + (kvmclock ? "the update is silently skipped." : "the ioctl fails with EFAULT.")
                                + " Which one happens is a race.",
                        origin, related).with("backing", b.name()));
            }
            case LET_THROUGH -> {
                t.kernel("write through gpc->khva (kmap of a page whose direct-map PTE is not present)",
                        KernelFact.UNMAPPED_DIRECT_MAP_OOPS);
                t.outcome("oops: BUG: unable to handle page fault … #PF: supervisor write access in kernel mode, not-present page",
                        null);
                related.add(0, new Related(g.vma().backing.decl.origin(), "the backing " + g.vma().backing.name()));
                yield Result.finding(Outcome.OOPS, t.build(), Draft.of(Rule.PFNCACHE_UNMAPPED_PFN,
                        "GUP hands " + whoName + " in " + g.vma().backing.name()
                                + " to the pfncache although its direct-map entry is gone; the cache writes through kmap() (the direct-map address) and the host oopses.",
                        origin, related).with("backing", g.vma().backing.name()));
            }
            case REFUSED, NO_MAPPING, FAULT_FAILED -> {
                var why = g.verdict() == Gup.REFUSED
                        ? "GUP refuses " + g.vma().backing.describe()
                        : g.verdict() == Gup.NO_MAPPING ? "there is no userspace mapping behind " + s.label()
                                : "the mapping behind " + s.label() + " faults SIGBUS";
                if (g.vma() != null) {
                    related.add(0, new Related(g.vma().backing.decl.origin(), "the backing " + g.vma().backing.name()));
                }
                if (kvmclock) {
                    t.kernel("kvm_gpc_refresh fails → kvm_setup_guest_pvclock returns; the activation error is ignored",
                            KernelFact.PVCLOCK_SKIPS_ON_ERROR);
                    t.outcome("silent: the pvclock page is never written", null);
                } else {
                    t.kernel("kvm_gpc_activate fails", KernelFact.XEN_HVA_PFNCACHE);
                    t.outcome("EFAULT from the Xen attribute ioctl", null);
                }
                var msg = kvmclock
                        ? "The pfncache refresh for " + whoName + " fails (" + why
                                + "), and kvm_setup_guest_pvclock() skips the update without telling anyone: the guest's clock page is never written."
                        : "The HVA-based Xen pfncache cannot be activated (" + why + "): the Xen attribute ioctl fails with EFAULT.";
                var d = Draft.of(Rule.PFNCACHE_UNMAPPED_PFN, msg, origin, related);
                if (g.vma() != null) {
                    d = d.with("backing", g.vma().backing.name());
                }
                yield Result.finding(failOutcome, t.build(), d);
            }
        };
    }
}
