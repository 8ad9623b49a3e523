package dev.vmem.engine;

import static dev.vmem.engine.Models.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vmem.engine.model.Access;
import dev.vmem.engine.model.Arch;
import dev.vmem.engine.model.AttributeDecl.MemoryAttribute;
import dev.vmem.engine.model.BackingDecl;
import dev.vmem.engine.model.BackingKind;
import dev.vmem.engine.model.ConfigDecl;
import dev.vmem.engine.model.DeviceDecl;
import dev.vmem.engine.model.DevicePath;
import dev.vmem.engine.model.FeatureDecl;
import dev.vmem.engine.model.GmemFlag;
import dev.vmem.engine.model.HostOperation;
import dev.vmem.engine.model.KernelDecl;
import dev.vmem.engine.model.MapDecl;
import dev.vmem.engine.model.Operation;
import dev.vmem.engine.model.Operation.Advice;
import dev.vmem.engine.model.Origin;
import dev.vmem.engine.model.Outcome;
import dev.vmem.engine.model.ParamDecl;
import dev.vmem.engine.model.Sharing;
import dev.vmem.engine.model.SlotDecl;
import dev.vmem.engine.model.StepDecl;
import dev.vmem.engine.model.VmDecl;
import dev.vmem.engine.model.VmType;
import dev.vmem.engine.report.Report;
import dev.vmem.engine.report.StepResult;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * kernel-facts.md §10 ("second edition"), item by item: each test names its item and asserts codes,
 * outcomes and origins, with a boundary case on each side (one version, one VM type or one flag).
 */
class SecondEditionTest {

    private static KernelDecl config(KernelDecl k, ConfigDecl.Option option, boolean on) {
        return k.withConfig(new ConfigDecl(option, on, Origin.named("config " + option.keyword())));
    }

    /** secretmem.enable=on: needed before 6.5, where it is off by default. */
    private static KernelDecl on(KernelDecl k) {
        return param(k, ParamDecl.Param.SECRETMEM_ENABLE, true);
    }

    private static StepResult step(Report r, int i) {
        return r.scenario("s").orElseThrow().steps().get(i);
    }

    private static Outcome one(KernelDecl k, VmDecl vm, Operation op) {
        return step(run(k, vm, scenario(vm.name(), false, StepDecl.of(op, null))), 0).outcome();
    }

    private static StepResult oneStep(KernelDecl k, VmDecl vm, Operation op) {
        return step(run(k, vm, scenario(vm.name(), false, StepDecl.of(op, null))), 0);
    }

    private static VmDecl secretVm() {
        return vm("v").backing(secret("s", 8 * MIB)).map(MapDecl.of("s", Sharing.SHARED)).build();
    }

    // ---- 10.1 secretmem, GUP, pre-faulting -------------------------------------------------------

    /** Item 1: MADV_POPULATE_READ/WRITE on secretmem is EINVAL since 5.14; on memfd it populates. */
    @Test
    void item1MadvisePopulate() {
        for (var adv : new Advice[] {Advice.POPULATE_READ, Advice.POPULATE_WRITE}) {
            assertThat(one(on(kernel("6.1")), secretVm(), new Operation.Madvise("s", adv))).isEqualTo(Outcome.EINVAL);
            assertThat(one(kernel("7.3"), secretVm(), new Operation.Madvise("s", adv))).isEqualTo(Outcome.EINVAL);
            var memfd = vm("v").backing(memfd("m", 8 * MIB)).map(MapDecl.of("m", Sharing.SHARED)).build();
            assertThat(one(kernel("6.1"), memfd, new Operation.Madvise("m", adv))).isEqualTo(Outcome.OK);
        }
        // No-direct-map guest_memfd under the series: the same check refuses it.
        var ndm = vm("v").backing(gmem("g", 8 * MIB, GmemFlag.MMAP, GmemFlag.INIT_SHARED, GmemFlag.NO_DIRECT_MAP))
                .map(MapDecl.of("g", Sharing.SHARED)).build();
        assertThat(one(noDirectMap(kernel("6.18"), 12), ndm, new Operation.Madvise("g", Advice.POPULATE_WRITE)))
                .isEqualTo(Outcome.EINVAL);
    }

    /** Item 1: MAP_POPULATE leaves secretmem unpopulated, so GUP-fast has nothing to race on. */
    @Test
    void item1MapPopulateFaultsNothing() {
        var vm = vm("v").backing(secret("s", 8 * MIB)).map(MapDecl.of("s", Sharing.SHARED).populated()).build();
        var sc = scenario("v", false, StepDecl.of(new Operation.Gup("s", true, false), Outcome.EFAULT));
        var r = run(kernel("6.8.4"), vm, sc);
        assertThat(r.scenario("s").orElseThrow().passed()).isTrue();
        assertThat(r.findings("populate-ignored")).singleElement()
                .satisfies(f -> assertThat(f.origin()).isEqualTo(Origin.named("map s")));
        // With memfd the same mapping is populated and no finding is made.
        var memfd = vm("v").backing(memfd("m", 8 * MIB)).map(MapDecl.of("m", Sharing.SHARED).populated()).build();
        assertThat(run(kernel("6.8.4"), memfd).findings("populate-ignored")).isEmpty();
    }

