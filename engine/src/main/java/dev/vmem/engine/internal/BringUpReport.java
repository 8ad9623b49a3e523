package dev.vmem.engine.internal;

import static dev.vmem.engine.internal.Kernel.hex;
import static dev.vmem.engine.internal.Kernel.size;

import dev.vmem.engine.internal.UserPages.Gup;
import dev.vmem.engine.internal.UserPages.Uaccess;
import dev.vmem.engine.internal.Result.Draft;
import dev.vmem.engine.internal.VmState.Backing;
import dev.vmem.engine.internal.VmState.Slot;
import dev.vmem.engine.internal.VmState.Vma;
import dev.vmem.engine.kb.KernelFact;
import dev.vmem.engine.kb.KernelProfile;
import dev.vmem.engine.model.Access;
import dev.vmem.engine.model.Arch;
import dev.vmem.engine.model.BackingKind;
import dev.vmem.engine.model.DeviceDecl;
import dev.vmem.engine.model.DevicePath;
import dev.vmem.engine.model.GmemFlag;
import dev.vmem.engine.model.GuestFeature;
import dev.vmem.engine.model.HostOpDecl;
import dev.vmem.engine.model.Origin;
import dev.vmem.engine.model.Outcome;
import dev.vmem.engine.model.Sharing;
import dev.vmem.engine.model.SlotFlag;
import dev.vmem.engine.model.VmDecl;
import dev.vmem.engine.model.VmType;
import dev.vmem.engine.report.BackingExposure;
import dev.vmem.engine.report.ElementNote;
import dev.vmem.engine.report.Related;
import dev.vmem.engine.report.Rule;
import dev.vmem.engine.report.Trace;
import dev.vmem.engine.report.VmExposure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a VM's bring-up leaves behind, as report material: the direct-map exposure summary and its
 * findings (DIRECT_MAP_EXPOSURE, DIRECT_MAP_FRAGMENTATION, EXPOSURE_WINDOW), the element notes shown
 * on hover, and the {@link dev.vmem.engine.report.VmLayout} drawn by the memory map.
 */
final class BringUpReport {

    private static final long TWO_MIB = 2L << 20;

    private final VmState state;
    private final Kernel kernel;
    private final Budget budget;
    private final Sink sink;
    private final String vmName;

    BringUpReport(VmState state, Kernel kernel, Budget budget, Sink sink) {
        this.state = state;
        this.kernel = kernel;
        this.budget = budget;
        this.sink = sink;
        this.vmName = state.decl.name();
    }

    VmExposure exposure(List<BringUp.Range> ranges) {
        var decl = state.decl;
        // Guest RAM is what the slots cover, each byte counted once: private ranges in their
        // guest_memfd, shared ranges in the guest_memfd of a GMEM_ONLY slot or else behind userspace_addr.
        var visible = new java.util.LinkedHashMap<Backing, RangeMap<Boolean>>();
        for (var r : ranges) {
            var s = r.slot();
            if (r.isPrivate() || s.gmemOnly) {
                if (s.gmem != null) {
                    long off = s.gmemOffset + (r.gpa() - s.gpa);
                    visible.computeIfAbsent(s.gmem, k -> new RangeMap<>()).put(off, off + r.len(), true);
                }
                continue;
            }
            if (s.userspaceAddr == VmState.NO_HVA) {
                continue;
            }
            for (var piece : kernel.vmaPieces(Kernel.hva(s, r.gpa()), r.len())) {
                if (piece.vma() != null) {
                    long off = piece.addr() - piece.vma().start;
                    visible.computeIfAbsent(piece.vma().backing, k -> new RangeMap<>()).put(off, off + piece.len(), true);
                }
            }
        }
        var list = new ArrayList<BackingExposure>();
        long guest = 0;
        long direct = 0;
        long removed = 0;
        long split = 0;
        boolean coco = decl.type() == VmType.SNP || decl.type() == VmType.TDX;
        boolean sevEncrypted = decl.type() == VmType.SEV || decl.type() == VmType.SEV_ES;
        for (var e : visible.entrySet()) {
            var b = e.getKey();
            long bytes = e.getValue().bytes(0, -1L, x -> x);
            boolean gone = b.removesDirectMap();
            long hw = !gone && (coco && b.isGmem() || sevEncrypted) ? bytes : 0;
            String reason = gone
                    ? (b.isSecretmem() ? "memfd_secret: removed from the direct map at first fault"
                            : "guest_memfd NO_DIRECT_MAP: zapped from the direct map at first use")
                    : hw > 0 && sevEncrypted ? b.kind().keyword() + ": in the direct map, but encrypted by "
                            + decl.type().keyword() + " hardware (not integrity-protected; pages shared with the host are plaintext)"
                    : hw > 0 ? "guest_memfd private memory: in the direct map, protected by " + decl.type().keyword()
                            + " hardware"
                            : switch (b.kind()) {
                                case ANONYMOUS -> "anonymous memory stays in the direct map";
                                case MEMFD -> b.decl.hugetlb() ? "hugetlb memfd stays in the direct map"
                                        : "shmem stays in the direct map";
                                case FILE -> "file pages stay in the direct map";
                                case GUEST_MEMFD -> "mainline guest_memfd stays in the direct map";
                                case MEMFD_SECRET -> "memfd_secret: left in the direct map (arm64 without a 4 KiB linear map before CVE-2024-50182's fix)";
                            };
            list.add(new BackingExposure(b.name(), b.decl.origin(), b.kind(), bytes, gone ? 0 : bytes, hw,
                    gone ? bytes : 0, reason));
            guest += bytes;
            direct += gone ? 0 : bytes;
            removed += gone ? bytes : 0;
            if (gone && state.profile.removalSplitsLargePages()) {
                split += (bytes + TWO_MIB - 1) / TWO_MIB;
            }
        }
        var exposure = new VmExposure(vmName, decl.origin(), guest, direct, removed, split, list);
        if (!state.slots.isEmpty()) {
            reportExposure(exposure);
        }
        notes(exposure);
        return exposure;
    }

