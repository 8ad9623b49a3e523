package dev.vmem.engine.internal;

import static dev.vmem.engine.internal.Kernel.hex;
import static dev.vmem.engine.internal.Kernel.size;

import dev.vmem.engine.internal.Kernel.Gup;
import dev.vmem.engine.internal.Kernel.Uaccess;
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
 * Compiles a VM declaration into its bring-up — create backings, map, create memslots, set
 * attributes — and then exercises every access path the declaration implies: guest faults over
 * every slot, each clock, {@code uses} item, device and host operation over the memory it touches.
 */
final class BringUp {

    private static final long TWO_MIB = 2L << 20;

    final VmState state;
    final Kernel kernel;
    private final Budget budget;
    private final Sink sink;
    private final String vmName;

    BringUp(VmDecl decl, KernelProfile profile, Budget budget, Sink sink) {
        this.state = new VmState(decl, profile);
        this.kernel = new Kernel(state, budget);
        this.budget = budget;
        this.sink = sink;
        this.vmName = decl.name();
    }

    /** Creates the VM and its backings; false when KVM_CREATE_VM itself fails. */
    boolean create() {
        var decl = state.decl;
        var r = kernel.createVm(decl.typeOrigin() == Origin.NONE ? decl.origin() : decl.typeOrigin());
        sink.report(vmName, r);
        if (!r.isOk() && r.outcome() != Outcome.UNKNOWN) {
            return false;
        }
        for (var bd : decl.backings()) {
            var b = new Backing(bd);
            state.backings.putIfAbsent(bd.name(), b);
            var cr = kernel.createBacking(b);
            sink.report(vmName, cr);
            if (b.created) {
                afterCreate(b, cr.trace());
            }
        }
        return true;
    }

    /** Findings that hold as soon as a backing exists. */
    private void afterCreate(Backing b, Trace creation) {
        var p = state.profile;
        var type = state.decl.type();
        if (b.has(GmemFlag.NO_DIRECT_MAP) && type == VmType.TDX) {
            var t = Trace.builder("KVM_CREATE_GUEST_MEMFD(NO_DIRECT_MAP) on a TDX VM, then private faults")
                    .kernel("kvm_arch_gmem_supports_no_direct_map (v" + p.noDirectMapRevision() + "): offered for TDX",
                            KernelFact.NDM_X86_SUPPORT)
                    .kernel("kvm_gmem_get_pfn → folio_zap_direct_map", KernelFact.NDM_FLAG)
                    .kernel("tdh_mem_page_aug → tdx_clflush_page(page_to_virt(page)); MOVDIR64B clearing",
                            KernelFact.TDX_CLFLUSH)
                    .outcome("oops: kernel #PF on a not-present direct-map address", KernelFact.UNMAPPED_DIRECT_MAP_OOPS);
            sink.add(vmName, Draft.of(Rule.TD_NO_DIRECT_MAP_GMEM,
                    "no_direct_map v" + p.noDirectMapRevision() + " still offers GUEST_MEMFD_FLAG_NO_DIRECT_MAP to TDX VMs, but the TDX paths clflush and MOVDIR64B-clear each page through its direct-map address: once kvm_gmem_get_pfn() has zapped it, the host oopses (v10 and later refuse the flag).",
                    b.flagOrigin(GmemFlag.NO_DIRECT_MAP),
                    List.of(new Related(state.decl.typeOrigin(), "VM type tdx"),
                            new Related(state.decl.kernelOrigin(), "kernel profile " + p.describe())))
                    .with("backing", b.name()).with("flag", "no_direct_map"), Outcome.OOPS, t.build());
        }
        if (b.has(GmemFlag.NO_DIRECT_MAP) && type == VmType.SNP) {
            var t = Trace.builder("KVM_CREATE_GUEST_MEMFD(NO_DIRECT_MAP) on an SEV-SNP VM")
                    .kernel("kvm_arch_gmem_supports_no_direct_map (v" + p.noDirectMapRevision() + "): offered for SNP",
                            KernelFact.NDM_X86_SUPPORT)
                    .kernel("sev_gmem_post_populate: kmap_local_pfn + copy; sev_gmem_invalidate: flush through __va",
                            KernelFact.SNP_DIRECT_MAP)
                    .outcome("oops risk: kernel access to a not-present direct-map address",
                            KernelFact.UNMAPPED_DIRECT_MAP_OOPS);
            sink.add(vmName, Draft.of(Rule.SNP_NO_DIRECT_MAP_GMEM,
                    "no_direct_map v" + p.noDirectMapRevision() + " still offers GUEST_MEMFD_FLAG_NO_DIRECT_MAP to SEV-SNP VMs, but SNP population and invalidation reach pages through the direct map: a page already zapped there faults in the kernel (v12 refuses the flag).",
                    b.flagOrigin(GmemFlag.NO_DIRECT_MAP),
                    List.of(new Related(state.decl.typeOrigin(), "VM type snp"),
                            new Related(state.decl.kernelOrigin(), "kernel profile " + p.describe())))
                    .with("backing", b.name()).with("flag", "no_direct_map"), Outcome.OOPS, t.build());
        }
        if (b.isSecretmem() && p.secretmemGupFastBug() && p.gupRefusesNoDirectMap()) {
            var fix = dev.vmem.engine.kb.StableFix.SECRETMEM_GUP_FAST;
            boolean depends = p.fix(fix) == dev.vmem.engine.kb.StableFix.State.DEPENDS;
            var t = Trace.builder("memfd_secret on " + p.describe())
                    .kernel("gup_fast → folio_is_secretmem() tests PG_lru, which folios in a per-CPU lru_add batch lack",
                            KernelFact.SECRETMEM_GUP_FAST_BUG)
                    .state(depends ? fix.ambiguity(p.declared()) : "fixed in " + fix.releases(), KernelFact.STABLE_FIXES)
                    .outcome("may: a pre-faulted page still in a batch can slip through GUP-fast to a kernel user that then touches it through the direct map (a race)",
                            KernelFact.GUP_FAST_RACE);
            sink.add(vmName, Draft.of(Rule.SECRETMEM_GUP_FAST_BUG,
                    (depends ? fix.ambiguity(p.declared()) + ". Without the fix"
                            : "Linux " + p.declared() + " lacks the secretmem GUP-fast fix (" + fix.releases() + "). There")
                            + ", folio_is_secretmem() relies on the LRU flag, so a pre-faulted page of " + b.name()
                            + " that is still in a per-CPU LRU batch may slip through GUP-fast to a kernel user that then accesses it through the missing direct map (a race; most pages are refused). Memory that was never touched is refused either way.",
                    b.decl.origin(), List.of(new Related(state.decl.kernelOrigin(), "kernel profile " + p.describe())))
                    .with("backing", b.name()), Outcome.UNKNOWN, t.build());
        }
    }

