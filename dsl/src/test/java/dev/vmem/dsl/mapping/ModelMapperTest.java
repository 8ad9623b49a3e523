package dev.vmem.dsl.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vmem.dsl.tests.Marked;
import dev.vmem.dsl.tests.VMemTestSupport;
import dev.vmem.engine.model.Access;
import dev.vmem.engine.model.Arch;
import dev.vmem.engine.model.AttributeDecl.MemoryAttribute;
import dev.vmem.engine.model.BackingDecl;
import dev.vmem.engine.model.BackingKind;
import dev.vmem.engine.model.DeviceDecl;
import dev.vmem.engine.model.DevicePath;
import dev.vmem.engine.model.FeatureUseDecl;
import dev.vmem.engine.model.GmemFlag;
import dev.vmem.engine.model.GmemFlagDecl;
import dev.vmem.engine.model.GuestFeature;
import dev.vmem.engine.model.HostOpDecl;
import dev.vmem.engine.model.HostOperation;
import dev.vmem.engine.model.KernelDecl;
import dev.vmem.engine.model.MapDecl;
import dev.vmem.engine.model.Operation;
import dev.vmem.engine.model.Origin;
import dev.vmem.engine.model.Outcome;
import dev.vmem.engine.model.ParamDecl;
import dev.vmem.engine.model.PatchDecl;
import dev.vmem.engine.model.Program;
import dev.vmem.engine.model.ScenarioDecl;
import dev.vmem.engine.model.Sharing;
import dev.vmem.engine.model.SlotDecl;
import dev.vmem.engine.model.SlotFlag;
import dev.vmem.engine.model.StepDecl;
import dev.vmem.engine.model.VmDecl;
import dev.vmem.engine.model.VmType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.eclipse.xtext.resource.XtextResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mapper on the spec's examples: values, defaults, flags, scenarios and origins. */
class ModelMapperTest {

    private static final long KIB = 1L << 10;
    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;

    private final ModelMapper mapper = new ModelMapper();

