package dev.vmem.engine;

import static dev.vmem.engine.Models.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vmem.engine.model.AttributeDecl.MemoryAttribute;
import dev.vmem.engine.model.FeatureDecl;
import dev.vmem.engine.model.GmemFlag;
import dev.vmem.engine.model.MapDecl;
import dev.vmem.engine.model.Origin;
import dev.vmem.engine.model.Outcome;
import dev.vmem.engine.model.ParamDecl;
import dev.vmem.engine.model.Sharing;
import dev.vmem.engine.model.SlotDecl;
import dev.vmem.engine.model.SlotFlag;
import dev.vmem.engine.model.VmType;
import dev.vmem.engine.report.Finding;
import dev.vmem.engine.report.Report;
import org.junit.jupiter.api.Test;

/** Every row of kernel-facts §4.6 ("Combinations KVM rejects"), each asserting code, outcome and origin. */
class RejectionsTest {

    private static Finding only(Report r, String code) {
        assertThat(problems(r)).containsExactly(code);
        return r.findings(code).get(0);
    }

    /** The report's only problem is {@code code}, with this outcome, on this origin. */
    private static void rejects(Report r, String code, Outcome outcome, String origin) {
        var f = only(r, code);
        assertThat(f.outcome()).isEqualTo(outcome);
        assertThat(f.origin()).isEqualTo(Origin.named(origin));
    }

    @Test
    void gmemSlotOnKernelBefore618ForVmWithoutPrivateMemory() {
        var vm = vm("v").backing(gmem("g", 64 * MIB)).slot(SlotDecl.userspace(0, 0, "g").withoutUserspace()
                .withGuestMemfd("g", 0)).build();
        rejects(run(kernel("6.16"), vm), "kernel-feature-missing", Outcome.EINVAL, "slot 0.guest_memfd");
    }

    @Test
    void gmemSlotOnKernelBefore618IsFineForSwProtected() {
        var vm = vm("v").type(VmType.SW_PROTECTED).backing(gmem("g", 64 * MIB)).backing(anon("a", 64 * MIB))
                .map(MapDecl.of("a", Sharing.PRIVATE)).slot(SlotDecl.userspace(0, 0, "a").withGuestMemfd("g", 0))
                .build();
        assertThat(problems(run(kernel("6.8"), vm))).isEmpty();
    }

    @Test
    void gmemWithLogDirtyPages() {
        var vm = vm("v").backing(gmem("g", 64 * MIB, GmemFlag.MMAP, GmemFlag.INIT_SHARED))
                .map(MapDecl.of("g", Sharing.SHARED))
                .slot(SlotDecl.userspace(0, 0, "g").withGuestMemfd("g", 0).withFlags(SlotFlag.LOG_DIRTY_PAGES)).build();
        rejects(run(kernel("7.0"), vm), "gmem-slot-flags", Outcome.EINVAL, "slot 0.log_dirty_pages");
    }

    @Test
    void gmemWithReadonly() {
        var vm = vm("v").backing(gmem("g", 64 * MIB, GmemFlag.MMAP, GmemFlag.INIT_SHARED))
                .map(MapDecl.of("g", Sharing.SHARED))
                .slot(SlotDecl.userspace(0, 0, "g").withGuestMemfd("g", 0).withFlags(SlotFlag.READONLY)).build();
        var f = only(run(kernel("7.0"), vm), "gmem-slot-flags");
        assertThat(f.origin()).isEqualTo(Origin.named("slot 0.readonly"));
    }

    @Test
    void readonlyOnTdx() {
        var vm = vm("v").type(VmType.TDX).backing(anon("a", 64 * MIB)).map(MapDecl.of("a", Sharing.PRIVATE))
                .slot(SlotDecl.userspace(0, 0, "a").withFlags(SlotFlag.READONLY)).build();
        rejects(run(kernel("7.0"), vm), "invalid-argument", Outcome.EINVAL, "slot 0.readonly");
    }