    /** Maps, memslots and attributes, then every access path, then the exposure summary. */
    VmExposure bringUp() {
        var decl = state.decl;
        for (var m : decl.maps()) {
            var b = state.backings.get(m.backing());
            if (b == null || !b.created) {
                continue;
            }
            var refused = BackingPolicy.beforeMap(state, b, m);
            if (refused.isPresent()) {
                sink.report(vmName, refused.get());
                continue;
            }
            var at = m.at().isPresent() ? Optional.of(m.at().getAsLong()) : Optional.<Long>empty();
            var mr = kernel.mmap(b, m.sharing(), b.size, at, BackingPolicy.populates(m), m.origin());
            sink.report(vmName, mr);
            if (mr.isOk() || mr.outcome() == Outcome.UNKNOWN) {
                BackingPolicy.afterMap(state, b, m, sink, vmName);
            }
        }
        BackingPolicy.coredump(state, sink, vmName);
        for (var s : decl.slots()) {
            var r = kernel.setMemoryRegion(s);
            sink.report(vmName, r);
            if (r.isOk()) {
                checkUserspaceMatchesGmem(state.slots.get(s.id()));
            }
        }
        for (var a : decl.attributes()) {
            sink.report(vmName, kernel.setAttributes(a.attribute(), a.gpa(), a.size(), a.origin()));
        }
        exerciseAccessPaths();
        return exposure();
    }

