package dev.vmem.engine.scale;

import dev.vmem.engine.model.Access;
import dev.vmem.engine.model.AttributeDecl;
import dev.vmem.engine.model.AttributeDecl.MemoryAttribute;
import dev.vmem.engine.model.BackingDecl;
import dev.vmem.engine.model.BackingKind;
import dev.vmem.engine.model.CpuidDecl;
import dev.vmem.engine.model.DeviceDecl;
import dev.vmem.engine.model.FeatureUseDecl;
import dev.vmem.engine.model.GmemFlag;
import dev.vmem.engine.model.GmemFlagDecl;
import dev.vmem.engine.model.GuestFeature;
import dev.vmem.engine.model.HostOpDecl;
import dev.vmem.engine.model.KernelDecl;
import dev.vmem.engine.model.MapDecl;
import dev.vmem.engine.model.Operation;
import dev.vmem.engine.model.Origin;
import dev.vmem.engine.model.Outcome;
import dev.vmem.engine.model.Program;
import dev.vmem.engine.model.ScenarioDecl;
import dev.vmem.engine.model.Sharing;
import dev.vmem.engine.model.SlotDecl;
import dev.vmem.engine.model.SlotFlag;
import dev.vmem.engine.model.SlotFlagDecl;
import dev.vmem.engine.model.StepDecl;
import dev.vmem.engine.model.VmDecl;
import dev.vmem.engine.model.VmType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BiFunction;
import java.util.stream.Stream;

/**
 * A program whose declared sizes, GPAs, offsets and addresses are {@link Q quantities}: one shape
 * renders to the same program at any scale ({@link #render(long)} with 1 MiB, 1 GiB, 1 TiB, …).
 * Everything that is not a quantity (kernel profiles, names, flags, features, devices, host
 * operations, slot ids, vCPU counts) is the same at every scale. Origins are labels derived from the
 * element's position, so two renderings give findings on equal origins.
 */
public record ProgramShape(List<KernelDecl> kernels, List<VmShape> vms, List<ScenarioShape> scenarios) {

    public ProgramShape {
        kernels = List.copyOf(kernels);
        vms = List.copyOf(vms);
        scenarios = List.copyOf(scenarios);
    }

    /** The program at one scale. */
    public Program render(long unit) {
        return new Program(kernels, vms.stream().map(v -> v.render(unit)).toList(),
                scenarios.stream().map(s -> s.render(unit)).toList());
    }

    /** True when every quantity is a whole number of units, so byte figures scale exactly. */
    public boolean pure() {
        return quantities().allMatch(Q::pure);
    }

    /** Every quantity in the shape. */
    public Stream<Q> quantities() {
        return Stream.concat(vms.stream().flatMap(VmShape::quantities),
                scenarios.stream().flatMap(s -> s.steps().stream()).flatMap(s -> s.op().quantities()));
    }

    private static Origin o(String label) {
        return Origin.named(label);
    }

    /** Each element rendered with its position in the list (origins are labelled by position). */
    private static <S, D> List<D> indexed(List<S> shapes, BiFunction<S, Integer, D> render) {
        var out = new ArrayList<D>(shapes.size());
        for (int i = 0; i < shapes.size(); i++) {
            out.add(render.apply(shapes.get(i), i));
        }
        return out;
    }

    private static OptionalLong opt(Optional<Q> q, long unit) {
        return q.map(x -> OptionalLong.of(x.at(unit))).orElse(OptionalLong.empty());
    }

