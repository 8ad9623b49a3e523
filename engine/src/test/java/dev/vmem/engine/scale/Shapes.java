package dev.vmem.engine.scale;

import dev.vmem.engine.model.Access;
import dev.vmem.engine.model.Arch;
import dev.vmem.engine.model.AttributeDecl.MemoryAttribute;
import dev.vmem.engine.model.BackingKind;
import dev.vmem.engine.model.CpuidDecl;
import dev.vmem.engine.model.DeviceDecl;
import dev.vmem.engine.model.DevicePath;
import dev.vmem.engine.model.FeatureDecl;
import dev.vmem.engine.model.GmemFlag;
import dev.vmem.engine.model.GuestFeature;
import dev.vmem.engine.model.HostOpDecl;
import dev.vmem.engine.model.HostOperation;
import dev.vmem.engine.model.KernelDecl;
import dev.vmem.engine.model.Operation;
import dev.vmem.engine.model.Origin;
import dev.vmem.engine.model.Outcome;
import dev.vmem.engine.model.ParamDecl;
import dev.vmem.engine.model.PatchDecl;
import dev.vmem.engine.model.Sharing;
import dev.vmem.engine.model.SlotFlag;
import dev.vmem.engine.model.VmType;
import dev.vmem.engine.scale.ProgramShape.AttrShape;
import dev.vmem.engine.scale.ProgramShape.BackingShape;
import dev.vmem.engine.scale.ProgramShape.MapShape;
import dev.vmem.engine.scale.ProgramShape.OpShape;
import dev.vmem.engine.scale.ProgramShape.ScenarioShape;
import dev.vmem.engine.scale.ProgramShape.SlotShape;
import dev.vmem.engine.scale.ProgramShape.StepShape;
import dev.vmem.engine.scale.ProgramShape.VmShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * jqwik arbitraries for {@link ProgramShape}s: random mixes of kernel profiles, VM types, backings
 * of every kind and flag, mappings, memslots, attributes, features, cpuid edits, devices, host
 * operations and scenarios.
 *
 * <ul>
 *   <li>{@link #scaled()} keeps every quantity a small number of units plus at most a few pages, so
 *       the same shape means the same setup at 1 MiB and at 1 TiB per unit. Names and references are
 *       still drawn from small pools, so slots name missing backings, bindings overlap, maps are
 *       private where they must be shared, and so on.</li>
 *   <li>{@link #nonsense()} draws every number from edge values (0, 1, 4095, 2^63, 2^64 - 4096, …) and
 *       arbitrary longs, kernel versions from garbage strings, slot ids and vCPU counts from any value:
 *       the engine must still answer with a report.</li>
 * </ul>
 */
public final class Shapes {

    private static final long PAGE = 4096;

    /** Names a VM may declare; "e" is referred to but never declared. */
        private static final List<String> REFERRED = List.of("a", "b", "c", "d", "e");

    private static final List<String> VERSIONS = List.of("5.10", "5.14", "5.15", "5.15.154", "6.1", "6.5", "6.6",
            "6.7", "6.8", "6.9", "6.10", "6.11", "6.12", "6.16", "6.18", "6.19", "7.0", "7.1", "7.3", "4.19");
    private static final List<String> GARBAGE_VERSIONS = List.of("", " ", "six", "6", "6.", ".18", "6.18.1.2",
            "99999.9999", "0.0", "-1.2", "6.18-rc1", "6.18 ", "00006.00018");

    private static final long[] EDGES = {0, 1, 4095, PAGE, PAGE + 1, 2L << 20, 1L << 31, 1L << 40, 1L << 52,
        Long.MAX_VALUE, Long.MIN_VALUE, -PAGE, -1, -(2L << 20), 0xffff_ffff_ffff_0000L, 0x7f00_0000_0000L};

    private Shapes() {
    }

    /** Programs whose quantities scale: the same declarations at any unit. */
    public static Arbitrary<ProgramShape> scaled() {
        // jqwik's edge cases would favour the rare values of every frequency (size 0, the last name, the
        // odd flag) and drown the working setups; the nonsense family keeps them.
        return programs(new Sane()).withoutEdgeCases();
    }

    /** Programs with any numbers, names and versions, including nonsense. */
    public static Arbitrary<ProgramShape> nonsense() {
        return programs(new Wild());
    }

    // ---- what differs between the two families -----------------------------------------------------

    /** The value domains of one family of programs. */
    private interface Domain {
        /** Sizes of memslots, attribute ranges, fallocate ranges. */
        Arbitrary<Q> size();

        /** Sizes of backings and of the mappings scenarios make. */
        Arbitrary<Q> mappingSize();

        /** Guest-physical addresses. */
        Arbitrary<Q> gpa();

        /** Offsets into a file or mapping. */
        Arbitrary<Q> offset();

        /** Fixed mmap addresses. */
        Arbitrary<Q> address();

        Arbitrary<Long> slotId();

        Arbitrary<Integer> vcpus();

        Arbitrary<Long> hugePageSize();

        Arbitrary<String> version();

        Arbitrary<Integer> revision();

        Arbitrary<String> vmName();

        Arbitrary<String> declaredBacking();

        /** A backing name as a map, slot or step refers to it ("e" is never declared). */
        Arbitrary<String> reference();

        Arbitrary<List<SlotFlag>> slotFlags();

        Arbitrary<List<GmemFlag>> gmemFlags();

        Arbitrary<BackingKind> backingKind();

        Arbitrary<List<PatchDecl.Patch>> patches();

        /** The fewest backings a VM declares. */
        int minBackings();
    }

    /** Small unit counts plus the odd page or unaligned byte count. */
    private static final class Sane implements Domain {

        private static Arbitrary<Long> extra() {
            return Arbitraries.frequency(Tuple.of(90, 0L), Tuple.of(4, PAGE), Tuple.of(4, 2 * PAGE), Tuple.of(1, 0x10L),
                    Tuple.of(1, PAGE + 0x800)).withoutEdgeCases();
        }

        private static Arbitrary<Q> q(int minUnits, int maxUnits) {
            return Combinators.combine(Arbitraries.longs().between(minUnits, maxUnits), extra()).as(Q::new);
        }

        @Override
        public Arbitrary<Q> size() {
            // At most 7 units: below KVM_MEM_MAX_NR_PAGES (8 TiB) at the largest scale, so that limit
            // does not turn a valid slot into an invalid one at 1 TiB.
            return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(Q.of(0))), Tuple.of(12, q(1, 7)));
        }

        /**
         * An even number of units and nothing else. The engine places mappings without {@code at} on
         * 2 MiB boundaries, and 2 MiB is two units at the smallest scale: an odd size, or a size with a
         * few extra pages, leaves a hole after the mapping that is one or two units long at 1 MiB per
         * unit but a sliver at 1 TiB per unit. A memslot that runs past its mapping then ends in the
         * hole at one scale and in the next mapping at the other. Whole even units keep the layout the
         * same at every scale. (Nonsense programs still get every size.)
         */
        @Override
        public Arbitrary<Q> mappingSize() {
            return Arbitraries.frequency(Tuple.of(1, Q.of(0)), Tuple.of(4, Q.of(2)), Tuple.of(4, Q.of(4)),
                    Tuple.of(4, Q.of(6)));
        }

        @Override
        public Arbitrary<Q> gpa() {
            return q(0, 31);
        }

        @Override
        public Arbitrary<Q> offset() {
            return Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just(Q.of(0))), Tuple.of(4, q(0, 4)));
        }

        @Override
        public Arbitrary<Q> address() {
            return q(0, 15);
        }

        @Override
        public Arbitrary<Long> slotId() {
            return Arbitraries.frequencyOf(Tuple.of(40, Arbitraries.longs().between(0, 7)),
                    Tuple.of(1, Arbitraries.of(1L << 16, (1L << 16) + 1, 32_763L, 32_764L, 2L << 16)));
        }

        @Override
        public Arbitrary<Integer> vcpus() {
            return Arbitraries.integers().between(1, 8);
        }

        @Override
        public Arbitrary<Long> hugePageSize() {
            // Huge page sizes are absolute while backing sizes scale, and the kernel refuses a hugetlb
            // size that is not a multiple of the page size (kernel-facts §10.3 item 19): a hugetlb
            // backing is valid at one scale and refused at another, so scaling shapes use normal pages.
            // RejectionsTest and the examples cover hugetlb.
            return Arbitraries.just(0L);
        }

        @Override
        public Arbitrary<String> version() {
            return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of("6.18", "7.0", "7.1")),
                    Tuple.of(2, Arbitraries.of(VERSIONS)));
        }

        @Override
        public Arbitrary<Integer> revision() {
            return Arbitraries.of(0, 9, 10, 11, 12);
        }

        @Override
        public Arbitrary<String> vmName() {
            return Arbitraries.of("v0", "v1");
        }

        @Override
        public Arbitrary<String> declaredBacking() {
            return Arbitraries.frequency(Tuple.of(5, "a"), Tuple.of(4, "b"), Tuple.of(2, "c"), Tuple.of(1, "d"));
        }

        @Override
        public Arbitrary<String> reference() {
            return Arbitraries.frequency(Tuple.of(10, "a"), Tuple.of(8, "b"), Tuple.of(3, "c"), Tuple.of(1, "d"),
                    Tuple.of(1, "e"));
        }

        @Override
        public Arbitrary<List<SlotFlag>> slotFlags() {
            return Arbitraries.frequency(Tuple.of(12, List.<SlotFlag>of()), Tuple.of(2, List.of(SlotFlag.LOG_DIRTY_PAGES)),
                    Tuple.of(2, List.of(SlotFlag.READONLY)), Tuple.of(1, List.of(SlotFlag.LOG_DIRTY_PAGES, SlotFlag.READONLY)));
        }

        @Override
        public Arbitrary<List<GmemFlag>> gmemFlags() {
            var all = Arbitraries.subsetOf(GmemFlag.values()).map(x -> List.copyOf(new java.util.TreeSet<>(x)));
            return Arbitraries.frequencyOf(Tuple.of(3, all),
                    Tuple.of(3, Arbitraries.just(List.of(GmemFlag.MMAP, GmemFlag.INIT_SHARED, GmemFlag.NO_DIRECT_MAP))),
                    Tuple.of(2, Arbitraries.just(List.of(GmemFlag.MMAP, GmemFlag.INIT_SHARED))),
                    Tuple.of(2, Arbitraries.just(List.of(GmemFlag.NO_DIRECT_MAP))));
        }

        @Override
        public Arbitrary<BackingKind> backingKind() {
            return Arbitraries.frequency(Tuple.of(3, BackingKind.ANONYMOUS), Tuple.of(3, BackingKind.MEMFD),
                    Tuple.of(3, BackingKind.MEMFD_SECRET), Tuple.of(5, BackingKind.GUEST_MEMFD),
                    Tuple.of(1, BackingKind.FILE));
        }

        @Override
        public int minBackings() {
            return 1;
        }

        @Override
        public Arbitrary<List<PatchDecl.Patch>> patches() {
            return Combinators.combine(Arbitraries.frequency(Tuple.of(3, true), Tuple.of(2, false)),
                    Arbitraries.frequency(Tuple.of(2, true), Tuple.of(3, false)),
                    Arbitraries.frequency(Tuple.of(1, true), Tuple.of(6, false))).as((ndm, pfn, gup) -> {
                        var list = new ArrayList<PatchDecl.Patch>();
                        if (ndm) {
                            list.add(PatchDecl.Patch.NO_DIRECT_MAP);
                        }
                        if (pfn) {
                            list.add(PatchDecl.Patch.PFNCACHE_GMEM);
                        }
                        if (gup) {
                            list.add(PatchDecl.Patch.SECRETMEM_GUP_ALLOWED);
                        }
                        return List.copyOf(list);
                    });
        }
    }

    /** Anything a {@code long} or {@code int} can hold, biased to edges. */
    private static final class Wild implements Domain {

        private static Arbitrary<Long> raw() {
            return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.integers().between(0, EDGES.length - 1).map(i -> EDGES[i])),
                    Tuple.of(1, Arbitraries.longs()),
                    Tuple.of(1, Arbitraries.longs().between(0, 64).map(p -> p * PAGE)),
                    Tuple.of(1, Arbitraries.longs().between(1, 16).map(p -> -p * PAGE)));
        }

        private static Arbitrary<Q> q() {
            return Arbitraries.frequencyOf(Tuple.of(3, raw().map(Q::raw)), Tuple.of(1, new Sane().size()));
        }

        @Override
        public Arbitrary<Q> size() {
            return q();
        }

        @Override
        public Arbitrary<Q> mappingSize() {
            return q();
        }

        @Override
        public Arbitrary<Q> gpa() {
            return q();
        }

        @Override
        public Arbitrary<Q> offset() {
            return q();
        }

        @Override
        public Arbitrary<Q> address() {
            return q();
        }

        @Override
        public Arbitrary<Long> slotId() {
            return Arbitraries.frequencyOf(Tuple.of(2, new Sane().slotId()), Tuple.of(1, raw()));
        }

        @Override
        public Arbitrary<Integer> vcpus() {
            return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.of(0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE)),
                    Tuple.of(2, Arbitraries.integers()));
        }

        @Override
        public Arbitrary<Long> hugePageSize() {
            return raw();
        }

        @Override
        public Arbitrary<String> version() {
            return Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.of(VERSIONS)),
                    Tuple.of(1, Arbitraries.of(GARBAGE_VERSIONS)));
        }

        @Override
        public Arbitrary<Integer> revision() {
            return Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.of(0, 9, 10, 11, 12)),
                    Tuple.of(1, Arbitraries.integers()));
        }

        @Override
        public Arbitrary<String> vmName() {
            return Arbitraries.of("v0", "v1", "", "v0");
        }

        @Override
        public Arbitrary<String> declaredBacking() {
            return Arbitraries.of(REFERRED);
        }

        @Override
        public Arbitrary<String> reference() {
            return Arbitraries.of(REFERRED);
        }

        @Override
        public Arbitrary<List<SlotFlag>> slotFlags() {
            return Arbitraries.of(SlotFlag.class).list().ofMaxSize(3);
        }

        @Override
        public Arbitrary<List<GmemFlag>> gmemFlags() {
            return Arbitraries.of(GmemFlag.class).list().ofMaxSize(4);
        }

        @Override
        public Arbitrary<BackingKind> backingKind() {
            return Arbitraries.of(BackingKind.class);
        }

        @Override
        public Arbitrary<List<PatchDecl.Patch>> patches() {
            return Arbitraries.of(PatchDecl.Patch.class).list().ofMaxSize(4);
        }

        @Override
        public int minBackings() {
            return 0;
        }
    }

    // ---- programs --------------------------------------------------------------------------------------

    private static Arbitrary<ProgramShape> programs(Domain d) {
        return Combinators.combine(kernel(d, "k").list().ofMinSize(0).ofMaxSize(1),
                kernel(d, "k2").list().ofMinSize(0).ofMaxSize(1), vm(d).list().ofMinSize(1).ofMaxSize(2),
                scenario(d).list().ofMaxSize(2)).as((k1, k2, vms, scs) -> {
                    var kernels = new ArrayList<KernelDecl>(k1);
                    kernels.addAll(k2);
                    return new ProgramShape(kernels, vms, scs);
                });
    }

    private static Arbitrary<KernelDecl> kernel(Domain d, String name) {
        var patches = Combinators.combine(d.patches(), d.revision()).as((list, rev) -> list.stream()
                .map(p -> new PatchDecl(p, p == PatchDecl.Patch.NO_DIRECT_MAP ? rev : 0,
                        Origin.named(name + ".patch " + p.keyword()))).toList());
        var param = Combinators.combine(Arbitraries.of(ParamDecl.Param.class), Arbitraries.of(true, false))
                .as((p, on) -> new ParamDecl(p, on, Origin.named(name + ".param " + p.keyword())));
        var feature = Arbitraries.of(FeatureDecl.Feature.class)
                .map(f -> new FeatureDecl(f, Origin.named(name + ".feature " + f.keyword())));
        var arch = Arbitraries.frequency(Tuple.of(4, Arch.X86_64), Tuple.of(1, Arch.ARM64));
        return Combinators.combine(d.version(), arch, patches, param.list().ofMaxSize(1),
                feature.list().ofMaxSize(2)).as((v, a, ps, params, features) -> new KernelDecl(name, v,
                        Origin.named(name + ".version"), a, ps, params, features, Origin.named("kernel " + name))
                        // arm64's default 40-bit IPA space is 1 TiB, one unit at the largest scale: give the
                        // shapes a 52-bit space, as x86 has without a stated MAXPHYADDR (§10.2 item 10).
                        .withAddressBits(0, 52));
    }

    private static Arbitrary<VmShape> vm(Domain d) {
        var header = Combinators.combine(d.vmName(),
                Arbitraries.frequency(Tuple.of(6, Optional.of("k")), Tuple.of(2, Optional.of("k2")),
                        Tuple.of(1, Optional.of("missing")), Tuple.of(2, Optional.<String>empty())),
                Arbitraries.frequency(Tuple.of(4, VmType.DEFAULT), Tuple.of(2, VmType.SW_PROTECTED), Tuple.of(1, VmType.SEV),
                        Tuple.of(1, VmType.SEV_ES), Tuple.of(2, VmType.SNP), Tuple.of(2, VmType.TDX)),
                d.vcpus(), d.size().optional(0.2)).as(Tuple::of);
        var backings = Arbitraries.frequencyOf(Tuple.of(4, backing(d).list().ofMinSize(d.minBackings()).ofMaxSize(4).uniqueElements(BackingShape::name)),
                Tuple.of(1, backing(d).list().ofMinSize(d.minBackings()).ofMaxSize(4)));
        var slots = Arbitraries.frequencyOf(Tuple.of(4, slot(d).list().ofMaxSize(5).uniqueElements(SlotShape::id)),
                Tuple.of(1, slot(d).list().ofMaxSize(5)));
        var memory = Combinators.combine(backings, map(d).list().ofMaxSize(4), slots, attribute(d).list().ofMaxSize(2))
                .as(Tuple::of);
        var cpuid = Combinators.combine(Arbitraries.of(GuestFeature.class), Arbitraries.of(true, false))
                .as((f, on) -> new CpuidDecl(f, on, Origin.named("cpuid " + (on ? "+" : "-") + f.keyword())));
        var device = Combinators.combine(Arbitraries.of("d0", "d1", "d2"),
                Arbitraries.of("virtio_net", "virtio_blk", "vfio"), Arbitraries.of(DevicePath.class))
                .as(DeviceDecl::of);
        var host = Arbitraries.of(HostOperation.class)
                .map(h -> new HostOpDecl(h, Origin.named("host " + h.keyword())));
        var users = Combinators.combine(Arbitraries.of(GuestFeature.class).list().ofMaxSize(4),
                cpuid.list().ofMaxSize(2), device.list().ofMaxSize(4), host.list().ofMaxSize(3)).as(Tuple::of);
        return Combinators.combine(header, memory, users).as((h, m, u) -> new VmShape(h.get1(), h.get2(), h.get3(),
                h.get4(), h.get5(), m.get1(), m.get2(), m.get3(), m.get4(), u.get1(), u.get2(), u.get3(), u.get4()));
    }

    private static Arbitrary<BackingShape> backing(Domain d) {
        return Combinators.combine(d.declaredBacking(), d.backingKind(), d.mappingSize(), d.hugePageSize(),
                d.gmemFlags()).as((name, kind, size, huge, f) -> new BackingShape(name, kind, size,
                        kind == BackingKind.MEMFD || kind == BackingKind.FILE ? huge : 0,
                        kind == BackingKind.GUEST_MEMFD ? f : List.of(),
                        kind == BackingKind.FILE ? "/dev/hugepages/" + name : null));
    }

    private static Arbitrary<MapShape> map(Domain d) {
        var sharing = Arbitraries.frequency(Tuple.of(3, Sharing.SHARED), Tuple.of(1, Sharing.PRIVATE));
        return Combinators.combine(d.reference(), sharing, d.address().optional(0.15),
                Arbitraries.of(true, false), Arbitraries.of(true, false)).as(MapShape::new);
    }

    private static Arbitrary<SlotShape> slot(Domain d) {
        var where = Combinators.combine(d.slotId(), d.gpa(), d.size().optional(0.4)).as(Tuple::of);
        var backing = Combinators.combine(d.reference().optional(0.85), d.offset(), d.reference().optional(0.4),
                d.offset()).as(Tuple::of);
        return Combinators.combine(where, backing, d.slotFlags()).as((w, b, f) -> new SlotShape(w.get1(), w.get2(), w.get3(),
                b.get1(), b.get2(), b.get3(), b.get4(), f));
    }

    private static Arbitrary<AttrShape> attribute(Domain d) {
        return Combinators.combine(Arbitraries.frequency(Tuple.of(4, MemoryAttribute.PRIVATE),
                Tuple.of(1, MemoryAttribute.SHARED)), d.gpa(), d.size()).as(AttrShape::new);
    }

    private static Arbitrary<ScenarioShape> scenario(Domain d) {
        var step = Combinators.combine(op(d), Arbitraries.of(Outcome.class).optional(0.5)).as(StepShape::new);
        return Combinators.combine(Arbitraries.of("s0", "s1"), Arbitraries.of("v0", "v1", "v9"),
                Arbitraries.of(true, false), step.list().ofMaxSize(6)).as(ScenarioShape::new);
    }

    private static Arbitrary<OpShape> op(Domain d) {
        var b = d.reference();
        Arbitrary<Operation> fixed = Arbitraries.oneOf(List.of(
                b.map(Operation.Munmap::new),
                b.map(Operation.FileRead::new),
                b.map(Operation.FileWrite::new),
                Combinators.combine(b, Arbitraries.of(Operation.Advice.class)).as(Operation.Madvise::new),
                d.slotId().map(Operation.DeleteSlot::new),
                Combinators.combine(b, Arbitraries.of(true, false), Arbitraries.of(true, false)).as(Operation.Gup::new),
                b.map(Operation.VfioMap::new),
                b.map(Operation.IoUringRegister::new),
                b.map(Operation.ODirect::new),
                b.map(Operation.ProcessVmReadv::new),
                b.map(Operation.PtracePeek::new),
                b.map(Operation.ProcMemRead::new),
                Arbitraries.just(new Operation.Hibernate()),
                Arbitraries.just(new Operation.Coredump()),
                b.map(Operation.Close::new)));
        var access = Arbitraries.of(Access.class);
        return Arbitraries.oneOf(List.of(
                fixed.map(OpShape.Fixed::new),
                Combinators.combine(b, Arbitraries.of(Sharing.class), d.mappingSize().optional(0.5))
                        .as(OpShape.Mmap::new),
                Combinators.combine(b, access, d.offset().optional(0.5), d.size().optional(0.5)).as(OpShape.Touch::new),
                Combinators.combine(b, Arbitraries.of(Operation.FallocateMode.class), d.offset(), d.size())
                        .as(OpShape.Fallocate::new),
                Combinators.combine(b, d.size()).as(OpShape.Ftruncate::new),
                slot(d).map(OpShape.CreateSlot::new),
                Combinators.combine(Arbitraries.of(MemoryAttribute.class), d.gpa(), d.size())
                        .as(OpShape.SetAttributes::new),
                Combinators.combine(Arbitraries.integers().between(-1, 2), access, d.gpa()).as(OpShape.GuestAccess::new),
                Combinators.combine(access, d.gpa()).as(OpShape.KvmAccess::new),
                Combinators.combine(Arbitraries.of(GuestFeature.KVMCLOCK, GuestFeature.XEN_SHARED_INFO), d.gpa())
                        .as(OpShape.Pfncache::new),
                d.gpa().map(OpShape.VcpuMap::new),
                Combinators.combine(d.gpa(), b).as(OpShape.Populate::new)));
    }
}