    private void reportExposure(VmExposure e) {
        var parts = e.backings().stream().map(b -> b.backing() + " " + size(b.directMapBytes()) + " of "
                + size(b.guestBytes()) + (b.hardwareProtectedBytes() > 0 ? " (hardware-protected)" : "")).toList();
        var t = Trace.builder("exposure after bring-up of " + vmName)
                .state(String.join("; ", e.backings().stream().map(b -> b.backing() + ": " + b.reason()).toList()),
                        KernelFact.SPECULATIVE_EXPOSURE)
                .outcome(size(e.directMapBytes()) + " of " + size(e.guestBytes()) + " in the direct map", null);
        sink.add(vmName, new Draft(Rule.DIRECT_MAP_EXPOSURE,
                size(e.directMapBytes()) + " of " + size(e.guestBytes())
                        + " guest RAM stays in the kernel's direct map, readable by transient-execution gadgets"
                        + (parts.isEmpty() ? "" : ": " + String.join(", ", parts)) + ".",
                e.origin(), e.backings().stream().map(b -> new Related(b.origin(), b.backing() + ": " + b.reason()))
                        .toList(),
                Map.of("directMapBytes", Long.toString(e.directMapBytes()), "guestBytes", Long.toString(e.guestBytes()))),
                Outcome.OK, t.build());
        if (e.largePagesSplit() > 0) {
            var ft = Trace.builder("direct-map removal of " + size(e.removedBytes()) + " at 4 KiB granularity")
                    .kernel("set_direct_map_invalid_noflush / folio_zap_direct_map → CPA split", KernelFact.DIRECT_MAP_SPLIT)
                    .outcome("at least " + e.largePagesSplit() + " 2 MiB direct-map pages split", null);
            sink.add(vmName, new Draft(Rule.DIRECT_MAP_FRAGMENTATION,
                    "Removing " + size(e.removedBytes()) + " from the direct map 4 KiB at a time splits at least "
                            + e.largePagesSplit()
                            + " 2 MiB direct-map pages (more if the folios are scattered); re-merging them later is not known to happen.",
                    e.origin(), List.of(), Map.of("largePagesSplit", Long.toString(e.largePagesSplit()))), Outcome.OK,
                    ft.build());
        }
        var window = state.backings.values().stream().filter(b -> b.created && b.has(GmemFlag.NO_DIRECT_MAP))
                .filter(b -> !state.profile.tlbFlushAfterZap() && e.backings().stream()
                        .anyMatch(x -> x.backing().equals(b.name())))
                .toList();
        for (var b : window) {
            var wt = Trace.builder("guest fault on " + b.name())
                    .kernel("kvm_gmem_get_pfn → folio_zap_direct_map without flush_tlb_kernel_range",
                            KernelFact.NDM_TLB_FLUSH_PARAM)
                    .state("guest_memfd_tlb_flush=off", null)
                    .outcome("stale kernel TLB entries keep zapped pages reachable until they are evicted", null);
            var param = state.decl.kernel().isPresent() ? state.decl.kernelOrigin() : Origin.NONE;
            sink.add(vmName, Draft.of(Rule.EXPOSURE_WINDOW,
                    "guest_memfd_tlb_flush is off, so zapping " + b.name()
                            + "'s folios from the direct map is not followed by a kernel TLB flush: stale TLB entries keep the pages reachable for a while.",
                    b.flagOrigin(GmemFlag.NO_DIRECT_MAP), List.of(new Related(param, "kernel profile "
                            + state.profile.describe()))).with("backing", b.name()), Outcome.OK, wt.build());
        }
    }