    /** D8: a GMEM_ONLY slot whose userspace_addr maps other memory than its guest_memfd binding. */
    private void checkUserspaceMatchesGmem(Slot s) {
        if (s == null || !s.gmemOnly || s.userspaceAddr == VmState.NO_HVA) {
            return;
        }
        var vma = state.vmaAt(s.userspaceAddr);
        if (vma.isEmpty()) {
            return;
        }
        long vmaOffset = s.userspaceAddr - vma.get().start;
        if (vma.get().backing == s.gmem && vmaOffset == s.gmemOffset) {
            return;
        }
        var other = vma.get().backing;
        var t = Trace.builder("memslot " + s.id + ": guest_memfd " + s.gmem.name() + " at offset " + hex(s.gmemOffset)
                + ", userspace_addr → " + other.name() + " at offset " + hex(vmaOffset))
                .kernel("kvm_gmem_bind: KVM_MEMSLOT_GMEM_ONLY — guest faults come from the guest_memfd",
                        KernelFact.GMEM_ONLY_SLOT)
                .kernel("kvm_read_guest / emulator → __copy_from_user(userspace_addr)", KernelFact.KVM_UACCESS)
                .state("KVM does not check that userspace_addr maps the bound range", KernelFact.USERSPACE_ADDR_UNCHECKED)
                .outcome("silent: KVM's internal accesses and MMIO emulation read other memory than the guest",
                        KernelFact.EMULATION_VIA_USERSPACE_ADDR);
        sink.add(vmName, Draft.of(Rule.GMEM_USERSPACE_MISMATCH,
                "Slot " + s.id + " takes guest faults from guest_memfd " + s.gmem.name() + " (offset " + hex(s.gmemOffset)
                        + ") but its userspace_addr maps " + (other == s.gmem ? "another offset of it" : other.describe())
                        + ": KVM's own reads and writes (MMIO emulation, steal time, …) see different memory from the guest.",
                s.decl.userspaceOrigin() == Origin.NONE ? s.decl.origin() : s.decl.userspaceOrigin(),
                List.of(new Related(s.decl.guestMemfdOrigin(), "the guest_memfd binding"))).with("slot",
                        Long.toString(s.id)).with("backing", s.gmem.name()), Outcome.SILENT, t.build());
    }

    /**
     * A contiguous GPA range of one slot with one attribute, and what decides an access path's result
     * over it apart from the slot's name ({@link Route}).
     */
    private record Range(Slot slot, long gpa, long len, boolean isPrivate, Route route) {
    }

    /**
     * The route of a range: its attribute, the guest_memfd binding, the VMA behind userspace_addr,
     * whether the range stays inside it and is pre-faulted. Paths whose findings sit on a feature or
     * device (not on the slot) run once per distinct route: their result, and so the finding, is the
     * same for every slot that shares it.
     */
    private record Route(boolean isPrivate, boolean gmemOnly, Backing gmem, Vma vma, boolean inside,
            boolean populated, boolean readonly) {
    }

    private List<Range> rangesCache;

    /** Every slot of address space 0 split by attribute, computed once after the memslots exist. */
    private List<Range> ranges() {
        if (rangesCache != null) {
            return rangesCache;
        }
        var out = new ArrayList<Range>();
        boolean privateMemory = state.decl.type().hasPrivateMemory();
        for (var s : state.slots.values()) {
            budget.spend(1);
            if (s.asId() != 0) {
                continue;
            }
            if (!privateMemory) {
                out.add(range(s, s.gpa, s.size, false));
                continue;
            }
            for (var piece : state.privateGpa.pieces(s.gpa, s.end())) {
                budget.spend(1);
                out.add(range(s, piece.start(), piece.length(), piece.value() != null));
            }
        }
        rangesCache = out;
        return out;
    }

    private Range range(Slot s, long gpa, long len, boolean isPrivate) {
        long hva = Kernel.hva(s, gpa);
        Vma v = hva == VmState.NO_HVA ? null : state.vmaAt(hva).orElse(null);
        boolean inside = v != null && Long.compareUnsigned(hva + len, v.end()) <= 0;
        boolean populated = v != null && v.populated.all(hva - v.start, hva - v.start + len, x -> x);
        return new Range(s, gpa, len, isPrivate,
                new Route(isPrivate, s.gmemOnly, s.gmem, v, inside, populated, s.flags.contains(SlotFlag.READONLY)));
    }

    private record PathRoute(String path, Route route) {
    }

    private final java.util.Set<PathRoute> routesSeen = new java.util.HashSet<>();

    private boolean firstOnRoute(String path, Range r) {
        budget.spend(1);
        return routesSeen.add(new PathRoute(path, r.route));
    }

    private boolean featureActive(GuestFeature f) {
        var decl = state.decl;
        boolean hidden = decl.cpuid().stream().anyMatch(c -> c.feature() == f && !c.enabled());
        boolean offered = decl.cpuid().stream().anyMatch(c -> c.feature() == f && c.enabled());
        boolean declared = decl.features().stream().anyMatch(u -> u.feature() == f);
        return (declared || offered) && !hidden;
    }