    /** Item 4: arm64 without a 4 KiB linear map: ENOSYS from 6.12 / 6.6.57; before, the pages stay mapped. */
    @Test
    void item4Arm64SecretmemWithoutLinearMap() {
        var vm = vm("v").backing(secret("s", 8 * MIB)).map(MapDecl.of("s", Sharing.SHARED))
                .slot(SlotDecl.userspace(0, 0, "s")).build();
        var before = run(arm64("6.6.56"), vm);
        assertThat(before.findings("secretmem-in-direct-map")).singleElement().satisfies(f -> {
            assertThat(f.outcome()).isEqualTo(Outcome.OK);
            assertThat(f.origin()).isEqualTo(Origin.named("s"));
        });
        assertThat(before.findings("kernel-feature-missing")).isEmpty();
        var fixed = run(arm64("6.6.57"), vm);
        assertThat(fixed.findings("secretmem-in-direct-map")).isEmpty();
        assertThat(fixed.findings("kernel-feature-missing")).extracting(f -> f.outcome()).containsExactly(Outcome.ENOSYS);
        assertThat(run(arm64("6.12"), vm).findings("kernel-feature-missing")).hasSize(1);
        var bare = run(arm64("6.6"), vm).findings("secretmem-in-direct-map");
        assertThat(bare).singleElement().satisfies(f -> {
            assertThat(f.outcome()).isEqualTo(Outcome.UNKNOWN);
            assertThat(f.message()).contains("6.6.57");
        });
        // With a 4 KiB linear map the call works on every version.
        assertThat(run(feature(arm64("6.6.56"), FeatureDecl.Feature.LINEAR_MAP_4K), vm).findings("secretmem-in-direct-map"))
                .isEmpty();
    }