    private void notes(VmExposure e) {
        if (!sink.keepsDetails()) {
            budget.spendEach(state.backings.size() + (long) state.slots.size()); // as the two loops below
            return;
        }
        var p = state.profile;
        sink.note(new ElementNote(state.decl.origin(), "vm " + vmName + " on " + p.describe(),
                List.of("KVM_CREATE_VM type " + state.decl.type().keyword() + " (" + state.decl.type().value() + ")",
                        size(e.directMapBytes()) + " of " + size(e.guestBytes()) + " guest RAM in the direct map",
                        e.largePagesSplit() > 0 ? "≥ " + e.largePagesSplit() + " 2 MiB direct-map pages split" : ""),
                List.of(KernelFact.SPECULATIVE_EXPOSURE)));
        var exposureByBacking = new java.util.HashMap<String, BackingExposure>();
        e.backings().forEach(x -> exposureByBacking.putIfAbsent(x.backing(), x));
        for (var b : state.backings.values()) {
            budget.spend(1);
            var lines = new ArrayList<String>();
            var facts = new ArrayList<KernelFact>();
            if (!b.created) {
                lines.add("not created (see the finding on this declaration)");
            } else if (b.isSecretmem()) {
                lines.add("removed from the direct map at first fault (secretmem_fault)");
                lines.add(p.gupRefusesNoDirectMap() ? "GUP refuses it (check_vma_flags)"
                        : "GUP lets it through (secretmem_gup_allowed)");
                lines.add("mlocked, never swapped, skipped by core dumps; blocks hibernation");
                facts.add(KernelFact.SECRETMEM_FAULT);
                facts.add(KernelFact.GUP_REFUSES_SECRETMEM);
            } else if (b.has(GmemFlag.NO_DIRECT_MAP)) {
                lines.add("zapped from the direct map at first guest or host fault, restored when freed");
                lines.add("GUP refuses its mappings (AS_NO_DIRECT_MAP)");
                facts.add(KernelFact.NDM_FLAG);
                facts.add(KernelFact.GUP_REFUSES_NO_DIRECT_MAP);
            } else if (b.isGmem()) {
                lines.add("stays in the direct map (mainline guest_memfd)");
                lines.add(b.has(GmemFlag.MMAP) ? (b.has(GmemFlag.INIT_SHARED) ? "mmap-able, shared"
                        : "mmap-able, private: host faults SIGBUS") : "not mmap-able: guest faults only through a binding");
                facts.add(KernelFact.GMEM_IN_DIRECT_MAP);
            } else {
                lines.add("stays in the direct map; GUP, KSM (private anonymous), swap and core dumps work");
                facts.add(KernelFact.ANON_IN_DIRECT_MAP);
            }
            Optional.ofNullable(exposureByBacking.get(b.name()))
                    .ifPresent(x -> lines.add(size(x.directMapBytes()) + " of " + size(x.guestBytes())
                            + " guest RAM in the direct map"));
            sink.note(new ElementNote(b.decl.origin(), b.describe() + ", " + size(b.decl.size()), lines, facts));
        }
        // One note per slot: the lines that name a backing are the same for every slot bound to it.
        var gmemOnlyLine = new java.util.IdentityHashMap<Backing, String>();
        var gmemLine = new java.util.IdentityHashMap<Backing, String>();
        var gmemOnlyFacts = List.of(KernelFact.GMEM_ONLY_SLOT);
        var hvaFacts = List.of(KernelFact.HVA_TO_PFN);
        for (var s : state.slots.values()) {
            budget.spend(1);
            String range = "[" + hex(s.gpa) + ", " + hex(s.end()) + "), " + size(s.size);
            String faults = s.gmemOnly
                    ? gmemOnlyLine.computeIfAbsent(s.gmem, g -> "guest faults: kvm_gmem_get_pfn on " + g.name()
                            + " (GMEM_ONLY; userspace_addr only for KVM's own accesses)")
                    : s.gmem != null
                            ? gmemLine.computeIfAbsent(s.gmem, g -> "private faults: kvm_gmem_get_pfn on " + g.name()
                                    + "; shared faults: hva_to_pfn via userspace_addr")
                            : "guest faults: hva_to_pfn (GUP) via userspace_addr";
            var backing = s.gmemOnly ? s.gmem : s.userspaceBacking;
            var lines = backing == null ? List.of(range, faults)
                    : List.of(range, faults, backing.noDirectMap() ? "its memory leaves the direct map once used"
                            : "its memory stays in the direct map");
            sink.note(new ElementNote(s.decl.origin(), "slot " + s.id, lines, s.gmemOnly ? gmemOnlyFacts : hvaFacts));
        }
    }