    private Origin featureOrigin(GuestFeature f) {
        return state.decl.features().stream().filter(u -> u.feature() == f).map(u -> u.origin()).findFirst()
                .orElseGet(() -> state.decl.cpuid().stream().filter(c -> c.feature() == f).map(c -> c.origin())
                        .findFirst().orElse(state.decl.origin()));
    }

    private void exerciseAccessPaths() {
        var all = ranges();
        var ram = all.stream().filter(r -> !r.route.readonly()).toList();
        // Guest faults over every slot.
        for (var r : all) {
            var attrOrigin = r.isPrivate ? privateOrigin(r.gpa) : Origin.NONE;
            sink.report(vmName, kernel.guestFault(r.slot, r.gpa, r.len, Access.READ, r.isPrivate, attrOrigin));
        }
        boolean x86 = state.profile.arch() == Arch.X86_64;
        var shared = ram.stream().filter(r -> !r.isPrivate).toList();
        // The fact sheet covers the 6.x pfncache only; on older kernels say nothing rather than guess.
        if (x86 && featureActive(GuestFeature.KVMCLOCK) && state.profile.kvmclockPfncacheModelled()) {
            for (var r : shared) {
                if (!firstOnRoute("kvmclock", r)) {
                    continue;
                }
                sink.report(vmName, kernel.pfncache(r.slot, r.gpa, r.len, GuestFeature.KVMCLOCK,
                        featureOrigin(GuestFeature.KVMCLOCK)));
            }
        }
        if (x86 && featureActive(GuestFeature.XEN_SHARED_INFO)) {
            for (var r : shared) {
                if (!firstOnRoute("xen", r)) {
                    continue;
                }
                sink.report(vmName, kernel.pfncache(r.slot, r.gpa, r.len, GuestFeature.XEN_SHARED_INFO,
                        featureOrigin(GuestFeature.XEN_SHARED_INFO)));
            }
        }
        if (x86 && featureActive(GuestFeature.NESTED)) {
            for (var r : shared) {
                if (!firstOnRoute("nested", r)) {
                    continue;
                }
                sink.report(vmName, kernel.vcpuMap(r.slot, r.gpa, r.len, featureOrigin(GuestFeature.NESTED)));
            }
        }
        for (var f : List.of(GuestFeature.STEAL_TIME, GuestFeature.PV_EOI, GuestFeature.ASYNC_PF)) {
            if (x86 && featureActive(f)) {
                for (var r : shared) {
                    if (!firstOnRoute(f.keyword(), r)) {
                        continue;
                    }
                    sink.report(vmName, uaccessUser(r, f.keyword() + " (gfn_to_hva_cache + user accessors)",
                            featureOrigin(f), Outcome.EFAULT, KernelFact.UACCESS_USERS));
                }
            }
        }
        for (var d : state.decl.devices()) {
            for (var r : d.path() == DevicePath.VFIO ? ram : shared) {
                if (!firstOnRoute("device " + d.name(), r)) {
                    continue;
                }
                sink.report(vmName, device(d, r));
            }
        }
        for (var h : state.decl.hostOps()) {
            hostOperation(h);
        }
    }

    private Origin privateOrigin(long gpa) {
        for (var a : state.decl.attributes()) {
            if (Long.compareUnsigned(a.gpa(), gpa) <= 0 && Long.compareUnsigned(gpa, a.gpa() + a.size()) < 0) {
                return a.origin();
            }
        }
        return Origin.NONE;
    }

    private Result uaccessUser(Range r, String who, Origin origin, Outcome failure, KernelFact fact) {
        var t = Trace.builder(who + " over [" + hex(r.gpa) + ", " + hex(r.gpa + r.len) + ") of " + r.slot.label());
        t.kernel("gfn_to_hva_memslot → __copy_to_user / __copy_from_user", fact);
        var u = kernel.uaccess(Kernel.hva(r.slot, r.gpa), r.len, t);
        if (u.verdict() == Uaccess.OK) {
            return Result.ok(t.outcome("ok: user accessors go through the VMM's page tables", null).build());
        }
        var outcome = u.verdict() == Uaccess.SIGBUS && failure != Outcome.EFAULT ? Outcome.SIGBUS : failure;
        t.outcome(outcome.name() + (u.verdict() == Uaccess.SIGBUS ? ": the mapping faults SIGBUS" : ": no mapping"),
                null);
        var why = u.verdict() == Uaccess.NO_MAPPING
                ? (r.slot.userspaceBacking == null ? r.slot.label() + " has no userspace_addr"
                        : r.slot.label() + "'s userspace backing " + r.slot.userspaceBacking.name() + " is not mapped")
                : r.slot.label() + " is mapped from " + u.vma().backing.describe()
                        + ", whose pages fault SIGBUS (guest_memfd without INIT_SHARED is private)";
        var rel = new ArrayList<Related>();
        rel.add(new Related(r.slot.decl.origin(), r.slot.label()));
        return Result.finding(outcome, t.build(), Draft.of(Rule.UACCESS_UNMAPPED,
                who + " needs a userspace mapping of guest memory, but " + why + ": the access fails with "
                        + outcome.name() + ".",
                origin, rel).with("slot", Long.toString(r.slot.id)));
    }