    /** A VM; {@code kernel} names a profile of the program (or one that does not exist), empty for the default. */
    public record VmShape(String name, Optional<String> kernel, VmType type, int vcpus, Optional<Q> memlock,
            List<BackingShape> backings, List<MapShape> maps, List<SlotShape> slots, List<AttrShape> attributes,
            List<GuestFeature> uses, List<CpuidDecl> cpuid, List<DeviceDecl> devices, List<HostOpDecl> hostOps) {

        public VmShape {
            backings = List.copyOf(backings);
            maps = List.copyOf(maps);
            slots = List.copyOf(slots);
            attributes = List.copyOf(attributes);
            uses = List.copyOf(uses);
            cpuid = List.copyOf(cpuid);
            devices = List.copyOf(devices);
            hostOps = List.copyOf(hostOps);
        }

        VmDecl render(long unit) {
            var p = name + "/";
            var bs = indexed(backings, (b, i) -> b.render(unit, p + "backing#" + i));
            var ms = indexed(maps, (m, i) -> m.render(unit, p + "map#" + i));
            var ss = indexed(slots, (s, i) -> s.render(unit, p + "slot#" + i));
            var as = indexed(attributes, (a, i) -> new AttributeDecl(a.attribute(), a.gpa().at(unit),
                    a.size().at(unit), o(p + "attribute#" + i)));
            var fs = indexed(uses, (u, i) -> new FeatureUseDecl(u, o(p + "uses#" + i)));
            return new VmDecl(name, kernel, o(p + "kernel"), type, o(p + "type"), vcpus, opt(memlock, unit),
                    o(p + "rlimit"), bs, ms, ss, as, fs, cpuid, devices, hostOps, o("vm " + name));
        }

        Stream<Q> quantities() {
            return Stream.of(memlock.stream(), backings.stream().map(BackingShape::size),
                    maps.stream().flatMap(m -> m.at().stream()), slots.stream().flatMap(SlotShape::quantities),
                    attributes.stream().flatMap(a -> Stream.of(a.gpa(), a.size()))).flatMap(s -> s);
        }
    }

    /** {@code memory NAME: KIND SIZE [hugetlb SIZE] [flags]}; the huge page size is a page size, not scaled. */
    public record BackingShape(String name, BackingKind kind, Q size, long hugePageSize, List<GmemFlag> flags,
            String path) {

        public BackingShape {
            flags = List.copyOf(flags);
        }

        BackingDecl render(long unit, String label) {
            return new BackingDecl(name, kind, size.at(unit), o(label + ".size"), hugePageSize,
                    hugePageSize == 0 ? Origin.NONE : o(label + ".hugetlb"),
                    flags.stream().map(f -> new GmemFlagDecl(f, o(label + "." + f.keyword()))).toList(), path,
                    o(label));
        }
    }

    /** {@code map B shared|private [at ADDR] [populate] [mergeable]}. */
    public record MapShape(String backing, Sharing sharing, Optional<Q> at, boolean populate, boolean mergeable) {
        MapDecl render(long unit, String label) {
            return new MapDecl(backing, o(label + ".backing"), sharing, opt(at, unit), populate, mergeable, o(label));
        }
    }

    /** A memslot; the id is not a quantity and does not scale. */
    public record SlotShape(long id, Q gpa, Optional<Q> size, Optional<String> userspace, Q userspaceOffset,
            Optional<String> guestMemfd, Q guestMemfdOffset, List<SlotFlag> flags) {

        public SlotShape {
            flags = List.copyOf(flags);
        }

        SlotDecl render(long unit, String label) {
            return new SlotDecl(id, gpa.at(unit), o(label + ".gpa"), opt(size, unit),
                    size.isPresent() ? o(label + ".size") : Origin.NONE, userspace, userspaceOffset.at(unit),
                    userspace.isPresent() ? o(label + ".userspace") : Origin.NONE, guestMemfd,
                    guestMemfdOffset.at(unit), guestMemfd.isPresent() ? o(label + ".guest_memfd") : Origin.NONE,
                    flags.stream().map(f -> new SlotFlagDecl(f, o(label + "." + f.keyword()))).toList(), o(label));
        }

        Stream<Q> quantities() {
            return Stream.of(Stream.of(gpa, userspaceOffset, guestMemfdOffset), size.stream()).flatMap(s -> s);
        }
    }

    /** {@code private|shared gpa A size S}. */
    public record AttrShape(MemoryAttribute attribute, Q gpa, Q size) {
    }

    /** A scenario; {@code vm} may name a VM that does not exist. */
    public record ScenarioShape(String name, String vm, boolean fromScratch, List<StepShape> steps) {

        public ScenarioShape {
            steps = List.copyOf(steps);
        }

