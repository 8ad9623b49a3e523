package dev.vmem.engine;

import static dev.vmem.engine.Models.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vmem.engine.model.Access;
import dev.vmem.engine.model.AttributeDecl.MemoryAttribute;
import dev.vmem.engine.model.DeviceDecl;
import dev.vmem.engine.model.DevicePath;
import dev.vmem.engine.model.GmemFlag;
import dev.vmem.engine.model.GuestFeature;
import dev.vmem.engine.model.HostOperation;
import dev.vmem.engine.model.MapDecl;
import dev.vmem.engine.model.Operation;
import dev.vmem.engine.model.Origin;
import dev.vmem.engine.model.Outcome;
import dev.vmem.engine.model.ParamDecl;
import dev.vmem.engine.model.Sharing;
import dev.vmem.engine.model.SlotDecl;
import dev.vmem.engine.model.StepDecl;
import dev.vmem.engine.model.VmType;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The outcome classes of kernel-facts §5, each with the rule, outcome and origin it reports. */
class OutcomesTest {

    private static final dev.vmem.engine.model.KernelDecl NDM = noDirectMap(kernel("6.18"), 12);

    private static dev.vmem.engine.model.VmDecl.Builder secretFree() {
        return vm("v").backing(gmem("ram", 256 * MIB, GmemFlag.MMAP, GmemFlag.INIT_SHARED, GmemFlag.NO_DIRECT_MAP))
                .map(MapDecl.of("ram", Sharing.SHARED)).slot(SlotDecl.userspace(0, 0, "ram").withGuestMemfd("ram", 0));
    }

    /** §5.1: every GUP user refuses NO_DIRECT_MAP memory with EFAULT (EIO for remote reads). */
    @Test
    void gupUsersAreRefused() {
        for (var path : new DevicePath[] {DevicePath.VFIO, DevicePath.IO_URING, DevicePath.O_DIRECT,
                DevicePath.VHOST_ZEROCOPY}) {
            var r = run(NDM, secretFree().device(DeviceDecl.of("d", "virtio_blk", path)).build());
            assertThat(problems(r)).as(path.keyword()).containsExactly("gup-on-secret-memory");
            var f = r.findings("gup-on-secret-memory").get(0);
            assertThat(f.outcome()).isEqualTo(Outcome.EFAULT);
            assertThat(f.origin()).isEqualTo(Origin.named("device d"));
        }
        var ptrace = vm("v").backing(secret("s", 64 * MIB)).map(MapDecl.of("s", Sharing.SHARED))
                .host(HostOperation.PTRACE).host(HostOperation.PROCESS_VM_READV).build();
        var r = run(kernel("7.0"), ptrace);
        assertThat(r.findings("gup-on-secret-memory")).extracting(f -> f.outcome())
                .containsExactly(Outcome.EIO, Outcome.EFAULT);
    }

    /** In-kernel vhost and the VMM itself use user accessors, which work on such memory. */
    @Test
    void uaccessUsersWork() {
        var r = run(NDM, secretFree().device(DeviceDecl.of("n", "virtio_net", DevicePath.VHOST))
                .device(DeviceDecl.of("b", "virtio_blk", DevicePath.VMM)).uses(GuestFeature.STEAL_TIME)
                .uses(GuestFeature.PV_EOI).uses(GuestFeature.ASYNC_PF).build());
        assertThat(problems(r)).isEmpty();
    }

    /** §5.2: nested kvm_vcpu_map and Xen pfncaches over NO_DIRECT_MAP memory. */
    @Test
    void vcpuMapAndXenPfncache() {
        var r = run(patch(NDM, dev.vmem.engine.model.PatchDecl.Patch.PFNCACHE_GMEM),
                secretFree().uses(GuestFeature.NESTED).uses(GuestFeature.XEN_SHARED_INFO).uses(GuestFeature.KVMCLOCK)
                        .build());
        assertThat(problems(r)).containsExactly("pfncache-unmapped-pfn", "vcpu-map-unmapped-pfn");
        assertThat(r.findings("vcpu-map-unmapped-pfn").get(0).outcome()).isEqualTo(Outcome.EINVAL);
        var xen = r.findings("pfncache-unmapped-pfn").get(0);
        assertThat(xen.outcome()).isEqualTo(Outcome.EFAULT);
        assertThat(xen.origin()).isEqualTo(Origin.named("xen_shared_info"));
    }