    @Test
    void modifyingAGmemSlotIsRefused() {
        var g = gmem("g", 64 * MIB, GmemFlag.MMAP, GmemFlag.INIT_SHARED);
        var vm = vm("v").backing(g).map(MapDecl.of("g", Sharing.SHARED))
                .slot(SlotDecl.userspace(0, 0, "g").withGuestMemfd("g", 0).withSize(32 * MIB))
                .slot(SlotDecl.userspace(0, 0x1000_0000, "g").withGuestMemfd("g", 0).withSize(32 * MIB)).build();
        var f = only(run(kernel("7.0"), vm), "invalid-argument");
        assertThat(f.outcome()).isEqualTo(Outcome.EINVAL);
    }

    @Test
    void movingAnOrdinarySlotIsAllowed() {
        var vm = vm("v").backing(anon("a", 64 * MIB)).map(MapDecl.of("a", Sharing.PRIVATE))
                .slot(SlotDecl.userspace(0, 0, "a")).slot(SlotDecl.userspace(0, 0x1000_0000, "a")).build();
        assertThat(problems(run(kernel("7.0"), vm))).isEmpty();
    }

    @Test
    void gpaOverlap() {
        var vm = vm("v").backing(anon("a", 64 * MIB)).backing(anon("b", 64 * MIB)).map(MapDecl.of("a", Sharing.PRIVATE))
                .map(MapDecl.of("b", Sharing.PRIVATE)).slot(SlotDecl.userspace(0, 0, "a"))
                .slot(SlotDecl.userspace(1, 32 * MIB, "b")).build();
        rejects(run(kernel("7.0"), vm), "memslot-overlap", Outcome.EEXIST, "slot 1");
    }

    @Test
    void bindingOfANonGmemFile() {
        var vm = vm("v").type(VmType.SW_PROTECTED).backing(memfd("m", 64 * MIB)).map(MapDecl.of("m", Sharing.SHARED))
                .slot(SlotDecl.userspace(0, 0, "m").withGuestMemfd("m", 0)).build();
        rejects(run(kernel("7.0"), vm), "gmem-binding-invalid", Outcome.EINVAL, "slot 0.guest_memfd");
    }

    @Test
    void bindingOffTheEnd() {
        var vm = vm("v").type(VmType.SW_PROTECTED).backing(gmem("g", 64 * MIB)).backing(anon("a", 64 * MIB))
                .map(MapDecl.of("a", Sharing.PRIVATE))
                .slot(SlotDecl.userspace(0, 0, "a").withGuestMemfd("g", 32 * MIB)).build();
        var f = only(run(kernel("7.0"), vm), "gmem-binding-invalid");
        assertThat(f.outcome()).isEqualTo(Outcome.EINVAL);
    }

    @Test
    void bindingOffsetUnaligned() {
        var vm = vm("v").type(VmType.SW_PROTECTED).backing(gmem("g", 64 * MIB)).backing(anon("a", 64 * MIB))
                .map(MapDecl.of("a", Sharing.PRIVATE))
                .slot(SlotDecl.userspace(0, 0, "a").withGuestMemfd("g", 1).withSize(4 * MIB)).build();
        var f = only(run(kernel("7.0"), vm), "misaligned");
        assertThat(f.origin()).isEqualTo(Origin.named("slot 0.guest_memfd"));
    }

    @Test
    void overlappingBindingIsEinvalBefore72AndEexistFrom72() {
        // 7ea987a90585 is in 7.2; 7.0 and 7.1 return EINVAL; the bind rework reached stable 6.12.118.
        var cases = new String[][] {{"7.0", "einval"}, {"7.1", "einval"}, {"7.2", "eexist"}, {"7.3", "eexist"},
                {"6.12.117", "einval"}, {"6.12.118", "eexist"}, {"6.18", "einval"}};
        for (var c : cases) {
            var f = only(run(kernel(c[0]), overlappingBindings()), "gmem-binding-overlap");
            assertThat(f.outcome().keyword()).as(c[0]).isEqualTo(c[1]);
            assertThat(f.origin()).isEqualTo(Origin.named("slot 1.guest_memfd"));
        }
    }