    private Result device(DeviceDecl d, Range r) {
        var label = "device " + d.name() + " (" + d.model() + " via " + d.path().keyword() + ")";
        return switch (d.path()) {
            case VMM -> uaccessUser(r, label + ": the VMM reads and writes its own mapping", d.origin(),
                    Outcome.SIGSEGV, KernelFact.KVM_UACCESS);
            case VHOST -> uaccessUser(r, label + ": vhost worker copy_to_user/copy_from_user", d.origin(),
                    Outcome.EFAULT, KernelFact.VHOST_UACCESS);
            case VHOST_ZEROCOPY -> {
                var u = uaccessUser(r, label + ": vhost worker copy_to_user/copy_from_user", d.origin(),
                        Outcome.EFAULT, KernelFact.VHOST_UACCESS);
                yield u.isOk() ? gupDevice(d, r, label + ": zero-copy TX pins guest buffers", true, Outcome.EFAULT, false) : u;
            }
            case IO_URING -> gupDevice(d, r, label + ": IORING_REGISTER_BUFFERS (pin_user_pages, FOLL_LONGTERM)", true,
                    Outcome.EFAULT, true);
            case O_DIRECT -> gupDevice(d, r, label + ": O_DIRECT (iov_iter_extract_pages)", true, Outcome.EFAULT, false);
            case VFIO -> gupDevice(d, r, label + ": VFIO_IOMMU_MAP_DMA (pin_user_pages_remote, FOLL_LONGTERM)",
                    false, Outcome.EFAULT, true);
            case VHOST_USER -> vhostUser(d, r, label);
        };
    }

    private Result gupDevice(DeviceDecl d, Range r, String who, boolean fast, Outcome failure, boolean longterm) {
        var t = Trace.builder(who + " over [" + hex(r.gpa) + ", " + hex(r.gpa + r.len) + ") of " + r.slot.label());
        t.kernel(fast ? "GUP-fast, then slow GUP" : "slow GUP (remote)", KernelFact.HOST_GUP_USERS);
        var g = kernel.gup(Kernel.hva(r.slot, r.gpa), r.len, fast, t);
        var rel = new ArrayList<Related>();
        rel.add(new Related(r.slot.decl.origin(), r.slot.label()));
        if (longterm && (g.verdict() == Gup.OK || g.verdict() == Gup.LET_THROUGH)) {
            for (var piece : kernel.vmaPieces(Kernel.hva(r.slot, r.gpa), r.len)) {
                if (piece.vma() == null) {
                    continue;
                }
                var lt = kernel.longtermFilePin(piece.vma(), who, t, d.origin());
                if (lt.isPresent()) {
                    return lt.get();
                }
            }
        }
        return switch (g.verdict()) {
            case OK, LET_THROUGH -> Result.ok(t.outcome("ok: pages pinned", null).build());
            case MAY_LET_THROUGH -> {
                t.outcome("may ok or " + failure.name() + ": a race in GUP-fast", KernelFact.GUP_FAST_RACE);
                yield Result.may(java.util.Set.of(Outcome.OK, failure), t.build(), kernel.gupDraft(g.vma().backing, who,
                        "it may fail with " + failure.name() + " (a race in the pre-6.9 GUP-fast check)", d.origin(),
                        new Related(r.slot.decl.origin(), r.slot.label())));
            }
            case REFUSED -> {
                t.outcome(failure.name(), null);
                yield Result.finding(failure, t.build(), kernel.gupDraft(g.vma().backing, who, "it fails with "
                        + failure.name(), d.origin(), new Related(r.slot.decl.origin(), r.slot.label())));
            }
            case NO_MAPPING, FAULT_FAILED -> {
                t.outcome(failure.name(), null);
                var why = g.verdict() == Gup.NO_MAPPING ? r.slot.label() + " has no userspace mapping to pin"
                        : r.slot.label() + " is mapped from " + g.vma().backing.describe() + ", whose pages fault SIGBUS";
                yield Result.finding(failure, t.build(), Draft.of(Rule.UACCESS_UNMAPPED,
                        who + " needs a userspace mapping of guest memory, but " + why + ": it fails with "
                                + failure.name() + ".",
                        d.origin(), rel).with("slot", Long.toString(r.slot.id)));
            }
        };
    }