    /** Item 5: MADV_DONTNEED on secretmem is EINVAL while the VMA is VM_LOCKED; MADV_COLLAPSE may be EINVAL. */
    @Test
    void item5MadviseOnSecretmem() {
        assertThat(one(kernel("7.2.4"), secretVm(), new Operation.Madvise("s", Advice.DONTNEED))).isEqualTo(Outcome.EINVAL);
        var fixed = oneStep(kernel("7.2.5"), secretVm(), new Operation.Madvise("s", Advice.DONTNEED));
        assertThat(fixed.outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(fixed.possible()).containsExactly(Outcome.OK);
        var collapse = oneStep(kernel("6.8"), secretVm(), new Operation.Madvise("s", Advice.COLLAPSE));
        assertThat(collapse.describeOutcome()).isEqualTo("may einval");
        var bare = oneStep(kernel("6.12"), secretVm(), new Operation.Madvise("s", Advice.DONTNEED));
        assertThat(bare.possible()).containsExactlyInAnyOrder(Outcome.EINVAL, Outcome.OK);
    }

    /** Item 6: memfd_secret has no huge pages. */
    @Test
    void item6SecretmemHasNoHugePages() {
        var o = Origin.named("s.hugetlb");
        var b = new BackingDecl("s", BackingKind.MEMFD_SECRET, 8 * MIB, Origin.named("s.size"), 2 * MIB, o, List.of(),
                null, Origin.named("s"));
        var r = run(kernel("7.0"), vm("v").backing(b).build());
        assertThat(r.findings("hugetlb-size-invalid")).singleElement().satisfies(f -> {
            assertThat(f.outcome()).isEqualTo(Outcome.EINVAL);
            assertThat(f.origin()).isEqualTo(o);
        });
    }

    /** Item 7: the accounting change: EAGAIN at mmap before, SIGBUS at the fault after, "may" on a bare series. */
    @Test
    void item7SecretmemAccounting() {
        var vm = vm("v").memlock(4 * MIB).backing(secret("s", 8 * MIB)).build();
        var steps = new StepDecl[] {StepDecl.of(new Operation.Mmap("s", Sharing.SHARED, OptionalLong.empty()), null),
                StepDecl.of(new Operation.Touch("s", Access.WRITE, OptionalLong.empty(), OptionalLong.empty()), null)};
        for (var old : new String[] {"7.2.4", "6.18.51", "6.12.112", "6.1.190", "7.0"}) {
            var r = run(on(kernel(old)), vm, scenario("v", true, steps));
            assertThat(step(r, 0).outcome()).as(old).isEqualTo(Outcome.EAGAIN);
        }
        for (var fixed : new String[] {"7.2.5", "6.18.52", "6.12.113", "6.1.191", "7.3"}) {
            var r = run(on(kernel(fixed)), vm, scenario("v", true, steps));
            assertThat(step(r, 0).outcome()).as(fixed).isEqualTo(Outcome.OK);
            assertThat(step(r, 1).outcome()).as(fixed).isEqualTo(Outcome.SIGBUS);
        }
        var bare = run(kernel("6.18"), vm, scenario("v", true, steps));
        assertThat(step(bare, 0).possible()).containsExactlyInAnyOrder(Outcome.EAGAIN, Outcome.OK);
        var unchecked = run(kernel("6.6.100"), vm, scenario("v", true, steps));
        assertThat(step(unchecked, 0).outcome()).isEqualTo(Outcome.UNKNOWN);
        // Bring-up: the finding is memlock-exceeded on the old kernels only.
        var mapped = vm("v").memlock(4 * MIB).backing(secret("s", 8 * MIB)).map(MapDecl.of("s", Sharing.SHARED)).build();
        assertThat(run(kernel("7.2.4"), mapped).findings("memlock-exceeded")).extracting(f -> f.outcome())
                .containsExactly(Outcome.EAGAIN);
        assertThat(run(kernel("7.2.5"), mapped).findings("memlock-exceeded")).isEmpty();
    }

    // ---- 10.2 memslots, address spaces, architectures, VM types ----------------------------------

    /** Item 8: a private access with no memslot is a memory-fault exit, a shared one MMIO. */
    @Test
    void item8PrivateAccessWithoutMemslot() {
        var vm = vm("v").type(VmType.SW_PROTECTED).attribute(MemoryAttribute.PRIVATE, 0x1000_0000L, 2 * MIB).build();
        var k = config(kernel("7.0"), ConfigDecl.Option.KVM_SW_PROTECTED_VM, true);
        assertThat(one(k, vm, new Operation.GuestAccess(0, Access.READ, 0x1000_0000L))).isEqualTo(Outcome.MEMORY_FAULT);
        assertThat(one(k, vm, new Operation.GuestAccess(0, Access.READ, 0x1020_0000L))).isEqualTo(Outcome.MMIO);
        var plain = vm("v").build();
        assertThat(one(kernel("7.0"), plain, new Operation.GuestAccess(0, Access.READ, 0x1000_0000L)))
                .isEqualTo(Outcome.MMIO);
    }

    /** Item 9: slot ids >= 0x10000 (SMM) are EINVAL for VMs with private memory and without CONFIG_KVM_SMM. */
    @Test
    void item9SmmAddressSpace() {
        var smm = SlotDecl.userspace(0x10000, 0, "a");
        var def = vm("v").backing(anon("a", 4 * MIB)).map(MapDecl.of("a", Sharing.PRIVATE)).build();
        assertThat(one(config(kernel("7.0"), ConfigDecl.Option.KVM_SMM, true), def, new Operation.CreateSlot(smm)))
                .isEqualTo(Outcome.OK);
        assertThat(one(config(kernel("7.0"), ConfigDecl.Option.KVM_SMM, false), def, new Operation.CreateSlot(smm)))
                .isEqualTo(Outcome.EINVAL);
        assertThat(oneStep(kernel("7.0"), def, new Operation.CreateSlot(smm)).possible())
                .containsExactlyInAnyOrder(Outcome.OK, Outcome.EINVAL);
        var snp = vm("v").type(VmType.SNP).backing(anon("a", 4 * MIB)).map(MapDecl.of("a", Sharing.PRIVATE)).build();
        assertThat(one(config(kernel("7.0"), ConfigDecl.Option.KVM_SMM, true), snp, new Operation.CreateSlot(smm)))
                .isEqualTo(Outcome.EINVAL);
        var r = run(config(kernel("7.0"), ConfigDecl.Option.KVM_SMM, true),
                vm("v").type(VmType.TDX).backing(anon("a", 4 * MIB)).map(MapDecl.of("a", Sharing.PRIVATE)).slot(smm).build());
        assertThat(r.findings("invalid-argument")).singleElement()
                .satisfies(f -> assertThat(f.origin()).isEqualTo(Origin.named("slot 65536")));
    }

    /** Item 10: guest-physical limits: x86 MAXPHYADDR (EINVAL), TDX alias, arm64 IPA (EFAULT, 40 bits by default). */
    @Test
    void item10GuestPhysicalLimits() {
        var ram = vm("v").backing(anon("a", 2 * MIB)).map(MapDecl.of("a", Sharing.PRIVATE));
        var atEdge = ram.slot(SlotDecl.userspace(0, (1L << 46) - 2 * MIB, "a")).build();
        var x86 = kernel("7.0").withAddressBits(46, 0);
        assertThat(run(x86, atEdge).findings("gpa-beyond-limit")).isEmpty();
        var beyond = vm("v").backing(anon("a", 2 * MIB)).map(MapDecl.of("a", Sharing.PRIVATE))
                .slot(SlotDecl.userspace(0, (1L << 46) - MIB, "a")).build();
        assertThat(run(x86, beyond).findings("gpa-beyond-limit")).singleElement().satisfies(f -> {
            assertThat(f.outcome()).isEqualTo(Outcome.EINVAL);
            assertThat(f.origin()).isEqualTo(Origin.named("slot 0"));
        });
        // The x86 check arrived in 5.18 (86931ff7207b).
        assertThat(run(kernel("5.18").withAddressBits(46, 0), beyond).findings("gpa-beyond-limit")).hasSize(1);
        assertThat(run(kernel("5.17").withAddressBits(46, 0), beyond).findings("gpa-beyond-limit")).isEmpty();
        var arm = vm("v").backing(anon("a", 2 * MIB)).map(MapDecl.of("a", Sharing.PRIVATE))
                .slot(SlotDecl.userspace(0, (1L << 40) - MIB, "a")).build();
        assertThat(run(arm64("7.0"), arm).findings("gpa-beyond-limit")).extracting(f -> f.outcome())
                .containsExactly(Outcome.EFAULT);
        assertThat(run(arm64("7.0").withAddressBits(0, 41), arm).findings("gpa-beyond-limit")).isEmpty();
        var tdx = vm("v").type(VmType.TDX).backing(anon("a", 2 * MIB)).map(MapDecl.of("a", Sharing.PRIVATE))
                .slot(SlotDecl.userspace(0, 1L << 47, "a")).build();
        assertThat(run(kernel("7.0").withAddressBits(48, 0), tdx).findings("gpa-beyond-limit")).hasSize(1);
        assertThat(run(kernel("7.0").withAddressBits(52, 0), tdx).findings("gpa-beyond-limit")).isEmpty();
    }

    /** Item 11: 509 user memslots before 5.12, 32764 from it. */
    @Test
    void item11MemslotCountByVersion() {
        var vm = vm("v").backing(anon("a", 4 * MIB)).map(MapDecl.of("a", Sharing.PRIVATE)).build();
        assertThat(one(kernel("5.11"), vm, new Operation.CreateSlot(SlotDecl.userspace(508, 0, "a")))).isEqualTo(Outcome.OK);
        assertThat(one(kernel("5.11"), vm, new Operation.CreateSlot(SlotDecl.userspace(509, 0, "a"))))
                .isEqualTo(Outcome.EINVAL);
        assertThat(one(kernel("5.12"), vm, new Operation.CreateSlot(SlotDecl.userspace(509, 0, "a")))).isEqualTo(Outcome.OK);
        assertThat(one(kernel("5.12"), vm, new Operation.CreateSlot(SlotDecl.userspace(32764, 0, "a"))))
                .isEqualTo(Outcome.EINVAL);
    }

    /** Item 12: arm64 guest_memfd from 6.18, and then only GMEM_ONLY (MMAP) slots. */
    @Test
    void item12Arm64GuestMemfd() {
        var vm = vm("v").backing(gmem("g", 4 * MIB, GmemFlag.MMAP, GmemFlag.INIT_SHARED))
                .slot(SlotDecl.userspace(0, 0, "g").withoutUserspace().withGuestMemfd("g", 0)).build();
        assertThat(run(arm64("6.17"), vm).findings("kernel-feature-missing")).extracting(f -> f.outcome())
                .contains(Outcome.EINVAL);
        assertThat(problems(run(arm64("6.18"), vm))).doesNotContain("kernel-feature-missing", "gmem-binding-invalid");
        var noMmap = vm("v").backing(gmem("g", 4 * MIB))
                .slot(SlotDecl.userspace(0, 0, "g").withoutUserspace().withGuestMemfd("g", 0)).build();
        assertThat(run(arm64("6.18"), noMmap).findings("gmem-binding-invalid")).singleElement().satisfies(f -> {
            assertThat(f.outcome()).isEqualTo(Outcome.EINVAL);
            assertThat(f.origin()).isEqualTo(Origin.named("slot 0.guest_memfd"));
        });
        assertThat(run(kernel("6.18"), noMmap).findings("gmem-binding-invalid")).isEmpty();
    }

    /** Item 13: sw_protected needs CONFIG_KVM_SW_PROTECTED_VM; 6.8–6.10 guest_memfd too. */
    @Test
    void item13BuildOptions() {
        var sw = vm("v").type(VmType.SW_PROTECTED).build();
        assertThat(run(kernel("7.0"), sw).findings("build-option-unknown")).singleElement().satisfies(f -> {
            assertThat(f.outcome()).isEqualTo(Outcome.UNKNOWN);
            assertThat(f.origin()).isEqualTo(Origin.named("vm v.type"));
        });
        assertThat(run(config(kernel("7.0"), ConfigDecl.Option.KVM_SW_PROTECTED_VM, true), sw).findings()).isEmpty();
        assertThat(run(config(kernel("7.0"), ConfigDecl.Option.KVM_SW_PROTECTED_VM, false), sw)
                .findings("kernel-feature-missing")).extracting(f -> f.outcome()).containsExactly(Outcome.EINVAL);
        var gm = vm("v").backing(gmem("g", 4 * MIB)).build();
        assertThat(run(kernel("6.10"), gm).findings("build-option-unknown")).hasSize(1);
        assertThat(run(config(kernel("6.10"), ConfigDecl.Option.KVM_SW_PROTECTED_VM, false), gm)
                .findings("kernel-feature-missing")).hasSize(1);
        assertThat(run(kernel("6.18"), gm).findings()).isEmpty();
        assertThat(run(kernel("6.16"), vm("v").type(VmType.TDX).backing(gmem("g", 4 * MIB)).build())
                .findings("build-option-unknown")).isEmpty();
    }

    /** Item 14: KVM_SET_MEMORY_ATTRIBUTES exists only with CONFIG_KVM_GENERIC_MEMORY_ATTRIBUTES. */
    @Test
    void item14MemoryAttributesIoctl() {
        var def = vm("v").build();
        var shared = new Operation.SetAttributes(MemoryAttribute.SHARED, 0, 2 * MIB);
        assertThat(one(config(kernel("7.0"), ConfigDecl.Option.KVM_GENERIC_MEMORY_ATTRIBUTES, false), def, shared))
                .isEqualTo(Outcome.ENOTTY);
        assertThat(one(config(kernel("7.0"), ConfigDecl.Option.KVM_GENERIC_MEMORY_ATTRIBUTES, true), def, shared))
                .isEqualTo(Outcome.OK);
        assertThat(oneStep(kernel("7.0"), def, shared).possible()).containsExactlyInAnyOrder(Outcome.OK, Outcome.ENOTTY);
        assertThat(one(arm64("7.0"), def, shared)).isEqualTo(Outcome.EINVAL);
        var snp = vm("v").type(VmType.SNP).build();
        assertThat(one(kernel("7.0"), snp, new Operation.SetAttributes(MemoryAttribute.PRIVATE, 0, 2 * MIB)))
                .isEqualTo(Outcome.OK);
    }

    private static VmDecl gmemSlotVm() {
        return vm("v").type(VmType.SNP).backing(gmem("g", 4 * MIB)).backing(memfd("m", 4 * MIB))
                .map(MapDecl.of("m", Sharing.SHARED)).slot(SlotDecl.userspace(0, 0, "m").withGuestMemfd("g", 0)).build();
    }

    /** Item 15: clearing KVM_MEM_GUEST_MEMFD on an existing slot: accepted (use-after-free) before the fix. */
    @Test
    void item15GuestMemfdFlagToggle() {
        var clear = new Operation.CreateSlot(SlotDecl.userspace(0, 0, "m"));
        for (var fixed : new String[] {"6.19", "6.18.3", "6.12.64"}) {
            assertThat(one(kernel(fixed), gmemSlotVm(), clear)).as(fixed).isEqualTo(Outcome.EINVAL);
        }
        for (var old : new String[] {"6.18.2", "6.12.63", "6.16"}) {
            var r = run(kernel(old), gmemSlotVm(), scenario("v", false, StepDecl.of(clear, null)));
            assertThat(step(r, 0).outcome()).as(old).isEqualTo(Outcome.OK);
        }
        assertThat(oneStep(kernel("6.18"), gmemSlotVm(), clear).possible())
                .containsExactlyInAnyOrder(Outcome.EINVAL, Outcome.OK);
        var bringUp = vm("v").type(VmType.SNP).backing(gmem("g", 4 * MIB)).backing(memfd("m", 4 * MIB))
                .map(MapDecl.of("m", Sharing.SHARED)).slot(SlotDecl.userspace(0, 0, "m").withGuestMemfd("g", 0))
                .slot(SlotDecl.userspace(0, 0, "m")).build();
        assertThat(run(kernel("6.16"), bringUp).findings("gmem-slot-use-after-free")).hasSize(1);
        assertThat(run(kernel("6.18"), bringUp).findings("point-release-ambiguous")).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("6.18.3"));
    }

