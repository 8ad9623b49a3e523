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
    private final Consumers consumers;
    private final HostOps hostOps;
    private final BringUpReport report;

    BringUp(VmDecl decl, KernelProfile profile, Budget budget, Sink sink) {
        this.state = new VmState(decl, profile);
        this.kernel = new Kernel(state, budget);
        this.budget = budget;
        this.sink = sink;
        this.vmName = decl.name();
        this.consumers = new Consumers(kernel);
        this.hostOps = new HostOps(kernel, sink, vmName);
        this.report = new BringUpReport(state, kernel, budget, sink);
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
        return report.exposure(ranges());
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
     * over it apart from the slot's name ({@link Route}). {@code firstOfRoute} is true for the first
     * range (in slot order) of its route: paths that run once per route only look up those.
     */
    record Range(Slot slot, long gpa, long len, boolean isPrivate, Route route, boolean firstOfRoute) {
    }

    /**
     * The route of a range: its attribute, the guest_memfd binding, the VMA behind userspace_addr,
     * whether the range stays inside it and is pre-faulted. Paths whose findings sit on a feature or
     * device (not on the slot) run once per distinct route: their result, and so the finding, is the
     * same for every slot that shares it.
     */
    record Route(boolean isPrivate, boolean gmemOnly, Backing gmem, Vma vma, boolean inside,
            boolean populated, boolean readonly) {
    }

    private List<Range> rangesCache;
    private Route lastRoute;

    /** Every slot of address space 0 split by attribute, computed once after the memslots exist. */
    private List<Range> ranges() {
        if (rangesCache != null) {
            return rangesCache;
        }
        var out = new ArrayList<Range>();
        var routes = new java.util.HashSet<Route>();
        boolean privateMemory = state.decl.type().hasPrivateMemory();
        for (var s : state.slots.values()) {
            budget.spend(1);
            if (s.asId() != 0) {
                continue;
            }
            if (!privateMemory) {
                out.add(range(s, s.gpa, s.size, false, routes));
                continue;
            }
            for (var piece : state.privateGpa.pieces(s.gpa, s.end())) {
                budget.spend(1);
                out.add(range(s, piece.start(), piece.length(), piece.value() != null, routes));
            }
        }
        rangesCache = out;
        return out;
    }

    private Range range(Slot s, long gpa, long len, boolean isPrivate, java.util.Set<Route> routes) {
        long hva = Kernel.hva(s, gpa);
        Vma v = hva == VmState.NO_HVA ? null : state.vmaAt(hva).orElse(null);
        boolean inside = v != null && Long.compareUnsigned(hva + len, v.end()) <= 0;
        boolean populated = v != null && v.populated.all(hva - v.start, hva - v.start + len, x -> x);
        var route = new Route(isPrivate, s.gmemOnly, s.gmem, v, inside, populated, s.flags.contains(SlotFlag.READONLY));
        // Neighbouring slots usually share a route: one that equals the last one is not new.
        boolean first = !route.equals(lastRoute) && routes.add(route);
        lastRoute = route;
        return new Range(s, gpa, len, isPrivate, route, first);
    }

    private record PathRoute(String path, Route route) {
    }

    private final java.util.Set<PathRoute> routesSeen = new java.util.HashSet<>();

    /** The indexes of the ranges of {@code list} that are the first of their route. */
    private static int[] firsts(List<Range> list) {
        int count = 0;
        for (var r : list) {
            count += r.firstOfRoute ? 1 : 0;
        }
        int[] out = new int[count];
        int k = 0;
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).firstOfRoute) {
                out[k++] = i;
            }
        }
        return out;
    }

    /**
     * Runs a path over {@code list} once per route: over the first range of each route it has not met
     * yet. The lists are filtered by route fields (attribute, read-only), so the first range of a route
     * in a list is the first over all ranges ({@code firsts}). The budget is spent as a walk over every
     * range would spend it, one unit a range, in the same order relative to the reports.
     */
    private void perRoute(String path, List<Range> list, int[] firsts, java.util.function.Consumer<Range> run) {
        int prev = -1;
        for (int i : firsts) {
            budget.spend(i - prev);
            prev = i;
            var r = list.get(i);
            if (routesSeen.add(new PathRoute(path, r.route))) {
                run.accept(r);
            }
        }
        budget.spend(list.size() - 1 - prev);
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
        int[] ramFirsts = firsts(ram);
        int[] sharedFirsts = firsts(shared);
        // The fact sheet covers the 6.x pfncache only; on older kernels say nothing rather than guess.
        if (x86 && featureActive(GuestFeature.KVMCLOCK) && state.profile.kvmclockPfncacheModelled()) {
            perRoute("kvmclock", shared, sharedFirsts, r -> sink.report(vmName, kernel.pfncache(r.slot, r.gpa, r.len,
                    GuestFeature.KVMCLOCK, featureOrigin(GuestFeature.KVMCLOCK))));
        }
        if (x86 && featureActive(GuestFeature.XEN_SHARED_INFO)) {
            perRoute("xen", shared, sharedFirsts, r -> sink.report(vmName, kernel.pfncache(r.slot, r.gpa, r.len,
                    GuestFeature.XEN_SHARED_INFO, featureOrigin(GuestFeature.XEN_SHARED_INFO))));
        }
        if (x86 && featureActive(GuestFeature.NESTED)) {
            perRoute("nested", shared, sharedFirsts, r -> sink.report(vmName,
                    kernel.vcpuMap(r.slot, r.gpa, r.len, featureOrigin(GuestFeature.NESTED))));
        }
        for (var f : List.of(GuestFeature.STEAL_TIME, GuestFeature.PV_EOI, GuestFeature.ASYNC_PF)) {
            if (x86 && featureActive(f)) {
                perRoute(f.keyword(), shared, sharedFirsts, r -> sink.report(vmName, consumers.uaccessUser(r,
                        f.keyword() + " (gfn_to_hva_cache + user accessors)", featureOrigin(f), Outcome.EFAULT,
                        KernelFact.UACCESS_USERS)));
            }
        }
        for (var d : state.decl.devices()) {
            boolean vfio = d.path() == DevicePath.VFIO;
            perRoute("device " + d.name(), vfio ? ram : shared, vfio ? ramFirsts : sharedFirsts,
                    r -> sink.report(vmName, consumers.device(d, r)));
        }
        for (var h : state.decl.hostOps()) {
            hostOps.hostOperation(h);
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

    /** ptrace / /proc/pid/mem / process_vm_readv of a VMA (see {@link HostOps}). */
    Result remoteRead(Vma v, String who, boolean eio, Origin origin) {
        return hostOps.remoteRead(v, who, eio, origin);
    }

    /** The VM's shape after bring-up, for pictures. */
    dev.vmem.engine.report.VmLayout layout() {
        return report.layout();
    }
}