    private Result vhostUser(DeviceDecl d, Range r, String who) {
        var t = Trace.builder(who + ": VHOST_USER_SET_MEM_TABLE passes an fd per memory region");
        t.kernel("the daemon mmaps each region from its fd (MAP_SHARED)", KernelFact.VHOST_USER_SHARED);
        var gm = r.slot.gmem;
        if (gm != null && r.slot.userspaceAddr == VmState.NO_HVA
                && (!gm.has(GmemFlag.MMAP) || !gm.has(GmemFlag.INIT_SHARED))) {
            boolean noMmap = !gm.has(GmemFlag.MMAP);
            t.kernel(noMmap ? "kvm_gmem_mmap: no GUEST_MEMFD_FLAG_MMAP → -ENODEV" : "kvm_gmem_fault_user_mapping: not shared → SIGBUS",
                    KernelFact.GMEM_USER_CONSUMERS);
            var outcome = noMmap ? Outcome.ENODEV : Outcome.SIGBUS;
            t.outcome(outcome.name() + " in the daemon", null);
            return Result.finding(outcome, t.build(), Draft.of(Rule.VHOST_USER_NEEDS_SHARED_MEMORY,
                    who + " can only reach " + r.slot.label() + " through its guest_memfd " + gm.name() + ", which "
                            + (noMmap ? "was created without GUEST_MEMFD_FLAG_MMAP: the daemon's mmap fails with ENODEV."
                                    : "was created without GUEST_MEMFD_FLAG_INIT_SHARED: every access by the daemon faults SIGBUS."),
                    d.origin(), List.of(new Related(gm.decl.origin(), "the guest_memfd " + gm.name()),
                            new Related(r.slot.decl.origin(), r.slot.label()))).with("backing", gm.name()));
        }
        for (var piece : kernel.vmaPieces(Kernel.hva(r.slot, r.gpa), r.len)) {
            var v = piece.vma();
            if (v == null) {
                continue;
            }
            if (v.backing.isGmem() && !v.backing.has(GmemFlag.INIT_SHARED)) {
                t.kernel("the daemon's mmap(MAP_SHARED) of the guest_memfd fd → kvm_gmem_fault_user_mapping",
                        KernelFact.GMEM_USER_CONSUMERS);
                t.outcome("SIGBUS in the daemon: the guest_memfd's pages are private", null);
                return Result.finding(Outcome.SIGBUS, t.build(), Draft.of(Rule.VHOST_USER_NEEDS_SHARED_MEMORY,
                        who + " maps " + v.backing.name()
                                + " from its fd, but the guest_memfd was created without GUEST_MEMFD_FLAG_INIT_SHARED: every access by the daemon faults SIGBUS (kvm_gmem_fault_user_mapping refuses pages that are not shared).",
                        d.origin(), List.of(new Related(v.backing.decl.origin(), "the guest_memfd " + v.backing.name()),
                                new Related(r.slot.decl.origin(), r.slot.label()))).with("backing", v.backing.name()));
            }
            boolean anon = v.backing.kind() == BackingKind.ANONYMOUS;
            if (v.sharing == Sharing.PRIVATE || anon) {
                var outcome = anon ? Outcome.EBADF : Outcome.SILENT;
                t.state(v.backing.describe() + (anon ? " is anonymous memory" : " is mapped MAP_PRIVATE"), null);
                t.outcome(anon ? "no fd to pass: anonymous memory cannot be handed to the daemon"
                        : "silent: the guest's writes land in private copy-on-write pages the daemon never sees", null);
                return Result.finding(outcome, t.build(), Draft.of(Rule.VHOST_USER_NEEDS_SHARED_MEMORY,
                        who + " needs guest memory the daemon can map from an fd, but " + v.backing.name()
                                + (anon ? " is anonymous memory (MAP_" + v.sharing.name() + "), which has no fd to pass"
                                        : " is mapped MAP_PRIVATE, so the guest's writes go to copy-on-write pages the daemon never sees")
                                + ".",
                        d.origin(), List.of(new Related(v.origin, "the mapping of " + v.backing.name()),
                                new Related(r.slot.decl.origin(), r.slot.label()))).with("backing", v.backing.name()));
            }
        }
        return Result.ok(t.outcome("ok", null).build());
    }