    /** §5.2: where GUP lets the page through, kmap users oops. */
    @Test
    void letThroughPagesOops() {
        var k = patch(kernel("6.8"), dev.vmem.engine.model.PatchDecl.Patch.SECRETMEM_GUP_ALLOWED);
        var vm = vm("v").backing(secret("s", 64 * MIB)).map(MapDecl.of("s", Sharing.SHARED))
                .slot(SlotDecl.userspace(0, 0, "s")).uses(GuestFeature.NESTED).host(HostOperation.PROC_MEM).build();
        var r = run(k, vm);
        assertThat(problems(r)).containsExactly("gup-unmapped-pfn", "vcpu-map-unmapped-pfn");
        assertThat(r.findings("vcpu-map-unmapped-pfn").get(0).outcome()).isEqualTo(Outcome.OOPS);
        assertThat(r.findings("gup-unmapped-pfn").get(0).outcome()).isEqualTo(Outcome.OOPS);
    }

    /** §5.3: exposure — what stays in the direct map, what does not, and the TLB window. */
    @Test
    void exposure() {
        var anonVm = vm("a").backing(anon("ram", GIB)).map(MapDecl.of("ram", Sharing.PRIVATE))
                .slot(SlotDecl.userspace(0, 0, "ram")).build();
        var r = run(kernel("7.0"), anonVm);
        assertThat(r.exposure("a").orElseThrow().directMapBytes()).isEqualTo(GIB);
        assertThat(r.findings("direct-map-exposure")).hasSize(1);
        assertThat(r.findings("direct-map-fragmentation")).isEmpty();

        var window = run(param(NDM, ParamDecl.Param.GUEST_MEMFD_TLB_FLUSH, false), secretFree().build());
        assertThat(problems(window)).containsExactly("exposure-window");
        assertThat(window.findings("exposure-window").get(0).origin()).isEqualTo(Origin.named("ram.no_direct_map"));
        var flushed = run(param(NDM, ParamDecl.Param.GUEST_MEMFD_TLB_FLUSH, true), secretFree().build());
        assertThat(problems(flushed)).isEmpty();
        assertThat(flushed.exposure("v").orElseThrow().largePagesSplit()).isEqualTo(128);
    }

    /** §5.4: KVM_EXIT_MEMORY_FAULT for private memory without guest_memfd, and after the file is closed. */
    @Test
    void memoryFaultExits() {
        var vm = vm("v").type(VmType.SW_PROTECTED).backing(anon("a", 64 * MIB)).map(MapDecl.of("a", Sharing.PRIVATE))
                .slot(SlotDecl.userspace(0, 0, "a")).attribute(MemoryAttribute.PRIVATE, 0, 64 * MIB).build();
        var r = run(kernel("7.0"), vm);
        var f = r.findings("private-memory-needs-gmem").get(0);
        assertThat(f.outcome()).isEqualTo(Outcome.MEMORY_FAULT);
        assertThat(f.origin()).isEqualTo(Origin.named("private gpa 0x0"));

        var closed = vm("c").type(VmType.SW_PROTECTED).backing(gmem("g", 64 * MIB)).backing(anon("a", 64 * MIB))
                .map(MapDecl.of("a", Sharing.PRIVATE)).slot(SlotDecl.userspace(0, 0, "a").withGuestMemfd("g", 0))
                .attribute(MemoryAttribute.PRIVATE, 0, 64 * MIB).build();
        var sc = scenario("c", false, StepDecl.of(new Operation.GuestAccess(0, Access.WRITE, 0), Outcome.OK),
                StepDecl.of(new Operation.Close("g"), Outcome.OK),
                StepDecl.of(new Operation.GuestAccess(0, Access.WRITE, 0), Outcome.MEMORY_FAULT));
        assertThat(run(kernel("7.0"), closed, sc).scenario("s").orElseThrow().passed()).isTrue();
    }

    /** §5.5: SIGBUS to the VMM on a private guest_memfd mapping and beyond the end of a secretmem file. */
    @Test
    void sigbus() {
        var vm = vm("v").backing(gmem("g", 64 * MIB, GmemFlag.MMAP)).backing(secret("s", 4 * MIB)).build();
        var sc = scenario("v", false,
                StepDecl.of(new Operation.Mmap("g", Sharing.SHARED, OptionalLong.empty()), Outcome.OK),
                StepDecl.of(new Operation.Touch("g", Access.READ, OptionalLong.of(0), OptionalLong.of(4096)),
                        Outcome.SIGBUS),
                StepDecl.of(new Operation.Mmap("s", Sharing.SHARED, OptionalLong.of(8 * MIB)), Outcome.OK),
                StepDecl.of(new Operation.Touch("s", Access.WRITE, OptionalLong.of(4 * MIB), OptionalLong.of(4096)),
                        Outcome.SIGBUS));
        assertThat(run(kernel("7.0"), vm, sc).scenario("s").orElseThrow().passed()).isTrue();
    }