    /** Item 16: deleting a slot whose guest_memfd was closed: a use-after-free before 6.18 / 6.17.9 / 6.12.59. */
    @Test
    void item16DyingGuestMemfdSlotDeletion() {
        var steps = new StepDecl[] {StepDecl.of(new Operation.Close("g"), Outcome.OK),
                StepDecl.of(new Operation.DeleteSlot(0), null)};
        var old = run(kernel("6.17.8"), gmemSlotVm(), scenario("v", false, steps));
        assertThat(step(old, 1).outcome()).isEqualTo(Outcome.OK);
        assertThat(step(old, 1).trace().facts()).contains(dev.vmem.engine.kb.KernelFact.GMEM_DYING_SLOT_DELETE);
        var fixed = run(kernel("6.17.9"), gmemSlotVm(), scenario("v", false, steps));
        assertThat(step(fixed, 1).outcome()).isEqualTo(Outcome.OK);
        var bare = run(kernel("6.12"), gmemSlotVm(), scenario("v", false, steps));
        assertThat(step(bare, 1).outcome()).isEqualTo(Outcome.UNKNOWN);
    }

    /** Item 17: vhost-user over a guest_memfd without INIT_SHARED (or MMAP) cannot work. */
    @Test
    void item17VhostUserOverGuestMemfd() {
        var noShared = vm("v").type(VmType.SNP).backing(gmem("g", 4 * MIB))
                .slot(SlotDecl.userspace(0, 0, "g").withoutUserspace().withGuestMemfd("g", 0))
                .device(DeviceDecl.of("blk", "virtio_blk", DevicePath.VHOST_USER)).build();
        // An SNP VMM's guest_memfd (flags 0) handed to a vhost-user daemon: its mmap fails with ENODEV.
        assertThat(run(kernel("7.0"), noShared).findings("vhost-user-needs-shared-memory")).extracting(f -> f.outcome())
                .containsExactly(Outcome.ENODEV);
        var gmemOnly = vm("v").backing(gmem("g", 4 * MIB, GmemFlag.MMAP))
                .slot(SlotDecl.userspace(0, 0, "g").withoutUserspace().withGuestMemfd("g", 0))
                .device(DeviceDecl.of("blk", "virtio_blk", DevicePath.VHOST_USER)).build();
        assertThat(run(kernel("7.0"), gmemOnly).findings("vhost-user-needs-shared-memory")).singleElement()
                .satisfies(f -> {
                    assertThat(f.outcome()).isEqualTo(Outcome.SIGBUS);
                    assertThat(f.origin()).isEqualTo(Origin.named("device blk"));
                });
        var shared = vm("v").backing(gmem("g", 4 * MIB, GmemFlag.MMAP, GmemFlag.INIT_SHARED))
                .slot(SlotDecl.userspace(0, 0, "g").withoutUserspace().withGuestMemfd("g", 0))
                .device(DeviceDecl.of("blk", "virtio_blk", DevicePath.VHOST_USER)).build();
        assertThat(run(kernel("7.0"), shared).findings("vhost-user-needs-shared-memory")).isEmpty();
    }