    private void hostOperation(HostOpDecl h) {
        switch (h.operation()) {
            case HIBERNATE -> {
                var secret = state.backings.values().stream().filter(b -> b.isSecretmem() && b.created && !b.released)
                        .toList();
                if (!secret.isEmpty()) {
                    var t = Trace.builder("hibernate() while " + secret.get(0).name() + " exists")
                            .kernel("hibernation_available: !secretmem_active()", KernelFact.HIBERNATION_SECRETMEM)
                            .outcome("EPERM: \"Hibernation not available\"", null);
                    sink.add(vmName, Draft.of(Rule.HIBERNATION_BLOCKED,
                            "While any memfd_secret file exists (" + secret.get(0).name()
                                    + "), hibernation_available() is false and hibernate() fails with EPERM.",
                            h.origin(), secret.stream().map(b -> new Related(b.decl.origin(), "memfd_secret " + b.name()))
                                    .toList()), Outcome.EPERM, t.build());
                } else {
                    var ndm = state.backings.values().stream()
                            .filter(b -> b.has(GmemFlag.NO_DIRECT_MAP) && b.created && !b.released).toList();
                    if (!ndm.isEmpty()) {
                        var t = Trace.builder("hibernate() with " + ndm.get(0).name() + " (NO_DIRECT_MAP guest_memfd)")
                                .kernel("hibernation_available: only secretmem_active() blocks hibernation",
                                        KernelFact.HIBERNATION_NO_DIRECT_MAP)
                                .kernel("safe_copy_page → hibernate_map_page: non-present pages mapped for the copy",
                                        KernelFact.HIBERNATION_NO_DIRECT_MAP)
                                .outcome("ok: guest RAM is written to the hibernation image", null);
                        sink.add(vmName, Draft.of(Rule.HIBERNATION_IMAGE_EXPOSURE,
                                "Nothing refuses hibernation with the NO_DIRECT_MAP guest_memfd " + ndm.get(0).name()
                                        + ", and the snapshot copies its pages through hibernate_map_page(): the guest RAM that was removed from the direct map ends up in the hibernation image (inferred from kernel/power/snapshot.c).",
                                h.origin(), ndm.stream().map(b -> new Related(b.decl.origin(), "guest_memfd " + b.name()))
                                        .toList()), Outcome.OK, t.build());
                    }
                }
            }
            case COREDUMP -> {
                var omitted = state.vmas.stream().map(v -> v.backing).filter(Backing::noDirectMap).distinct().toList();
                if (!omitted.isEmpty()) {
                    var t = Trace.builder("VMM core dump")
                            .kernel("get_dump_page (GUP FOLL_DUMP); secretmem VMAs are VM_DONTDUMP", KernelFact.COREDUMP)
                            .outcome("ok: the dump omits guest memory", null);
                    sink.add(vmName, Draft.of(Rule.COREDUMP_OMITS_GUEST_MEMORY,
                            "A core dump of the VMM " + String.join(" and ", omitted.stream().map(b -> b.isSecretmem()
                                    ? "skips " + b.name() + " (secretmem is VM_DONTDUMP)"
                                    : "leaves holes for " + b.name() + " (NO_DIRECT_MAP guest_memfd)").toList()) + ".",
                            h.origin(), omitted.stream().map(b -> new Related(b.decl.origin(), b.name())).toList()),
                            Outcome.OK, t.build());
                }
            }
            case PTRACE, PROC_MEM, PROCESS_VM_READV -> {
                boolean eio = h.operation() != dev.vmem.engine.model.HostOperation.PROCESS_VM_READV;
                for (var v : List.copyOf(state.vmas)) {
                    if (!v.backing.noDirectMap()) {
                        continue;
                    }
                    var r = remoteRead(v, h.operation().keyword(), eio, h.origin());
                    sink.report(vmName, r);
                }
            }
        }
    }