    /** §5.7: hibernation refused while a memfd_secret file exists, mapped or not. */
    @Test
    void hibernation() {
        var vm = vm("v").backing(secret("s", 4 * MIB)).host(HostOperation.HIBERNATE).build();
        var r = run(kernel("7.0"), vm);
        var f = r.findings("hibernation-blocked").get(0);
        assertThat(f.outcome()).isEqualTo(Outcome.EPERM);
        assertThat(f.origin()).isEqualTo(Origin.named("host hibernate"));
    }

    /** Core dumps leave out secretmem and NO_DIRECT_MAP memory. */
    @Test
    void coredump() {
        var r = run(NDM, secretFree().host(HostOperation.COREDUMP).build());
        assertThat(r.findings("coredump-omits-guest-memory")).hasSize(1);
    }

    /** D8: a GMEM_ONLY slot whose userspace_addr maps another backing. */
    @Test
    void gmemUserspaceMismatch() {
        var vm = vm("v").backing(gmem("g", 64 * MIB, GmemFlag.MMAP, GmemFlag.INIT_SHARED)).backing(anon("a", 64 * MIB))
                .map(MapDecl.of("a", Sharing.PRIVATE)).slot(SlotDecl.userspace(0, 0, "a").withGuestMemfd("g", 0))
                .build();
        var r = run(kernel("7.0"), vm);
        assertThat(problems(r)).containsExactly("gmem-userspace-mismatch");
        assertThat(r.findings("gmem-userspace-mismatch").get(0).outcome()).isEqualTo(Outcome.SILENT);
    }

    /** Uaccess users with no userspace mapping, and vhost-user with private memory. */
    @Test
    void unmappedAndUnshareable() {
        var vm = vm("v").backing(gmem("g", 64 * MIB, GmemFlag.MMAP, GmemFlag.INIT_SHARED))
                .slot(SlotDecl.userspace(0, 0, "g").withoutUserspace().withGuestMemfd("g", 0))
                .uses(GuestFeature.STEAL_TIME).build();
        var r = run(kernel("7.0"), vm);
        assertThat(problems(r)).containsExactly("uaccess-unmapped");
        assertThat(r.findings("uaccess-unmapped").get(0).origin()).isEqualTo(Origin.named("steal_time"));

        var vu = vm("u").backing(anon("ram", 64 * MIB)).map(MapDecl.of("ram", Sharing.PRIVATE))
                .slot(SlotDecl.userspace(0, 0, "ram")).device(DeviceDecl.of("blk", "virtio_blk", DevicePath.VHOST_USER))
                .build();
        var v = run(kernel("7.0"), vu);
        assertThat(problems(v)).containsExactly("vhost-user-needs-shared-memory");

        var unmapped = vm("n").backing(anon("ram", 64 * MIB)).slot(SlotDecl.userspace(0, 0, "ram")).build();
        var n = run(kernel("7.0"), unmapped);
        assertThat(problems(n)).containsExactly("slot-memory-unreachable");
        assertThat(n.findings("slot-memory-unreachable").get(0).outcome()).isEqualTo(Outcome.EFAULT);
    }

    @Test
    void unknownVersionResolvesToNearestOlder() {
        var r = run(kernel("6.7"), vm("v").backing(gmem("g", 64 * MIB)).build());
        assertThat(problems(r)).containsExactly("kernel-feature-missing", "unknown-kernel-version");
        assertThat(r.profiles().get(0).description()).contains("modelled as 6.6");
        assertThat(r.findings("unknown-kernel-version").get(0).origin()).isEqualTo(Origin.named("k.version"));
    }

    @Test
    void budgetExhaustionIsReported() {
        var r = Engine.run(dev.vmem.engine.model.Program.of(java.util.List.of(NDM),
                java.util.List.of(secretFree().build())), EngineOptions.defaults().withBudget(3));
        assertThat(r.findings("analysis-incomplete").get(0).origin()).isEqualTo(Origin.named("vm v"));
        assertThat(r.complete()).isFalse();
        assertThat(problems(r)).contains("analysis-incomplete");
    }

    @Test
    void defaultKernelOptionAppliesToVmsWithoutProfile() {
        var vm = dev.vmem.engine.model.VmDecl.builder("v").backing(gmem("g", 64 * MIB)).build();
        var program = dev.vmem.engine.model.Program.of(java.util.List.of(), java.util.List.of(vm));
        assertThat(problems(Engine.run(program))).isEmpty();
        var old = Engine.run(program, EngineOptions.defaults().withDefaultKernel(kernel("6.6")));
        assertThat(problems(old)).containsExactly("kernel-feature-missing");
        assertThat(old.profiles().get(0).description()).startsWith("Linux 6.6");
    }
}