    /** Item 18: long-term pins of shared disk-file mappings are refused from 6.5 (may, by file system). */
    @Test
    void item18LongtermPinsOfFileMappings() {
        var file = new BackingDecl("f", BackingKind.FILE, 4 * MIB, Origin.named("f.size"), 0, Origin.NONE, List.of(),
                "/var/lib/vm/ram", Origin.named("f"));
        var vm = vm("v").backing(file).map(MapDecl.of("f", Sharing.SHARED)).slot(SlotDecl.userspace(0, 0, "f"))
                .device(DeviceDecl.of("nic", "vfio", DevicePath.VFIO)).build();
        assertThat(run(kernel("6.5"), vm).findings("longterm-pin-file-mapping")).singleElement().satisfies(f -> {
            assertThat(f.outcome()).isEqualTo(Outcome.UNKNOWN);
            assertThat(f.origin()).isEqualTo(Origin.named("device nic"));
        });
        assertThat(run(kernel("6.4"), vm).findings("longterm-pin-file-mapping")).isEmpty();
        var shm = new BackingDecl("f", BackingKind.FILE, 4 * MIB, Origin.named("f.size"), 0, Origin.NONE, List.of(),
                "/dev/shm/ram", Origin.named("f"));
        assertThat(run(kernel("6.5"), vm("v").backing(shm).map(MapDecl.of("f", Sharing.SHARED))
                .slot(SlotDecl.userspace(0, 0, "f")).device(DeviceDecl.of("nic", "vfio", DevicePath.VFIO)).build())
                .findings("longterm-pin-file-mapping")).isEmpty();
        var priv = vm("v").backing(file).map(MapDecl.of("f", Sharing.PRIVATE)).slot(SlotDecl.userspace(0, 0, "f"))
                .device(DeviceDecl.of("nic", "vfio", DevicePath.VFIO)).build();
        assertThat(run(kernel("6.5"), priv).findings("longterm-pin-file-mapping")).isEmpty();
    }

