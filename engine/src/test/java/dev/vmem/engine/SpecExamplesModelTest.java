package dev.vmem.engine;

import static dev.vmem.engine.Models.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vmem.engine.model.AttributeDecl.MemoryAttribute;
import dev.vmem.engine.model.DeviceDecl;
import dev.vmem.engine.model.DevicePath;
import dev.vmem.engine.model.GmemFlag;
import dev.vmem.engine.model.GuestFeature;
import dev.vmem.engine.model.MapDecl;
import dev.vmem.engine.model.Origin;
import dev.vmem.engine.model.Outcome;
import dev.vmem.engine.model.ParamDecl;
import dev.vmem.engine.model.PatchDecl;
import dev.vmem.engine.model.Sharing;
import dev.vmem.engine.model.SlotDecl;
import dev.vmem.engine.model.VmType;
import org.junit.jupiter.api.Test;

/**
 * The spec examples (shared/spec/examples), built by hand as engine models: the engine alone must
 * produce exactly the warning and error codes each example's expect header names. The DSL-level
 * examples test checks the same through the parser.
 */
class SpecExamplesModelTest {

    @Test
    void aws2024ExperimentBootsClean() {
        var k = patch(kernel("6.8"), PatchDecl.Patch.SECRETMEM_GUP_ALLOWED);
        var vm = vm("fc_secret").backing(secret("ram", 256 * MIB)).map(MapDecl.of("ram", Sharing.SHARED))
                .slot(SlotDecl.userspace(0, 0, "ram")).uses(GuestFeature.KVMCLOCK).cpuid(GuestFeature.KVMCLOCK, false)
                .device(DeviceDecl.of("net0", "virtio_net", DevicePath.VMM)).build();
        var r = run(k, vm);
        assertThat(problems(r)).isEmpty();
        assertThat(r.exposure("fc_secret").orElseThrow().directMapBytes()).isZero();
    }

    @Test
    void aws2024SecretmemColdFaultsWithEfault() {
        var vm = vm("fc_secret").backing(secret("ram", 256 * MIB)).map(MapDecl.of("ram", Sharing.SHARED))
                .slot(SlotDecl.userspace(0, 0, "ram")).uses(GuestFeature.KVMCLOCK).build();
        var r = run(kernel("6.8"), vm);
        assertThat(problems(r)).containsExactly("gup-on-secret-memory", "pfncache-unmapped-pfn",
                "secretmem-gup-fast-bug");
        assertThat(r.findings("gup-on-secret-memory").get(0).outcome()).isEqualTo(Outcome.EFAULT);
        assertThat(r.findings("pfncache-unmapped-pfn").get(0).outcome()).isEqualTo(Outcome.SILENT);
    }

    /**
     * The spec's "prefaulted" example contradicts kernel-facts §10.1 items 1–2: MAP_POPULATE faults
     * no secretmem page in (GUP refuses the VMA and mm_populate() ignores the error), so the guest's
     * first fault fails with EFAULT (gup-on-secret-memory, which the spec's header does not list) and
     * kvmclock's refresh is refused and silently skipped, not an oops. The engine follows the facts;
     * examples/expect-corrections.txt corrects the header for the tests of every module and editor.
     */
    @Test
    void aws2024SecretmemPrefaultedIsTheColdCaseBecausePopulateFaultsNothingIn() {
        var vm = vm("fc_secret").backing(secret("ram", 256 * MIB)).map(MapDecl.of("ram", Sharing.SHARED).populated())
                .slot(SlotDecl.userspace(0, 0, "ram")).uses(GuestFeature.KVMCLOCK)
                .device(DeviceDecl.of("net0", "virtio_net", DevicePath.VMM)).build();
        var r = run(kernel("6.8"), vm);
        assertThat(problems(r)).containsExactly("gup-on-secret-memory", "pfncache-unmapped-pfn", "secretmem-gup-fast-bug");
        assertThat(r.findings("pfncache-unmapped-pfn").get(0).outcome()).isEqualTo(Outcome.SILENT);
        assertThat(r.findings("gup-on-secret-memory").get(0).outcome()).isEqualTo(Outcome.EFAULT);
        assertThat(r.findings("populate-ignored")).hasSize(1);
    }

