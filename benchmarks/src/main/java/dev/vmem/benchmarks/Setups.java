package dev.vmem.benchmarks;

import dev.vmem.engine.model.Arch;
import dev.vmem.engine.model.BackingDecl;
import dev.vmem.engine.model.BackingKind;
import dev.vmem.engine.model.DeviceDecl;
import dev.vmem.engine.model.DevicePath;
import dev.vmem.engine.model.GmemFlag;
import dev.vmem.engine.model.GuestFeature;
import dev.vmem.engine.model.HostOperation;
import dev.vmem.engine.model.KernelDecl;
import dev.vmem.engine.model.MapDecl;
import dev.vmem.engine.model.Origin;
import dev.vmem.engine.model.PatchDecl;
import dev.vmem.engine.model.Program;
import dev.vmem.engine.model.Sharing;
import dev.vmem.engine.model.SlotDecl;
import dev.vmem.engine.model.VmDecl;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The setups the benchmarks run, as engine models.
 *
 * <p>{@link #large(int)} is design §5's speed case: a 1 TiB guest with 32,000 memslots and every
 * device and feature on, on a Linux 6.18 x86_64 host with the no_direct_map series (v12) and the
 * pfncache guest_memfd support. Half of guest RAM is a NO_DIRECT_MAP guest_memfd created with
 * {@code mmap | init_shared} (Firecracker's secret-free layout: each slot binds the guest_memfd and
 * points userspace at the same range of its mapping), a quarter is shared memfd, a quarter private
 * anonymous memory; the slots are split in the same proportions and laid out back to back in
 * guest-physical space. kvmclock, steal time, PV EOI, async PF, nested virtualization and Xen shared
 * info are in use; devices reach guest memory through the VMM, vhost, vhost zero-copy, io_uring,
 * O_DIRECT and VFIO; the host hibernates, dumps core and reads the VMM with ptrace, /proc/pid/mem and
 * process_vm_readv.
 *
 * <p>{@link #small()} is the same VM with 2 GiB and two memslots, for reference.
 */
public final class Setups {

    public static final long MIB = 1L << 20;
    public static final long GIB = 1L << 30;
    public static final long TIB = 1L << 40;

    /** The memslot count of design §5's speed bar. */
    public static final int SLOTS = 32_000;

    private Setups() {
    }

    /** Linux 6.18 x86_64 + no_direct_map v12 + pfncache_gmem. */
    public static KernelDecl kernel() {
        return KernelDecl.mainline("host", "6.18", Arch.X86_64)
                .withPatch(new PatchDecl(PatchDecl.Patch.NO_DIRECT_MAP, 12, Origin.named("patch no_direct_map v12")))
                .withPatch(new PatchDecl(PatchDecl.Patch.PFNCACHE_GMEM, 0, Origin.named("patch pfncache_gmem")));
    }

    /** The 1 TiB guest with {@code slots} memslots (at least 4). */
    public static Program large(int slots) {
        if (slots < 4) {
            throw new IllegalArgumentException("at least 4 slots");
        }
        int gmemSlots = slots / 2;
        int memfdSlots = slots / 4;
        int anonSlots = slots - gmemSlots - memfdSlots;
        var b = vm("large", 64);
        var layout = new Layout(b);
        layout.gmem("ram_private", TIB / 2, gmemSlots);
        layout.plain("ram_shared", BackingKind.MEMFD, Sharing.SHARED, TIB / 4, memfdSlots);
        layout.plain("ram_anon", BackingKind.ANONYMOUS, Sharing.PRIVATE, TIB / 4, anonSlots);
        return Program.of(List.of(kernel()), List.of(everyUser(b).build()));
    }

    /** The same VM with 2 GiB in two memslots. */
    public static Program small() {
        var b = vm("small", 2);
        var layout = new Layout(b);
        layout.gmem("ram_private", GIB, 1);
        layout.plain("ram_shared", BackingKind.MEMFD, Sharing.SHARED, GIB, 1);
        return Program.of(List.of(kernel()), List.of(everyUser(b).build()));
    }

    private static VmDecl.Builder vm(String name, int vcpus) {
        return VmDecl.builder(name).kernel("host").vcpus(vcpus);
    }

    /** Every paravirtual feature, a device on every in-kernel and userspace path, every host operation. */
    private static VmDecl.Builder everyUser(VmDecl.Builder b) {
        for (var f : GuestFeature.values()) {
            b.uses(f);
        }
        b.device(DeviceDecl.of("console0", "virtio_console", DevicePath.VMM));
        b.device(DeviceDecl.of("net0", "virtio_net", DevicePath.VHOST));
        b.device(DeviceDecl.of("net1", "virtio_net", DevicePath.VHOST_ZEROCOPY));
        b.device(DeviceDecl.of("blk0", "virtio_blk", DevicePath.IO_URING));
        b.device(DeviceDecl.of("blk1", "virtio_blk", DevicePath.O_DIRECT));
        b.device(DeviceDecl.of("gpu0", "vfio", DevicePath.VFIO));
        for (var h : HostOperation.values()) {
            b.host(h);
        }
        return b;
    }

    /** Lays backings and their memslots out back to back in guest-physical space. */
    private static final class Layout {
        private final VmDecl.Builder vm;
        private long gpa;
        private long nextId;

        Layout(VmDecl.Builder vm) {
            this.vm = vm;
        }

        void gmem(String name, long size, int slots) {
            vm.backing(BackingDecl.of(name, BackingKind.GUEST_MEMFD, size, GmemFlag.MMAP, GmemFlag.INIT_SHARED,
                    GmemFlag.NO_DIRECT_MAP));
            vm.map(MapDecl.of(name, Sharing.SHARED));
            slots(name, size, slots, true);
        }

        void plain(String name, BackingKind kind, Sharing sharing, long size, int slots) {
            vm.backing(BackingDecl.of(name, kind, size));
            vm.map(MapDecl.of(name, sharing));
            slots(name, size, slots, false);
        }

        /** {@code count} slots over the backing: equal 2 MiB-aligned pieces, the last one takes the rest. */
        private void slots(String backing, long size, int count, boolean bind) {
            long piece = (size / count) & -(2 * MIB);
            for (int i = 0; i < count; i++) {
                long offset = i * piece;
                long len = i == count - 1 ? size - offset : piece;
                long id = nextId++;
                var o = Origin.named("slot " + id);
                vm.slot(new SlotDecl(id, gpa, o, OptionalLong.of(len), o, Optional.of(backing), offset, o,
                        bind ? Optional.of(backing) : Optional.empty(), bind ? offset : 0,
                        bind ? Origin.named("slot " + id + ".guest_memfd") : Origin.NONE, List.of(), o));
                gpa += len;
            }
        }
    }
}
