package dev.vmem.engine.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A virtual machine: its kernel profile, type, backings, mappings, memslots, memory attributes and
 * everything that touches guest memory. The engine compiles it into a bring-up.
 *
 * @param name          the VM's name
 * @param kernel        the kernel profile's name; empty means the built-in default profile
 * @param kernelOrigin  where the kernel is named
 * @param type          KVM_CREATE_VM type
 * @param typeOrigin    where the type is written ({@link Origin#NONE} when defaulted)
 * @param vcpus         number of vCPUs
 * @param memlockLimit  RLIMIT_MEMLOCK of the VMM in bytes; empty means unlimited
 * @param memlockOrigin where the limit is written
 * @param backings      backing objects, in declaration order
 * @param maps          the VMM's mappings
 * @param slots         memslots, created in order
 * @param attributes    memory attribute ranges, set in order
 * @param features      paravirtual features in use ({@code clock}, {@code uses})
 * @param cpuid         KVM_CPUID_FEATURES edits
 * @param devices       devices
 * @param hostOps       host operations expected while the VM runs
 * @param origin        the whole declaration
 * @param capIpcLock    the VMM process has CAP_IPC_LOCK ({@code rlimit memlock N cap_ipc_lock})
 */
public record VmDecl(String name, Optional<String> kernel, Origin kernelOrigin, VmType type, Origin typeOrigin,
        int vcpus, OptionalLong memlockLimit, Origin memlockOrigin, List<BackingDecl> backings, List<MapDecl> maps,
        List<SlotDecl> slots, List<AttributeDecl> attributes, List<FeatureUseDecl> features, List<CpuidDecl> cpuid,
        List<DeviceDecl> devices, List<HostOpDecl> hostOps, Origin origin, boolean capIpcLock) {

    /** A VM whose VMM lacks CAP_IPC_LOCK (the signature before the capability was modelled). */
    public VmDecl(String name, Optional<String> kernel, Origin kernelOrigin, VmType type, Origin typeOrigin,
            int vcpus, OptionalLong memlockLimit, Origin memlockOrigin, List<BackingDecl> backings, List<MapDecl> maps,
            List<SlotDecl> slots, List<AttributeDecl> attributes, List<FeatureUseDecl> features, List<CpuidDecl> cpuid,
            List<DeviceDecl> devices, List<HostOpDecl> hostOps, Origin origin) {
        this(name, kernel, kernelOrigin, type, typeOrigin, vcpus, memlockLimit, memlockOrigin, backings, maps, slots,
                attributes, features, cpuid, devices, hostOps, origin, false);
    }

    public VmDecl {
        Objects.requireNonNull(name, "name");
        kernel = kernel == null ? Optional.empty() : kernel;
        kernelOrigin = kernelOrigin == null ? Origin.NONE : kernelOrigin;
        type = type == null ? VmType.DEFAULT : type;
        typeOrigin = typeOrigin == null ? Origin.NONE : typeOrigin;
        memlockLimit = memlockLimit == null ? OptionalLong.empty() : memlockLimit;
        memlockOrigin = memlockOrigin == null ? Origin.NONE : memlockOrigin;
        backings = List.copyOf(backings);
        maps = List.copyOf(maps);
        slots = List.copyOf(slots);
        attributes = List.copyOf(attributes);
        features = List.copyOf(features);
        cpuid = List.copyOf(cpuid);
        devices = List.copyOf(devices);
        hostOps = List.copyOf(hostOps);
        origin = origin == null ? Origin.NONE : origin;
    }

    public Optional<BackingDecl> backing(String backingName) {
        return backings.stream().filter(b -> b.name().equals(backingName)).findFirst();
    }

    /** A builder, for tests and hand-built models. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Builds a {@link VmDecl} step by step; every list starts empty, the type is DEFAULT, one vCPU. */
    public static final class Builder {
        private final String name;
        private String kernel;
        private VmType type = VmType.DEFAULT;
        private int vcpus = 1;
        private OptionalLong memlock = OptionalLong.empty();
        private boolean capIpcLock;
        private final List<BackingDecl> backings = new ArrayList<>();
        private final List<MapDecl> maps = new ArrayList<>();
        private final List<SlotDecl> slots = new ArrayList<>();
        private final List<AttributeDecl> attributes = new ArrayList<>();
        private final List<FeatureUseDecl> features = new ArrayList<>();
        private final List<CpuidDecl> cpuid = new ArrayList<>();
        private final List<DeviceDecl> devices = new ArrayList<>();
        private final List<HostOpDecl> hostOps = new ArrayList<>();

        private Builder(String name) {
            this.name = name;
        }

        public Builder kernel(String kernelName) {
            this.kernel = kernelName;
            return this;
        }

        public Builder type(VmType vmType) {
            this.type = vmType;
            return this;
        }

        public Builder vcpus(int count) {
            this.vcpus = count;
            return this;
        }

        public Builder memlock(long bytes) {
            this.memlock = OptionalLong.of(bytes);
            return this;
        }

        /** The VMM has CAP_IPC_LOCK. */
        public Builder capIpcLock() {
            this.capIpcLock = true;
            return this;
        }

        public Builder backing(BackingDecl backing) {
            backings.add(backing);
            return this;
        }

        public Builder map(MapDecl map) {
            maps.add(map);
            return this;
        }

        public Builder slot(SlotDecl slot) {
            slots.add(slot);
            return this;
        }

        public Builder attribute(AttributeDecl.MemoryAttribute attribute, long gpa, long size) {
            attributes.add(new AttributeDecl(attribute, gpa, size,
                    Origin.named(attribute.keyword() + " gpa 0x" + Long.toHexString(gpa))));
            return this;
        }

        public Builder uses(GuestFeature feature) {
            features.add(new FeatureUseDecl(feature, Origin.named(feature.keyword())));
            return this;
        }

        public Builder cpuid(GuestFeature feature, boolean enabled) {
            cpuid.add(new CpuidDecl(feature, enabled, Origin.named("cpuid " + (enabled ? "+" : "-") + feature.keyword())));
            return this;
        }

        public Builder device(DeviceDecl device) {
            devices.add(device);
            return this;
        }

        public Builder host(HostOperation operation) {
            hostOps.add(new HostOpDecl(operation, Origin.named("host " + operation.keyword())));
            return this;
        }

        public VmDecl build() {
            var o = Origin.named("vm " + name);
            return new VmDecl(name, Optional.ofNullable(kernel), Origin.named("vm " + name + ".kernel"), type,
                    Origin.named("vm " + name + ".type"), vcpus, memlock, Origin.named("vm " + name + ".rlimit"),
                    backings, maps, slots, attributes, features, cpuid, devices, hostOps, o, capIpcLock);
        }
    }
}