    /** The VM's shape after bring-up, for pictures; null when the run keeps no layouts. */
    dev.vmem.engine.report.VmLayout layout() {
        if (!sink.keepsDetails()) {
            budget.spendEach(state.slots.size()); // as the loop below
            return null;
        }
        var slots = new ArrayList<dev.vmem.engine.report.VmLayout.SlotView>();
        for (var s : state.slots.values()) {
            budget.spend(1);
            Vma vma = s.userspaceAddr == VmState.NO_HVA ? null : state.vmaAt(s.userspaceAddr).orElse(null);
            slots.add(new dev.vmem.engine.report.VmLayout.SlotView(s.id, s.gpa, s.size,
                    vma == null ? "" : vma.backing.name(), vma == null ? 0L : s.userspaceAddr - vma.start,
                    s.gmem == null ? "" : s.gmem.name(), s.gmemOffset, s.gmemOnly,
                    s.flags.isEmpty() ? List.of() : s.flags.stream().map(SlotFlag::keyword).toList(), s.decl.origin()));
        }
        slots.sort((a, b) -> Long.compareUnsigned(a.gpa(), b.gpa()));
        var priv = new ArrayList<dev.vmem.engine.report.VmLayout.Range>();
        for (var x : state.privateGpa.extents()) {
            priv.add(new dev.vmem.engine.report.VmLayout.Range(x.start(), x.length()));
        }
        var maps = new ArrayList<dev.vmem.engine.report.VmLayout.MappingView>();
        for (var v : state.vmas) {
            maps.add(new dev.vmem.engine.report.VmLayout.MappingView(v.backing.name(), v.start, v.length, v.sharing,
                    v.populated.bytes(0, v.length, x -> x), v.origin));
        }
        boolean coco = state.decl.type() == VmType.SNP || state.decl.type() == VmType.TDX;
        var backings = new ArrayList<dev.vmem.engine.report.VmLayout.BackingView>();
        for (var b : state.backings.values()) {
            var flags = new ArrayList<String>();
            if (b.decl.hugetlb()) {
                flags.add("hugetlb");
            }
            b.decl.flags().forEach(f -> flags.add(f.flag().keyword()));
            var dm = !b.created ? dev.vmem.engine.report.VmLayout.DirectMap.NOT_CREATED
                    : b.noDirectMap() ? dev.vmem.engine.report.VmLayout.DirectMap.REMOVED
                            : coco && b.isGmem() ? dev.vmem.engine.report.VmLayout.DirectMap.HARDWARE_PROTECTED
                                    : dev.vmem.engine.report.VmLayout.DirectMap.PRESENT;
            backings.add(new dev.vmem.engine.report.VmLayout.BackingView(b.name(), b.kind(), b.decl.size(), flags, dm,
                    b.decl.origin()));
        }
        return new dev.vmem.engine.report.VmLayout(vmName, state.decl.origin(), state.profile.describe(), slots, priv,
                maps, backings);
    }
}