    // ---- 10.3 hugetlb ------------------------------------------------------------------------------

    private static BackingDecl huge(BackingKind kind, long size, long page) {
        return new BackingDecl("h", kind, size, Origin.named("h.size"), page, Origin.named("h.hugetlb"), List.of(),
                kind == BackingKind.FILE ? "/dev/hugepages/h" : null, Origin.named("h"));
    }

    /** Item 19: page sizes per architecture, size multiples, write(2). */
    @Test
    void item19HugetlbSizes() {
        var k = kernel("7.0");
        assertThat(run(k, vm("v").backing(huge(BackingKind.MEMFD, 4 * MIB, 2 * MIB)).build()).findings()).isEmpty();
        assertThat(run(k, vm("v").backing(huge(BackingKind.MEMFD, 3 * MIB, 2 * MIB)).build())
                .findings("hugetlb-size-invalid")).singleElement().satisfies(f -> {
                    assertThat(f.outcome()).isEqualTo(Outcome.EINVAL);
                    assertThat(f.origin()).isEqualTo(Origin.named("h.size"));
                });
        assertThat(run(k, vm("v").backing(huge(BackingKind.MEMFD, 32 * MIB, 16 * MIB)).build())
                .findings("hugetlb-size-invalid")).singleElement().satisfies(f -> {
                    assertThat(f.outcome()).isEqualTo(Outcome.ENODEV);
                    assertThat(f.origin()).isEqualTo(Origin.named("h.hugetlb"));
                });
        assertThat(run(k, vm("v").backing(huge(BackingKind.ANONYMOUS, 32 * MIB, 16 * MIB)).build())
                .findings("hugetlb-size-invalid")).extracting(f -> f.outcome()).containsExactly(Outcome.EINVAL);
        assertThat(run(arm64("7.0"), vm("v").backing(huge(BackingKind.MEMFD, 64 * MIB, 32 * MIB)).build()).findings())
                .isEmpty();
        var vm = vm("v").backing(huge(BackingKind.FILE, 4 * MIB, 2 * MIB)).build();
        assertThat(one(k, vm, new Operation.FileWrite("h"))).isEqualTo(Outcome.EINVAL);
        assertThat(one(k, vm, new Operation.FileRead("h"))).isEqualTo(Outcome.OK);
        assertThat(one(k, vm, new Operation.Ftruncate("h", 3 * MIB))).isEqualTo(Outcome.EINVAL);
        assertThat(one(k, vm, new Operation.Ftruncate("h", 6 * MIB))).isEqualTo(Outcome.OK);
    }