    @Test
    void overlappingBindingOnABare612SeriesIsAmbiguous() {
        var f = only(run(kernel("6.12"), overlappingBindings()), "gmem-binding-overlap");
        assertThat(f.outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(f.data()).containsEntry("possible", "may einval or eexist");
        assertThat(f.message()).contains("6.12.118");
    }

    private static dev.vmem.engine.model.VmDecl overlappingBindings() {
        return vm("v").type(VmType.SW_PROTECTED).backing(gmem("g", 8 * MIB)).backing(anon("a", 16 * MIB))
                .map(MapDecl.of("a", Sharing.PRIVATE))
                .slot(SlotDecl.userspace(0, 0, "a").withGuestMemfd("g", 0).withSize(4 * MIB))
                .slot(SlotDecl.userspace(1, 8 * MIB, "a").withGuestMemfd("g", 2 * MIB).withSize(4 * MIB)).build();
    }

    @Test
    void initSharedOnPrivateMemoryVms() {
        for (var type : new VmType[] {VmType.SW_PROTECTED, VmType.SNP, VmType.TDX}) {
            var vm = vm("v").type(type).backing(gmem("g", 64 * MIB, GmemFlag.MMAP, GmemFlag.INIT_SHARED)).build();
            rejects(run(kernel("7.0"), vm), "gmem-flag-unsupported", Outcome.EINVAL, "g.init_shared");
        }
    }

    @Test
    void initSharedOnSevIsOffered() {
        var vm = vm("v").type(VmType.SEV).backing(gmem("g", 64 * MIB, GmemFlag.MMAP, GmemFlag.INIT_SHARED)).build();
        assertThat(problems(run(kernel("7.0"), vm))).isEmpty();
    }

    @Test
    void noDirectMapOnTdxFromV10AndSnpFromV12() {
        var tdx10 = vm("v").type(VmType.TDX).backing(gmem("g", 64 * MIB, GmemFlag.NO_DIRECT_MAP)).build();
        rejects(run(noDirectMap(kernel("6.18"), 10), tdx10), "td-no-direct-map-gmem", Outcome.EINVAL, "g.no_direct_map");

        var snp12 = vm("v").type(VmType.SNP).backing(gmem("g", 64 * MIB, GmemFlag.NO_DIRECT_MAP)).build();
        var s = only(run(noDirectMap(kernel("6.18"), 12), snp12), "snp-no-direct-map-gmem");
        assertThat(s.outcome()).isEqualTo(Outcome.EINVAL);

        var snp10 = vm("v").type(VmType.SNP).backing(gmem("g", 64 * MIB, GmemFlag.NO_DIRECT_MAP)).build();
        var s10 = only(run(noDirectMap(kernel("6.18"), 10), snp10), "snp-no-direct-map-gmem");
        assertThat(s10.outcome()).isEqualTo(Outcome.OOPS);
    }

    @Test
    void noDirectMapOnArm64NeedsFwbAndA4kLinearMap() {
        var vmDecl = vm("v").backing(gmem("g", 64 * MIB, GmemFlag.MMAP, GmemFlag.INIT_SHARED, GmemFlag.NO_DIRECT_MAP))
                .build();
        var base = noDirectMap(arm64("6.18"), 12);
        var noFwb = feature(base, FeatureDecl.Feature.LINEAR_MAP_4K);
        rejects(run(noFwb, vmDecl), "gmem-flag-unsupported", Outcome.EINVAL, "g.no_direct_map");
        var both = feature(noFwb, FeatureDecl.Feature.STAGE2_FWB);
        assertThat(problems(run(both, vmDecl))).isEmpty();
        assertThat(problems(run(feature(base, FeatureDecl.Feature.STAGE2_FWB), vmDecl)))
                .containsExactly("gmem-flag-unsupported");
    }

    @Test
    void noDirectMapWithoutTheSeries() {
        var vm = vm("v").backing(gmem("g", 64 * MIB, GmemFlag.MMAP, GmemFlag.INIT_SHARED, GmemFlag.NO_DIRECT_MAP))
                .build();
        var f = only(run(kernel("7.0"), vm), "kernel-feature-missing");
        assertThat(f.origin()).isEqualTo(Origin.named("g.no_direct_map"));
    }

    @Test
    void gmemSizeZeroOrUnaligned() {
        var zero = vm("v").backing(gmem("g", 0)).build();
        assertThat(only(run(kernel("7.0"), zero), "invalid-argument").outcome()).isEqualTo(Outcome.EINVAL);
        var odd = vm("v").backing(gmem("g", 4096 + 1)).build();
        assertThat(only(run(kernel("7.0"), odd), "misaligned").outcome()).isEqualTo(Outcome.EINVAL);
    }

    @Test
    void mmapOfGmemWithoutMmapFlag() {
        var vm = vm("v").backing(gmem("g", 64 * MIB)).map(MapDecl.of("g", Sharing.SHARED)).build();
        rejects(run(kernel("7.0"), vm), "gmem-mmap-unsupported", Outcome.ENODEV, "map g");
    }

    @Test
    void privateMappingOfGmemAndSecretmem() {
        var g = vm("v").backing(gmem("g", 64 * MIB, GmemFlag.MMAP, GmemFlag.INIT_SHARED))
                .map(MapDecl.of("g", Sharing.PRIVATE)).build();
        assertThat(only(run(kernel("7.0"), g), "shared-mapping-required").outcome()).isEqualTo(Outcome.EINVAL);
        var s = vm("v").backing(secret("s", 64 * MIB)).map(MapDecl.of("s", Sharing.PRIVATE)).build();
        assertThat(only(run(kernel("7.0"), s), "shared-mapping-required").outcome()).isEqualTo(Outcome.EINVAL);
    }

    @Test
    void memfdSecretDisabledOrMissing() {
        var vm = vm("v").backing(secret("s", 64 * MIB)).build();
        var off = param(kernel("7.0"), ParamDecl.Param.SECRETMEM_ENABLE, false);
        rejects(run(off, vm), "kernel-feature-missing", Outcome.ENOSYS, "s");
        assertThat(problems(run(kernel("6.1"), vm))).containsExactly("kernel-feature-missing");
        assertThat(problems(run(param(kernel("6.1"), ParamDecl.Param.SECRETMEM_ENABLE, true), vm)))
                .containsExactly("secretmem-gup-fast-bug");
        assertThat(problems(run(kernel("5.10"), vm))).containsExactly("kernel-feature-missing");
        assertThat(only(run(arm64("7.0"), vm), "kernel-feature-missing").outcome()).isEqualTo(Outcome.ENOSYS);
        assertThat(problems(run(feature(arm64("7.0"), FeatureDecl.Feature.LINEAR_MAP_4K), vm))).isEmpty();
    }

    @Test
    void secretmemBeyondMemlock() {
        var vm = vm("v").memlock(16 * MIB).backing(secret("a", 8 * MIB)).backing(secret("b", 16 * MIB))
                .map(MapDecl.of("a", Sharing.SHARED)).map(MapDecl.of("b", Sharing.SHARED)).build();
        rejects(run(kernel("7.0"), vm), "memlock-exceeded", Outcome.EAGAIN, "map b");
    }

    @Test
    void privateAttributesOnDefaultVm() {
        var vm = vm("v").attribute(MemoryAttribute.PRIVATE, 0, 64 * MIB).build();
        var f = only(run(kernel("7.0"), vm), "attributes-unsupported");
        assertThat(f.outcome()).isEqualTo(Outcome.EINVAL);
    }

    @Test
    void misalignedSlotParts() {
        var vm = vm("v").backing(anon("a", 64 * MIB)).map(MapDecl.of("a", Sharing.PRIVATE))
                .slot(SlotDecl.userspace(0, 0x1001, "a")).build();
        rejects(run(kernel("7.0"), vm), "misaligned", Outcome.EINVAL, "slot 0");
    }

    @Test
    void vmTypesMissingOnOldKernels() {
        assertThat(only(run(kernel("6.10"), vm("v").type(VmType.SNP).build()), "kernel-feature-missing").outcome())
                .isEqualTo(Outcome.EINVAL);
        assertThat(problems(run(kernel("6.11"), vm("v").type(VmType.SNP).build()))).isEmpty();
        assertThat(problems(run(kernel("6.12"), vm("v").type(VmType.TDX).build()))).containsExactly(
                "kernel-feature-missing");
        assertThat(problems(run(kernel("6.16"), vm("v").type(VmType.TDX).build()))).isEmpty();
        assertThat(problems(run(arm64("7.0"), vm("v").type(VmType.TDX).build()))).containsExactly(
                "kernel-feature-missing");
    }
}