    @Test
    void configErrors() {
        var k = kernel("7.0");
        var noMmap = vm("no_mmap_flag").backing(gmem("ram", 64 * MIB)).map(MapDecl.of("ram", Sharing.SHARED)).build();
        var dirty = vm("dirty_gmem").backing(gmem("ram", 64 * MIB, GmemFlag.MMAP, GmemFlag.INIT_SHARED))
                .map(MapDecl.of("ram", Sharing.SHARED))
                .slot(SlotDecl.userspace(0, 0, "ram").withGuestMemfd("ram", 0)
                        .withFlags(dev.vmem.engine.model.SlotFlag.LOG_DIRTY_PAGES))
                .build();
        var overlap = vm("overlap").backing(anon("a", 64 * MIB)).backing(anon("b", 64 * MIB))
                .map(MapDecl.of("a", Sharing.PRIVATE)).map(MapDecl.of("b", Sharing.PRIVATE))
                .slot(SlotDecl.userspace(0, 0, "a")).slot(SlotDecl.userspace(1, 0x200_0000, "b")).build();
        var initShared = vm("protected_init_shared").type(VmType.SW_PROTECTED)
                .backing(gmem("ram", 64 * MIB, GmemFlag.MMAP, GmemFlag.INIT_SHARED)).build();
        var memlock = vm("small_memlock").memlock(64 * MIB).backing(secret("sec", 128 * MIB))
                .map(MapDecl.of("sec", Sharing.SHARED)).build();
        var r = run(k, noMmap, dirty, overlap, initShared, memlock);
        assertThat(problems(r)).containsExactly("gmem-flag-unsupported", "gmem-mmap-unsupported", "gmem-slot-flags",
                "memlock-exceeded", "memslot-overlap");
        assertThat(r.findings("gmem-flag-unsupported").get(0).origin()).isEqualTo(Origin.named("ram.init_shared"));
        assertThat(r.findings("memslot-overlap").get(0).outcome()).isEqualTo(Outcome.EEXIST);
        assertThat(r.findings("memlock-exceeded").get(0).outcome()).isEqualTo(Outcome.EAGAIN);
        assertThat(r.findings("gmem-mmap-unsupported").get(0).outcome()).isEqualTo(Outcome.ENODEV);
    }

    @Test
    void firecrackerSecretFreeHasOnlyTheTlbWindow() {
        var k = param(patch(noDirectMap(kernel("6.18"), 12), PatchDecl.Patch.PFNCACHE_GMEM),
                ParamDecl.Param.GUEST_MEMFD_TLB_FLUSH, false);
        var vm = vm("secret_free").vcpus(2)
                .backing(gmem("ram", GIB, GmemFlag.MMAP, GmemFlag.INIT_SHARED, GmemFlag.NO_DIRECT_MAP))
                .map(MapDecl.of("ram", Sharing.SHARED)).slot(SlotDecl.userspace(0, 0, "ram").withGuestMemfd("ram", 0))
                .uses(GuestFeature.KVMCLOCK).device(DeviceDecl.of("net0", "virtio_net", DevicePath.VMM))
                .device(DeviceDecl.of("blk0", "virtio_blk", DevicePath.VMM)).build();
        var r = run(k, vm);
        assertThat(problems(r)).containsExactly("exposure-window");
        var e = r.exposure("secret_free").orElseThrow();
        assertThat(e.directMapBytes()).isZero();
        assertThat(e.removedBytes()).isEqualTo(GIB);
        assertThat(e.largePagesSplit()).isEqualTo(512);
    }