    @Test
    void firecrackerSecretFree() {
        Program program = mapExample("firecracker-secret-free.vmem");

        KernelDecl kernel = program.kernel("fc_6_18_hiding").orElseThrow();
        assertThat(kernel.version()).isEqualTo("6.18");
        assertThat(kernel.arch()).isEqualTo(Arch.X86_64);
        assertThat(kernel.patches()).extracting(PatchDecl::patch, PatchDecl::revision).containsExactly(
                org.assertj.core.groups.Tuple.tuple(PatchDecl.Patch.NO_DIRECT_MAP, 12),
                org.assertj.core.groups.Tuple.tuple(PatchDecl.Patch.PFNCACHE_GMEM, 0));
        assertThat(kernel.params()).extracting(ParamDecl::param, ParamDecl::enabled)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ParamDecl.Param.GUEST_MEMFD_TLB_FLUSH, false));
        assertThat(kernel.features()).isEmpty();

        VmDecl vm = program.vm("secret_free").orElseThrow();
        assertThat(vm.kernel()).contains("fc_6_18_hiding");
        assertThat(vm.type()).isEqualTo(VmType.DEFAULT);
        assertThat(vm.vcpus()).isEqualTo(2);
        assertThat(vm.memlockLimit()).isEmpty();

        BackingDecl ram = vm.backing("ram").orElseThrow();
        assertThat(ram.kind()).isEqualTo(BackingKind.GUEST_MEMFD);
        assertThat(ram.size()).isEqualTo(GIB);
        assertThat(ram.hugePageSize()).isZero();
        assertThat(ram.path()).isNull();
        assertThat(ram.flags()).extracting(GmemFlagDecl::flag)
                .containsExactly(GmemFlag.MMAP, GmemFlag.INIT_SHARED, GmemFlag.NO_DIRECT_MAP);

        assertThat(vm.maps()).singleElement().satisfies(map -> {
            assertThat(map.backing()).isEqualTo("ram");
            assertThat(map.sharing()).isEqualTo(Sharing.SHARED);
            assertThat(map.at()).isEmpty();
            assertThat(map.populate()).isFalse();
            assertThat(map.mergeable()).isFalse();
        });
        assertThat(vm.slots()).singleElement().satisfies(slot -> {
            assertThat(slot.id()).isZero();
            assertThat(slot.gpa()).isZero();
            assertThat(slot.size()).as("defaults to the backing's size").isEmpty();
            assertThat(slot.userspace()).contains("ram");
            assertThat(slot.userspaceOffset()).isZero();
            assertThat(slot.guestMemfd()).contains("ram");
            assertThat(slot.guestMemfdOffset()).isZero();
            assertThat(slot.flags()).isEmpty();
        });
        assertThat(vm.features()).extracting(FeatureUseDecl::feature).containsExactly(GuestFeature.KVMCLOCK);
        assertThat(vm.devices()).extracting(DeviceDecl::name, DeviceDecl::model, DeviceDecl::path).containsExactly(
                org.assertj.core.groups.Tuple.tuple("net0", "virtio_net", DevicePath.VMM),
                org.assertj.core.groups.Tuple.tuple("blk0", "virtio_blk", DevicePath.VMM));
        assertThat(program.scenarios()).isEmpty();
    }

    @Test
    void configErrorsKeepsEveryVmApart() {
        Program program = mapExample("config-errors.vmem");

        assertThat(program.vms()).extracting(VmDecl::name).containsExactly("no_mmap_flag", "dirty_gmem", "overlap",
                "protected_init_shared", "small_memlock");
        assertThat(program.vm("no_mmap_flag").orElseThrow().backing("ram").orElseThrow().flags()).isEmpty();
        assertThat(program.vm("dirty_gmem").orElseThrow().slots().get(0).flags()).extracting(f -> f.flag())
                .containsExactly(SlotFlag.LOG_DIRTY_PAGES);
        assertThat(program.vm("overlap").orElseThrow().slots()).extracting(SlotDecl::id, SlotDecl::gpa).containsExactly(
                org.assertj.core.groups.Tuple.tuple(0L, 0L), org.assertj.core.groups.Tuple.tuple(1L, 0x200_0000L));
        assertThat(program.vm("overlap").orElseThrow().maps()).extracting(MapDecl::sharing)
                .containsExactly(Sharing.PRIVATE, Sharing.PRIVATE);
        VmDecl sw = program.vm("protected_init_shared").orElseThrow();
        assertThat(sw.type()).isEqualTo(VmType.SW_PROTECTED);
        assertThat(sw.vcpus()).as("default").isEqualTo(1);
        VmDecl small = program.vm("small_memlock").orElseThrow();
        assertThat(small.memlockLimit()).hasValue(64 * MIB);
        assertThat(small.backing("sec").orElseThrow().kind()).isEqualTo(BackingKind.MEMFD_SECRET);
        assertThat(small.backing("sec").orElseThrow().size()).isEqualTo(128 * MIB);
    }

    @Test
    void qemuSnpAndTdx() {
        VmDecl snp = mapExample("qemu-snp.vmem").vm("snp_guest").orElseThrow();
        assertThat(snp.type()).isEqualTo(VmType.SNP);
        assertThat(snp.vcpus()).isEqualTo(4);
        assertThat(snp.backing("shared_ram").orElseThrow().kind()).isEqualTo(BackingKind.MEMFD);
        assertThat(snp.backing("private_ram").orElseThrow().size()).isEqualTo(4 * GIB);
        assertThat(snp.slots().get(0).userspace()).contains("shared_ram");
        assertThat(snp.slots().get(0).guestMemfd()).contains("private_ram");
        assertThat(snp.attributes()).singleElement().satisfies(a -> {
            assertThat(a.attribute()).isEqualTo(MemoryAttribute.PRIVATE);
            assertThat(a.gpa()).isZero();
            assertThat(a.size()).isEqualTo(4 * GIB);
        });
        assertThat(snp.devices().get(0).path()).isEqualTo(DevicePath.VHOST);

        Program td = mapExample("td-no-direct-map.vmem");
        assertThat(td.kernel("nodm_v9").orElseThrow().patches()).extracting(PatchDecl::revision).containsExactly(9);
        VmDecl vm = td.vm("td").orElseThrow();
        assertThat(vm.type()).isEqualTo(VmType.TDX);
        assertThat(vm.backing("shared_ram").orElseThrow().kind()).isEqualTo(BackingKind.ANONYMOUS);
        assertThat(vm.backing("private_ram").orElseThrow().flags()).extracting(GmemFlagDecl::flag)
                .containsExactly(GmemFlag.NO_DIRECT_MAP);
    }

    @Test
    void theAws2024Experiments() {
        Program experiment = mapExample("aws2024-experiment.vmem");
        assertThat(experiment.kernel("linux_6_8_gup_allowed").orElseThrow().patches()).extracting(PatchDecl::patch)
                .containsExactly(PatchDecl.Patch.SECRETMEM_GUP_ALLOWED);
        VmDecl vm = experiment.vm("fc_secret").orElseThrow();
        assertThat(vm.cpuid()).singleElement().satisfies(c -> {
            assertThat(c.feature()).isEqualTo(GuestFeature.KVMCLOCK);
            assertThat(c.enabled()).isFalse();
        });
        assertThat(vm.maps().get(0).populate()).isFalse();
        assertThat(mapExample("aws2024-secretmem-prefaulted.vmem").vm("fc_secret").orElseThrow().maps().get(0).populate())
                .isTrue();
    }

    @Test
    void theSelftestScenario() {
        Program program = mapExample("selftest-guest-memfd.vmem");
        ScenarioDecl scenario = program.scenarios().get(0);
        assertThat(scenario.name()).isEqualTo("file_semantics");
        assertThat(scenario.vm()).isEqualTo("gmem_host");
        assertThat(scenario.fromScratch()).isFalse();
        assertThat(scenario.steps()).extracting(StepDecl::operation).containsExactly(
                new Operation.FileRead("g"),
                new Operation.FileWrite("g"),
                new Operation.Mmap("g", Sharing.PRIVATE, OptionalLong.empty()),
                new Operation.Mmap("g", Sharing.SHARED, OptionalLong.empty()),
                new Operation.Touch("g", Access.WRITE, OptionalLong.empty(), OptionalLong.empty()),
                new Operation.Fallocate("g", Operation.FallocateMode.PUNCH_HOLE, 0, 4 * KIB),
                new Operation.Fallocate("g", Operation.FallocateMode.PUNCH_HOLE, 1, 1),
                new Operation.Fallocate("g", Operation.FallocateMode.ALLOCATE, 2 * MIB, 4 * KIB),
                new Operation.Madvise("g", Operation.Advice.COLLAPSE),
                new Operation.Ftruncate("g", 4 * MIB));
        assertThat(scenario.steps()).extracting(StepDecl::expect).containsExactly(
                Optional.of(Outcome.EINVAL), Optional.of(Outcome.EINVAL), Optional.of(Outcome.EINVAL),
                Optional.of(Outcome.OK), Optional.of(Outcome.OK), Optional.of(Outcome.OK), Optional.of(Outcome.EINVAL),
                Optional.of(Outcome.EINVAL), Optional.of(Outcome.EINVAL), Optional.of(Outcome.EINVAL));
        VmDecl host = program.vm("gmem_host").orElseThrow();
        assertThat(host.maps()).isEmpty();
        assertThat(host.slots()).isEmpty();
    }

    @Test
    void everyOperationAndOptionMaps() {
        Program program = map("""
                kernel k { version 6.1.55 arch arm64 param secretmem.enable on feature stage2_fwb feature linear_map_4k }
                vm v {
                    memory ram: guest_memfd 2MiB
                    memory big: file "/dev/hugepages/x" 1GiB hugetlb 2MiB
                    map big private at 0x7f00_0000_0000 populate mergeable
                    slot 7 gpa 0x1_0000_0000 size 1MiB userspace big offset 4KiB guest_memfd ram offset 8KiB flags log_dirty_pages | readonly
                    shared gpa 0x0 size 4KiB
                    uses steal_time, pv_eoi, async_pf, xen_shared_info, nested
                    cpuid +kvmclock
                    device d0: virtio_fs via vhost_user
                    device d1: virtio_net via vhost_zerocopy
                    device d2: virtio_blk via io_uring
                    device d3: vfio
                    host hibernate, coredump, ptrace, process_vm_readv, proc_mem
                }
                scenario s {
                    vm v from scratch
                    step mmap ram shared size 1MiB
                    step munmap ram
                    step touch big read offset 4KiB len 8KiB expect sigbus
                    step slot 9 gpa 0x2000 userspace big
                    step delete slot 9
                    step private gpa 0x1000 size 4KiB
                    step guest vcpu 3 exec gpa 0x1000 expect memory_fault
                    step kvm write gpa 0x2000 expect efault
                    step pfncache xen_shared_info gpa 0x3000 expect oops
                    step vcpu_map gpa 0x4000
                    step gup big fast longterm
                    step vfio map big
                    step io_uring register big
                    step o_direct big
                    step process_vm_readv big
                    step ptrace peek big
                    step proc_mem read big
                    step hibernate
                    step coredump
                    step populate gpa 0x0 from big
                    step madvise big hugepage
                    step close ram expect ok
                }
                """);
        KernelDecl kernel = program.kernel("k").orElseThrow();
        assertThat(kernel.arch()).isEqualTo(Arch.ARM64);
        assertThat(kernel.version()).isEqualTo("6.1.55");
        assertThat(kernel.params()).extracting(ParamDecl::param, ParamDecl::enabled)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ParamDecl.Param.SECRETMEM_ENABLE, true));
        assertThat(kernel.features()).extracting(f -> f.feature()).containsExactly(
                dev.vmem.engine.model.FeatureDecl.Feature.STAGE2_FWB,
                dev.vmem.engine.model.FeatureDecl.Feature.LINEAR_MAP_4K);

        VmDecl vm = program.vm("v").orElseThrow();
        assertThat(vm.kernel()).as("no kernel named: the built-in default").isEmpty();
        assertThat(vm.kernelOrigin()).isEqualTo(Origin.NONE);
        assertThat(vm.typeOrigin()).isEqualTo(Origin.NONE);
        BackingDecl big = vm.backing("big").orElseThrow();
        assertThat(big.kind()).isEqualTo(BackingKind.FILE);
        assertThat(big.path()).isEqualTo("/dev/hugepages/x");
        assertThat(big.hugePageSize()).isEqualTo(2 * MIB);
        MapDecl map = vm.maps().get(0);
        assertThat(map.at()).hasValue(0x7f00_0000_0000L);
        assertThat(map.populate()).isTrue();
        assertThat(map.mergeable()).isTrue();
        SlotDecl slot = vm.slots().get(0);
        assertThat(slot.id()).isEqualTo(7);
        assertThat(slot.gpa()).isEqualTo(1L << 32);
        assertThat(slot.size()).hasValue(MIB);
        assertThat(slot.userspaceOffset()).isEqualTo(4 * KIB);
        assertThat(slot.guestMemfdOffset()).isEqualTo(8 * KIB);
        assertThat(slot.flags()).extracting(f -> f.flag()).containsExactly(SlotFlag.LOG_DIRTY_PAGES, SlotFlag.READONLY);
        assertThat(vm.attributes()).extracting(a -> a.attribute()).containsExactly(MemoryAttribute.SHARED);
        assertThat(vm.features()).extracting(FeatureUseDecl::feature).containsExactly(GuestFeature.STEAL_TIME,
                GuestFeature.PV_EOI, GuestFeature.ASYNC_PF, GuestFeature.XEN_SHARED_INFO, GuestFeature.NESTED);
        assertThat(vm.cpuid().get(0).enabled()).isTrue();
        assertThat(vm.devices()).extracting(DeviceDecl::model, DeviceDecl::path).containsExactly(
                org.assertj.core.groups.Tuple.tuple("virtio_fs", DevicePath.VHOST_USER),
                org.assertj.core.groups.Tuple.tuple("virtio_net", DevicePath.VHOST_ZEROCOPY),
                org.assertj.core.groups.Tuple.tuple("virtio_blk", DevicePath.IO_URING),
                org.assertj.core.groups.Tuple.tuple("vfio", DevicePath.VFIO));
        assertThat(vm.hostOps()).extracting(HostOpDecl::operation).containsExactly(HostOperation.HIBERNATE,
                HostOperation.COREDUMP, HostOperation.PTRACE, HostOperation.PROCESS_VM_READV, HostOperation.PROC_MEM);

        ScenarioDecl scenario = program.scenarios().get(0);
        assertThat(scenario.fromScratch()).isTrue();
        List<Operation> operations = scenario.steps().stream().map(StepDecl::operation).toList();
        assertThat(operations).containsExactly(
                new Operation.Mmap("ram", Sharing.SHARED, OptionalLong.of(MIB)),
                new Operation.Munmap("ram"),
                new Operation.Touch("big", Access.READ, OptionalLong.of(4 * KIB), OptionalLong.of(8 * KIB)),
                operations.get(3),
                new Operation.DeleteSlot(9),
                new Operation.SetAttributes(MemoryAttribute.PRIVATE, 0x1000, 4 * KIB),
                new Operation.GuestAccess(3, Access.EXEC, 0x1000),
                new Operation.KvmAccess(Access.WRITE, 0x2000),
                new Operation.Pfncache(GuestFeature.XEN_SHARED_INFO, 0x3000),
                new Operation.VcpuMap(0x4000),
                new Operation.Gup("big", true, true),
                new Operation.VfioMap("big"),
                new Operation.IoUringRegister("big"),
                new Operation.ODirect("big"),
                new Operation.ProcessVmReadv("big"),
                new Operation.PtracePeek("big"),
                new Operation.ProcMemRead("big"),
                new Operation.Hibernate(),
                new Operation.Coredump(),
                new Operation.Populate(0x0, "big"),
                new Operation.Madvise("big", Operation.Advice.HUGEPAGE),
                new Operation.Close("ram"));
        assertThat(operations.get(3)).isInstanceOfSatisfying(Operation.CreateSlot.class, create -> {
            assertThat(create.slot().id()).isEqualTo(9);
            assertThat(create.slot().gpa()).isEqualTo(0x2000);
            assertThat(create.slot().userspace()).contains("big");
        });
        assertThat(scenario.steps()).extracting(StepDecl::expect).containsExactly(Optional.empty(), Optional.empty(),
                Optional.of(Outcome.SIGBUS), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(Outcome.MEMORY_FAULT), Optional.of(Outcome.EFAULT), Optional.of(Outcome.OOPS),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of(Outcome.OK));
    }

    @Test
    void sizesUseTheFullUnsignedRange() {
        VmDecl vm = map("vm v { memory m: anonymous 0xffff_ffff_ffff_f000 slot 0 gpa 18446744073709547520 }")
                .vm("v").orElseThrow();
        assertThat(Long.toUnsignedString(vm.backing("m").orElseThrow().size())).isEqualTo("18446744073709547520");
        assertThat(vm.slots().get(0).gpa()).isEqualTo(0xffff_ffff_ffff_f000L);
    }

    // ------------------------------------------------------------------ origins

    @Test
    void originsNameTheExactText() {
        Marked marked = Marked.parse("""
                kernel k { version <|6.18|> patch no_direct_map v12 }
                vm v {
                    kernel <|k|>
                    memory ram: guest_memfd <|1GiB|> flags mmap | <|no_direct_map|>
                    map ram shared
                    slot 0 gpa <|0x0|> userspace <|ram|> guest_memfd ram flags <|readonly|>
                    uses steal_time, <|pv_eoi|>
                    host coredump, <|ptrace|>
                }
                """);
        XtextResource resource = VMemTestSupport.parse(marked.text(), "origins.vmem");
        Program program = mapper.map(VMemTestSupport.model(resource));
        KernelDecl kernel = program.kernel("k").orElseThrow();
        VmDecl vm = program.vm("v").orElseThrow();
        BackingDecl ram = vm.backing("ram").orElseThrow();
        SlotDecl slot = vm.slots().get(0);
        List<Origin> origins = List.of(kernel.versionOrigin(), vm.kernelOrigin(), ram.sizeOrigin(),
                ram.flags().get(1).origin(), slot.gpaOrigin(), slot.userspaceOrigin(), slot.flags().get(0).origin(),
                vm.features().get(1).origin(), vm.hostOps().get(1).origin());
        marked.assertOriginsAtRanges(origins);
    }

    @Test
    void originsDescribeThemselvesAndCompareByElement() {
        XtextResource resource = VMemTestSupport.parse("""
                vm web {
                    memory ram: memfd_secret 256MiB
                }
                """, "describe.vmem");
        VmDecl vm = mapper.map(VMemTestSupport.model(resource)).vm("web").orElseThrow();
        assertThat(vm.origin().describe()).isEqualTo("vm web (describe.vmem:1)");
        assertThat(vm.backings().get(0).origin().describe()).isEqualTo("memory ram: memfd_secret 256MiB (describe.vmem:2)");
        assertThat(vm.backings().get(0).sizeOrigin().describe()).isEqualTo("256MiB (describe.vmem:2)");

        VmDecl again = mapper.map(VMemTestSupport.model(resource)).vm("web").orElseThrow();
        assertThat(again.origin()).isEqualTo(vm.origin()).isNotEqualTo(again.backings().get(0).origin());
        assertThat(again.backings().get(0).sizeOrigin()).isEqualTo(vm.backings().get(0).sizeOrigin());
    }

    // ------------------------------------------------------------------ imports and broken input

    @Test
    void importedDeclarationsJoinTheProgramAfterLocalOnes(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("kernels.vmem"), "kernel k { version 6.8 }\nkernel other { version 6.18 }\n");
        Files.writeString(dir.resolve("vms.vmem"), "import \"kernels.vmem\"\nvm base { kernel other }\n");
        Path main = Files.writeString(dir.resolve("main.vmem"),
                "import \"vms.vmem\"\nkernel k { version 7.0 }\nscenario s { vm base step hibernate }\n");

        Program program = mapper.map(VMemTestSupport.model(VMemTestSupport.load(main)));

        assertThat(program.kernels()).extracting(KernelDecl::name, KernelDecl::version).containsExactly(
                org.assertj.core.groups.Tuple.tuple("k", "7.0"), org.assertj.core.groups.Tuple.tuple("other", "6.18"));
        assertThat(program.vms()).extracting(VmDecl::name).containsExactly("base");
        assertThat(program.vm("base").orElseThrow().kernel()).contains("other");
        assertThat(program.scenarios()).extracting(ScenarioDecl::vm).containsExactly("base");
    }

    @Test
    void cyclicImportsMapEachDeclarationOnce(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.vmem"), "import \"b.vmem\"\nkernel ka { version 6.18 }\n");
        Path b = Files.writeString(dir.resolve("b.vmem"), "import \"a.vmem\"\nkernel kb { version 7.0 }\nvm v { kernel ka }\n");

        Program program = mapper.map(VMemTestSupport.model(VMemTestSupport.load(b)));

        assertThat(program.kernels()).extracting(KernelDecl::name).containsExactly("kb", "ka");
        assertThat(program.vm("v").orElseThrow().kernel()).contains("ka");
    }

    @Test
    void brokenElementsAreLeftOutWithoutThrowing() {
        XtextResource resource = VMemTestSupport.parse("""
                kernel noversion { arch x86_64 }
                kernel k { version 6.18 patch no_direct_map bad }
                vm v {
                    kernel nosuch
                    vcpus 99999999999
                    memory ok: anonymous 4K
                    memory huge: anonymous 99999999999999999999999
                    map nosuch shared
                    map ok private
                    slot 0 gpa 0 userspace ok guest_memfd nosuch
                    slot 1 gpa 0x1000 userspace ok
                }
                scenario lost { vm nosuch step hibernate }
                scenario s { vm v step touch nosuch write step guest vcpu 4294967296 read gpa 0 step hibernate }
                """);
        Program program = mapper.map(VMemTestSupport.model(resource));

        assertThat(program.kernels()).extracting(KernelDecl::name).containsExactly("k");
        assertThat(program.kernel("k").orElseThrow().patches()).isEmpty();
        VmDecl vm = program.vm("v").orElseThrow();
        assertThat(vm.kernel()).isEmpty();
        assertThat(vm.vcpus()).isEqualTo(1);
        assertThat(vm.backings()).extracting(BackingDecl::name).containsExactly("ok");
        assertThat(vm.maps()).extracting(MapDecl::backing).containsExactly("ok");
        assertThat(vm.slots()).extracting(SlotDecl::id).containsExactly(1L);
        assertThat(program.scenarios()).extracting(ScenarioDecl::name).containsExactly("s");
        assertThat(program.scenarios().get(0).steps()).extracting(StepDecl::operation)
                .containsExactly(new Operation.Hibernate());
    }

    private Program mapExample(String name) {
        XtextResource resource = VMemTestSupport.load(VMemTestSupport.examplesDir().resolve(name));
        assertThat(resource.getErrors()).isEmpty();
        return mapper.map(VMemTestSupport.model(resource));
    }

    private Program map(String text) {
        XtextResource resource = VMemTestSupport.parse(text);
        assertThat(resource.getErrors()).as("parse errors").isEmpty();
        return mapper.map(VMemTestSupport.model(resource));
    }
}