    // ---- 10.4 confidential VMs ---------------------------------------------------------------------

    private static VmDecl confidential(VmType type) {
        return vm("v").type(type).backing(gmem("g", 4 * MIB)).backing(memfd("m", 4 * MIB))
                .backing(secret("src", 4 * MIB)).backing(memfd("plain", 4 * MIB))
                .map(MapDecl.of("m", Sharing.SHARED)).map(MapDecl.of("src", Sharing.SHARED))
                .map(MapDecl.of("plain", Sharing.SHARED))
                .slot(SlotDecl.userspace(0, 0, "m").withGuestMemfd("g", 0)).attribute(MemoryAttribute.PRIVATE, 0, 4 * MIB)
                .build();
    }

    /** Item 20: SNP populates by copy_from_user to 6.19 and by GUP from 7.0 (EIO); TDX always GUPs (EFAULT). */
    @Test
    void item20PopulateSourceByVersion() {
        var fromSecret = new Operation.Populate(0, "src");
        var fromPlain = new Operation.Populate(0, "plain");
        assertThat(one(kernel("6.19"), confidential(VmType.SNP), fromSecret)).isEqualTo(Outcome.OK);
        assertThat(one(kernel("7.0"), confidential(VmType.SNP), fromSecret)).isEqualTo(Outcome.EIO);
        assertThat(one(kernel("7.0"), confidential(VmType.SNP), fromPlain)).isEqualTo(Outcome.OK);
        assertThat(one(kernel("6.16"), confidential(VmType.TDX), fromSecret)).isEqualTo(Outcome.EFAULT);
        assertThat(one(kernel("7.0"), confidential(VmType.TDX), fromPlain)).isEqualTo(Outcome.OK);
        var sev = oneStep(kernel("7.0"), vm("v").type(VmType.SEV).backing(memfd("plain", 4 * MIB))
                .map(MapDecl.of("plain", Sharing.SHARED)).build(), fromPlain);
        assertThat(sev.outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(sev.possible()).isEmpty();
    }

    /** Item 21: SEV and SEV-ES memory in the direct map is encrypted, not plaintext. */
    @Test
    void item21SevMemoryIsEncrypted() {
        for (var type : new VmType[] {VmType.SEV, VmType.SEV_ES}) {
            var vm = vm("v").type(type).backing(memfd("m", 4 * MIB)).map(MapDecl.of("m", Sharing.SHARED))
                    .slot(SlotDecl.userspace(0, 0, "m")).build();
            var e = run(kernel("7.0"), vm).exposure("v").orElseThrow();
            assertThat(e.backings().get(0).hardwareProtectedBytes()).as(type.keyword()).isEqualTo(4 * MIB);
        }
        var def = vm("v").backing(memfd("m", 4 * MIB)).map(MapDecl.of("m", Sharing.SHARED))
                .slot(SlotDecl.userspace(0, 0, "m")).build();
        assertThat(run(kernel("7.0"), def).exposure("v").orElseThrow().backings().get(0).hardwareProtectedBytes())
                .isZero();
    }

    /** Item 22: hibernation is not refused with a no-direct-map guest_memfd, and copies it into the image. */
    @Test
    void item22HibernationWithNoDirectMapGuestMemfd() {
        var vm = vm("v").backing(gmem("g", 4 * MIB, GmemFlag.MMAP, GmemFlag.INIT_SHARED, GmemFlag.NO_DIRECT_MAP))
                .slot(SlotDecl.userspace(0, 0, "g").withoutUserspace().withGuestMemfd("g", 0))
                .host(HostOperation.HIBERNATE).build();
        var r = run(noDirectMap(kernel("6.18"), 12), vm);
        assertThat(r.findings("hibernation-image-exposure")).singleElement().satisfies(f -> {
            assertThat(f.outcome()).isEqualTo(Outcome.OK);
            assertThat(f.origin()).isEqualTo(Origin.named("host hibernate"));
        });
        assertThat(r.findings("hibernation-blocked")).isEmpty();
        var plain = vm("v").backing(gmem("g", 4 * MIB, GmemFlag.MMAP, GmemFlag.INIT_SHARED))
                .slot(SlotDecl.userspace(0, 0, "g").withoutUserspace().withGuestMemfd("g", 0))
                .host(HostOperation.HIBERNATE).build();
        assertThat(run(kernel("6.18"), plain).findings("hibernation-image-exposure")).isEmpty();
    }

    // ---- 10.5 revisions, not modelled ---------------------------------------------------------------

    /** No-direct-map revisions above v12 are unknown, not v12. */
    @Test
    void unknownNoDirectMapRevision() {
        var vm = vm("v").backing(gmem("g", 4 * MIB, GmemFlag.MMAP, GmemFlag.INIT_SHARED, GmemFlag.NO_DIRECT_MAP)).build();
        var r = run(noDirectMap(kernel("6.18"), 13), vm);
        assertThat(r.findings("unknown-patch-revision")).singleElement().satisfies(f -> {
            assertThat(f.outcome()).isEqualTo(Outcome.UNKNOWN);
            assertThat(f.origin()).isEqualTo(Origin.named("g.no_direct_map"));
        });
        assertThat(run(noDirectMap(kernel("6.18"), 12), vm).findings("unknown-patch-revision")).isEmpty();
    }

    /** A combination no fact decides is "unknown" with a not-modelled info at the step, never ok. */
    @Test
    void notModelledIsUnknownNotOk() {
        var vm = vm("v").backing(secret("s", 4 * MIB)).map(MapDecl.of("s", Sharing.SHARED)).build();
        var step = StepDecl.of(new Operation.Madvise("s", Advice.HUGEPAGE), Outcome.OK);
        var r = run(kernel("7.0"), vm, scenario("v", false, step));
        assertThat(step(r, 0).outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(r.findings("not-modelled")).singleElement()
                .satisfies(f -> assertThat(f.origin()).isEqualTo(step.origin()));
        assertThat(r.findings("expectation-failed")).hasSize(1);
    }

    /** "expect may X" passes when X is possible, "expect X" only when X is certain. */
    @Test
    void expectMayVersusExpect() {
        var vm = vm("v").backing(secret("s", 4 * MIB)).map(MapDecl.of("s", Sharing.SHARED)).build();
        var collapse = new Operation.Madvise("s", Advice.COLLAPSE);
        var may = run(kernel("7.0"), vm, scenario("v", false, StepDecl.may(collapse, Outcome.EINVAL)));
        assertThat(may.scenario("s").orElseThrow().passed()).isTrue();
        var definite = run(kernel("7.0"), vm, scenario("v", false, StepDecl.of(collapse, Outcome.EINVAL)));
        assertThat(definite.findings("expectation-failed")).singleElement()
                .satisfies(f -> assertThat(f.data()).containsEntry("actual", "may einval"));
        var wrong = run(kernel("7.0"), vm, scenario("v", false, StepDecl.may(collapse, Outcome.OK)));
        assertThat(wrong.scenario("s").orElseThrow().passed()).isFalse();
    }
}