    @Test
    void qemuSnpIsValid() {
        var vm = vm("snp_guest").type(VmType.SNP).vcpus(4).backing(memfd("shared_ram", 4 * GIB))
                .backing(gmem("private_ram", 4 * GIB)).map(MapDecl.of("shared_ram", Sharing.SHARED))
                .slot(SlotDecl.userspace(0, 0, "shared_ram").withGuestMemfd("private_ram", 0))
                .attribute(MemoryAttribute.PRIVATE, 0, 4 * GIB)
                .device(DeviceDecl.of("net0", "virtio_net", DevicePath.VHOST)).build();
        var r = run(kernel("7.0"), vm);
        assertThat(problems(r)).isEmpty();
        var layout = r.layout("snp_guest").orElseThrow();
        assertThat(layout.slots()).singleElement().satisfies(s -> {
            assertThat(s.userspace()).isEqualTo("shared_ram");
            assertThat(s.guestMemfd()).isEqualTo("private_ram");
            assertThat(s.gmemOnly()).isFalse();
        });
        assertThat(layout.privateRanges()).containsExactly(new dev.vmem.engine.report.VmLayout.Range(0, 4 * GIB));
        assertThat(layout.backings()).extracting(b -> b.directMap()).containsExactly(
                dev.vmem.engine.report.VmLayout.DirectMap.PRESENT,
                dev.vmem.engine.report.VmLayout.DirectMap.HARDWARE_PROTECTED);
        var e = r.exposure("snp_guest").orElseThrow();
        // All 4 GiB are private: they live in the guest_memfd, in the direct map but protected by SNP.
        assertThat(e.guestBytes()).isEqualTo(4 * GIB);
        assertThat(e.directMapBytes()).isEqualTo(4 * GIB);
        assertThat(e.backings()).singleElement().satisfies(b -> {
            assertThat(b.backing()).isEqualTo("private_ram");
            assertThat(b.hardwareProtectedBytes()).isEqualTo(4 * GIB);
        });
    }

    @Test
    void secretFreeWithoutPfncacheFix() {
        var vm = vm("secret_free").vcpus(2)
                .backing(gmem("ram", 2 * GIB, GmemFlag.MMAP, GmemFlag.INIT_SHARED, GmemFlag.NO_DIRECT_MAP))
                .map(MapDecl.of("ram", Sharing.SHARED)).slot(SlotDecl.userspace(0, 0, "ram").withGuestMemfd("ram", 0))
                .uses(GuestFeature.KVMCLOCK).device(DeviceDecl.of("nic0", "vfio", DevicePath.VFIO)).build();
        var r = run(noDirectMap(kernel("6.18"), 12), vm);
        assertThat(problems(r)).containsExactly("gup-on-secret-memory", "pfncache-unmapped-pfn");
        assertThat(r.findings("pfncache-unmapped-pfn").get(0).outcome()).isEqualTo(Outcome.SILENT);
        assertThat(r.findings("gup-on-secret-memory").get(0).origin()).isEqualTo(Origin.named("device nic0"));
    }

    @Test
    void tdxWithNoDirectMapV9Oopses() {
        var vm = vm("td").type(VmType.TDX).vcpus(4).backing(anon("shared_ram", 2 * GIB))
                .backing(gmem("private_ram", 2 * GIB, GmemFlag.NO_DIRECT_MAP))
                .map(MapDecl.of("shared_ram", Sharing.PRIVATE))
                .slot(SlotDecl.userspace(0, 0, "shared_ram").withGuestMemfd("private_ram", 0))
                .attribute(MemoryAttribute.PRIVATE, 0, 2 * GIB).build();
        var r = run(noDirectMap(kernel("6.18"), 9), vm);
        assertThat(problems(r)).containsExactly("td-no-direct-map-gmem");
        assertThat(r.findings("td-no-direct-map-gmem").get(0).outcome()).isEqualTo(Outcome.OOPS);
    }
}