    /** ptrace / /proc/pid/mem / process_vm_readv of a VMA: remote GUP, then a copy through kmap. */
    Result remoteRead(Vma v, String who, boolean eio, Origin origin) {
        var t = Trace.builder(who + " of " + v.backing.describe());
        t.kernel(eio ? "access_remote_vm → get_user_pages_remote" : "process_vm_rw_core → pin_user_pages_remote",
                KernelFact.REMOTE_ACCESS_SECRETMEM);
        var g = kernel.gup(v.start, v.length, false, t);
        var failure = eio ? Outcome.EIO : Outcome.EFAULT;
        return switch (g.verdict()) {
            case OK -> Result.ok(t.outcome("ok", null).build());
            case LET_THROUGH -> {
                t.kernel("copy through kmap(page): the direct-map address is not present",
                        KernelFact.UNMAPPED_DIRECT_MAP_OOPS);
                t.outcome("oops", null);
                yield Result.finding(Outcome.OOPS, t.build(), Draft.of(Rule.GUP_UNMAPPED_PFN,
                        who + " of " + v.backing.name()
                                + ": GUP returns its pages although their direct-map entries are gone, and the copy goes through kmap(), the direct-map address: the host oopses.",
                        origin, List.of(new Related(v.backing.decl.origin(), "the backing " + v.backing.name())))
                        .with("backing", v.backing.name()));
            }
            default -> {
                t.outcome(failure.name(), null);
                yield Result.finding(failure, t.build(), kernel.gupDraft(v.backing,
                        who + " reads the VMM's memory through GUP", who + " fails with " + failure.name(), origin,
                        null));
            }
        };
    }

    // ---- exposure ---------------------------------------------------------------------------------

    private VmExposure exposure() {
        var decl = state.decl;
        // Guest RAM is what the slots cover, each byte counted once: private ranges in their
        // guest_memfd, shared ranges in the guest_memfd of a GMEM_ONLY slot or else behind userspace_addr.
        var visible = new java.util.LinkedHashMap<Backing, RangeMap<Boolean>>();
        for (var r : ranges()) {
            var s = r.slot;
            if (r.isPrivate || s.gmemOnly) {
                if (s.gmem != null) {
                    long off = s.gmemOffset + (r.gpa - s.gpa);
                    visible.computeIfAbsent(s.gmem, k -> new RangeMap<>()).put(off, off + r.len, true);
                }
                continue;
            }
            if (s.userspaceAddr == VmState.NO_HVA) {
                continue;
            }
            for (var piece : kernel.vmaPieces(Kernel.hva(s, r.gpa), r.len)) {
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
        for (var s : state.slots.values()) {
            budget.spend(1);
            var lines = new ArrayList<String>();
            lines.add("[" + hex(s.gpa) + ", " + hex(s.end()) + "), " + size(s.size));
            if (s.gmemOnly) {
                lines.add("guest faults: kvm_gmem_get_pfn on " + s.gmem.name() + " (GMEM_ONLY; userspace_addr only for KVM's own accesses)");
            } else if (s.gmem != null) {
                lines.add("private faults: kvm_gmem_get_pfn on " + s.gmem.name() + "; shared faults: hva_to_pfn via userspace_addr");
            } else {
                lines.add("guest faults: hva_to_pfn (GUP) via userspace_addr");
            }
            var backing = s.gmemOnly ? s.gmem : s.userspaceBacking;
            if (backing != null) {
                lines.add(backing.noDirectMap() ? "its memory leaves the direct map once used"
                        : "its memory stays in the direct map");
            }
            sink.note(new ElementNote(s.decl.origin(), "slot " + s.id, lines,
                    List.of(s.gmemOnly ? KernelFact.GMEM_ONLY_SLOT : KernelFact.HVA_TO_PFN)));
        }
    }

    /** The VM's shape after bring-up, for pictures. */
    dev.vmem.engine.report.VmLayout layout() {
        var slots = new ArrayList<dev.vmem.engine.report.VmLayout.SlotView>();
        for (var s : state.slots.values()) {
            budget.spend(1);
            var vma = s.userspaceAddr == VmState.NO_HVA ? Optional.<Vma>empty() : state.vmaAt(s.userspaceAddr);
            slots.add(new dev.vmem.engine.report.VmLayout.SlotView(s.id, s.gpa, s.size,
                    vma.map(v -> v.backing.name()).orElse(""), vma.map(v -> s.userspaceAddr - v.start).orElse(0L),
                    s.gmem == null ? "" : s.gmem.name(), s.gmemOffset, s.gmemOnly,
                    s.flags.stream().map(SlotFlag::keyword).toList(), s.decl.origin()));
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