        ScenarioDecl render(long unit) {
            var list = indexed(steps, (s, i) -> {
                var label = "scenario " + name + "/step#" + i;
                return new StepDecl(s.op().render(unit), s.expect(), o(label + ".expect"), o(label));
            });
            return new ScenarioDecl(name, vm, o("scenario " + name + ".vm"), fromScratch, list, o("scenario " + name));
        }
    }

    /** A step: an operation and what it is expected to give, if anything. */
    public record StepShape(OpShape op, Optional<Outcome> expect) {
    }

    /** An operation whose numbers are quantities. */
    public sealed interface OpShape {

        Operation render(long unit);

        default Stream<Q> quantities() {
            return Stream.empty();
        }

        /** An operation with no size, GPA or offset in it. */
        record Fixed(Operation op) implements OpShape {
            @Override
            public Operation render(long unit) {
                return op;
            }
        }

        record Mmap(String backing, Sharing sharing, Optional<Q> size) implements OpShape {
            @Override
            public Operation render(long unit) {
                return new Operation.Mmap(backing, sharing, opt(size, unit));
            }

            @Override
            public Stream<Q> quantities() {
                return size.stream();
            }
        }

        record Touch(String backing, Access access, Optional<Q> offset, Optional<Q> length) implements OpShape {
            @Override
            public Operation render(long unit) {
                return new Operation.Touch(backing, access, opt(offset, unit), opt(length, unit));
            }

            @Override
            public Stream<Q> quantities() {
                return Stream.concat(offset.stream(), length.stream());
            }
        }

        record Fallocate(String backing, Operation.FallocateMode mode, Q offset, Q length) implements OpShape {
            @Override
            public Operation render(long unit) {
                return new Operation.Fallocate(backing, mode, offset.at(unit), length.at(unit));
            }

            @Override
            public Stream<Q> quantities() {
                return Stream.of(offset, length);
            }
        }

        record Ftruncate(String backing, Q size) implements OpShape {
            @Override
            public Operation render(long unit) {
                return new Operation.Ftruncate(backing, size.at(unit));
            }

            @Override
            public Stream<Q> quantities() {
                return Stream.of(size);
            }
        }

        record CreateSlot(SlotShape slot) implements OpShape {
            @Override
            public Operation render(long unit) {
                return new Operation.CreateSlot(slot.render(unit, "scenario slot " + slot.id()));
            }

            @Override
            public Stream<Q> quantities() {
                return slot.quantities();
            }
        }

        record SetAttributes(MemoryAttribute attribute, Q gpa, Q size) implements OpShape {
            @Override
            public Operation render(long unit) {
                return new Operation.SetAttributes(attribute, gpa.at(unit), size.at(unit));
            }

            @Override
            public Stream<Q> quantities() {
                return Stream.of(gpa, size);
            }
        }

        record GuestAccess(int vcpu, Access access, Q gpa) implements OpShape {
            @Override
            public Operation render(long unit) {
                return new Operation.GuestAccess(vcpu, access, gpa.at(unit));
            }

            @Override
            public Stream<Q> quantities() {
                return Stream.of(gpa);
            }
        }

        record KvmAccess(Access access, Q gpa) implements OpShape {
            @Override
            public Operation render(long unit) {
                return new Operation.KvmAccess(access, gpa.at(unit));
            }

            @Override
            public Stream<Q> quantities() {
                return Stream.of(gpa);
            }
        }

        record Pfncache(GuestFeature user, Q gpa) implements OpShape {
            @Override
            public Operation render(long unit) {
                return new Operation.Pfncache(user, gpa.at(unit));
            }

            @Override
            public Stream<Q> quantities() {
                return Stream.of(gpa);
            }
        }

        record VcpuMap(Q gpa) implements OpShape {
            @Override
            public Operation render(long unit) {
                return new Operation.VcpuMap(gpa.at(unit));
            }

            @Override
            public Stream<Q> quantities() {
                return Stream.of(gpa);
            }
        }

        record Populate(Q gpa, String source) implements OpShape {
            @Override
            public Operation render(long unit) {
                return new Operation.Populate(gpa.at(unit), source);
            }

            @Override
            public Stream<Q> quantities() {
                return Stream.of(gpa);
            }
        }
    }
}
