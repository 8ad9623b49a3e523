package dev.vmem.engine;

import static dev.vmem.engine.Models.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vmem.engine.model.Access;
import dev.vmem.engine.model.AttributeDecl.MemoryAttribute;
import dev.vmem.engine.model.GmemFlag;
import dev.vmem.engine.model.GuestFeature;
import dev.vmem.engine.model.MapDecl;
import dev.vmem.engine.model.Operation;
import dev.vmem.engine.model.Operation.Advice;
import dev.vmem.engine.model.Operation.FallocateMode;
import dev.vmem.engine.model.Outcome;
import dev.vmem.engine.model.Sharing;
import dev.vmem.engine.model.SlotDecl;
import dev.vmem.engine.model.StepDecl;
import dev.vmem.engine.model.VmType;
import dev.vmem.engine.report.StepResult;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The kernel selftests of kernel-facts §6.1–§6.3 as engine scenarios. */
class SelftestScenariosTest {

    private static final long PAGE = 4096;

    private static List<Outcome> outcomes(dev.vmem.engine.report.Report r) {
        return r.scenario("s").orElseThrow().steps().stream().map(StepResult::outcome).toList();
    }

    private static StepDecl step(Operation op, Outcome expected) {
        return StepDecl.of(op, expected);
    }

    /** §6.1 guest_memfd_test: file semantics for a 4-page MMAP|INIT_SHARED guest_memfd. */
    @Test
    void guestMemfdTestSharedFile() {
        long total = 4 * PAGE;
        var vm = vm("host").backing(gmem("g", total, GmemFlag.MMAP, GmemFlag.INIT_SHARED)).build();
        var sc = scenario("host", false,
                step(new Operation.FileRead("g"), Outcome.EINVAL),
                step(new Operation.FileWrite("g"), Outcome.EINVAL),
                step(new Operation.Mmap("g", Sharing.PRIVATE, OptionalLong.empty()), Outcome.EINVAL),
                step(new Operation.Mmap("g", Sharing.SHARED, OptionalLong.empty()), Outcome.OK),
                step(new Operation.Touch("g", Access.WRITE, OptionalLong.empty(), OptionalLong.empty()), Outcome.OK),
                step(new Operation.Fallocate("g", FallocateMode.PUNCH_HOLE, 0, PAGE), Outcome.OK),
                step(new Operation.Fallocate("g", FallocateMode.ALLOCATE, 0, total), Outcome.OK),
                step(new Operation.Fallocate("g", FallocateMode.PUNCH_HOLE, PAGE - 1, PAGE), Outcome.EINVAL),
                step(new Operation.Fallocate("g", FallocateMode.ALLOCATE, total, PAGE), Outcome.EINVAL),
                step(new Operation.Fallocate("g", FallocateMode.ALLOCATE, total + PAGE, PAGE), Outcome.EINVAL),
                step(new Operation.Fallocate("g", FallocateMode.PUNCH_HOLE, total, PAGE), Outcome.OK),
                step(new Operation.Fallocate("g", FallocateMode.PUNCH_HOLE, total + PAGE, PAGE), Outcome.OK),
                step(new Operation.Fallocate("g", FallocateMode.PUNCH_HOLE, PAGE, PAGE - 1), Outcome.EINVAL),
                step(new Operation.Ftruncate("g", 2 * total), Outcome.EINVAL),
                step(new Operation.Madvise("g", Advice.HUGEPAGE), Outcome.OK),
                step(new Operation.Madvise("g", Advice.COLLAPSE), Outcome.EINVAL),
                step(new Operation.Madvise("g", Advice.DONTNEED), Outcome.OK),
                // fault_overflow: a 16-page mapping of the 4-page file
                step(new Operation.Munmap("g"), Outcome.OK),
                step(new Operation.Mmap("g", Sharing.SHARED, OptionalLong.of(16 * PAGE)), Outcome.OK),
                step(new Operation.Touch("g", Access.WRITE, OptionalLong.of(0), OptionalLong.of(total)), Outcome.OK),
                step(new Operation.Touch("g", Access.READ, OptionalLong.of(total), OptionalLong.of(PAGE)),
                        Outcome.SIGBUS));
        var r = run(kernel("7.0"), vm, sc);
        assertThat(r.scenario("s").orElseThrow().passed()).isTrue();
        assertThat(problems(r)).isEmpty();
    }

    /** §6.1 invalid_punch_hole: every (offset, len) pair of the selftest gives EINVAL. */
    @Test
    void invalidPunchHoles() {
        long p = PAGE;
        long[][] cases = {{0, 1}, {0, p - 1}, {0, p + 1}, {1, 1}, {1, p - 1}, {1, p}, {1, p + 1}, {p, 1}, {p, p - 1},
                {p, p + 1}};
        var steps = new java.util.ArrayList<StepDecl>();
        for (var c : cases) {
            steps.add(step(new Operation.Fallocate("g", FallocateMode.PUNCH_HOLE, c[0], c[1]), Outcome.EINVAL));
        }
        var vm = vm("host").backing(gmem("g", 4 * p)).build();
        var r = run(kernel("7.0"), vm, scenario("host", false, steps.toArray(StepDecl[]::new)));
        assertThat(outcomes(r)).containsOnly(Outcome.EINVAL).hasSize(cases.length);
    }

    /** §6.1 fault_private and mmap_not_supported. */
    @Test
    void privateAndUnmappableGuestMemfd() {
        var vm = vm("host").backing(gmem("priv", 4 * PAGE, GmemFlag.MMAP)).backing(gmem("none", 4 * PAGE)).build();
        var sc = scenario("host", false,
                step(new Operation.Mmap("priv", Sharing.SHARED, OptionalLong.empty()), Outcome.OK),
                step(new Operation.Touch("priv", Access.WRITE, OptionalLong.of(0), OptionalLong.of(PAGE)), Outcome.SIGBUS),
                step(new Operation.Touch("priv", Access.READ, OptionalLong.of(0), OptionalLong.of(1)), Outcome.SIGBUS),
                step(new Operation.Mmap("none", Sharing.SHARED, OptionalLong.empty()), Outcome.ENODEV));
        var r = run(kernel("7.0"), vm, sc);
        assertThat(r.scenario("s").orElseThrow().passed()).isTrue();
    }

    /** §6.1 test_guest_memfd_guest: a GMEM_ONLY slot with userspace_addr NULL serves guest faults from the file. */
    @Test
    void gmemOnlySlotIgnoresUserspaceAddr() {
        var vm = vm("guest").backing(gmem("g", 2 * MIB, GmemFlag.MMAP, GmemFlag.INIT_SHARED))
                .slot(SlotDecl.userspace(1, 4 * GIB, "g").withoutUserspace().withGuestMemfd("g", 0)).build();
        var sc = scenario("guest", false,
                step(new Operation.Mmap("g", Sharing.SHARED, OptionalLong.empty()), Outcome.OK),
                step(new Operation.Touch("g", Access.WRITE, OptionalLong.empty(), OptionalLong.empty()), Outcome.OK),
                step(new Operation.GuestAccess(0, Access.READ, 4 * GIB), Outcome.OK),
                step(new Operation.GuestAccess(0, Access.WRITE, 4 * GIB + PAGE), Outcome.OK),
                step(new Operation.Munmap("g"), Outcome.OK));
        var r = run(kernel("7.0"), vm, sc);
        assertThat(r.scenario("s").orElseThrow().passed()).isTrue();
        assertThat(problems(r)).isEmpty();
    }

    /** §6.1 with the series: NO_DIRECT_MAP variants pass the same guest test; private conversions on SW_PROTECTED. */
    @Test
    void noDirectMapSeriesSelftests() {
        var k = noDirectMap(kernel("6.18"), 9);
        var vm = vm("guest").backing(gmem("g", 2 * MIB, GmemFlag.MMAP, GmemFlag.INIT_SHARED, GmemFlag.NO_DIRECT_MAP))
                .map(MapDecl.of("g", Sharing.SHARED)).slot(SlotDecl.userspace(1, 4 * GIB, "g").withGuestMemfd("g", 0))
                .build();
        var sc = scenario("guest", false,
                step(new Operation.Touch("g", Access.WRITE, OptionalLong.empty(), OptionalLong.empty()), Outcome.OK),
                step(new Operation.GuestAccess(0, Access.READ, 4 * GIB), Outcome.OK),
                // test_guest_memfd_mmio: a gpa without a memslot is MMIO; KVM's walk uses userspace_addr.
                step(new Operation.GuestAccess(0, Access.READ, 8 * GIB), Outcome.MMIO),
                step(new Operation.KvmAccess(Access.READ, 4 * GIB), Outcome.OK),
                // §6.4: the pvclock page stays zero; VFIO refuses the memory.
                step(new Operation.Pfncache(GuestFeature.KVMCLOCK, 4 * GIB), Outcome.SILENT),
                step(new Operation.VfioMap("g"), Outcome.EFAULT));
        var r = run(k, vm, sc);
        assertThat(r.scenario("s").orElseThrow().passed()).as("%s", r.scenario("s")).isTrue();

        var conv = vm("conv").type(VmType.SW_PROTECTED).backing(gmem("g", 2 * MIB, GmemFlag.NO_DIRECT_MAP))
                .backing(anon("shared", 2 * MIB)).map(MapDecl.of("shared", Sharing.PRIVATE))
                .slot(SlotDecl.userspace(0, 0, "shared").withGuestMemfd("g", 0)).build();
        var convSc = scenario("conv", false,
                step(new Operation.SetAttributes(MemoryAttribute.PRIVATE, 0, 2 * MIB), Outcome.OK),
                step(new Operation.GuestAccess(0, Access.WRITE, 0), Outcome.OK),
                step(new Operation.SetAttributes(MemoryAttribute.SHARED, 0, 2 * MIB), Outcome.OK),
                step(new Operation.GuestAccess(0, Access.WRITE, 0), Outcome.OK));
        assertThat(run(k, conv, convSc).scenario("s").orElseThrow().passed()).isTrue();
    }

    /** §6.2 set_memory_region_test: invalid flags, bad fds and offsets, overlapping private regions. */
    @Test
    void setMemoryRegionTest() {
        long s = 2 * MIB;
        long gpa = 1 * GIB;
        var vm = vm("pvm").type(VmType.SW_PROTECTED).backing(gmem("g", 5 * s)).backing(memfd("m", 5 * s))
                .backing(anon("a", 5 * s)).map(MapDecl.of("a", Sharing.PRIVATE)).build();
        var base = SlotDecl.userspace(0, gpa, "a").withoutUserspace().withSize(2 * s);
        var sc = scenario("pvm", false,
                step(new Operation.CreateSlot(base.withGuestMemfd("m", 0)), Outcome.EINVAL),
                step(new Operation.CreateSlot(base.withGuestMemfd("g", 1).withSize(s)), Outcome.EINVAL),
                step(new Operation.CreateSlot(base.withGuestMemfd("g", PAGE - 1).withSize(s)), Outcome.EINVAL),
                step(new Operation.CreateSlot(base.withGuestMemfd("g", 0)
                        .withFlags(dev.vmem.engine.model.SlotFlag.LOG_DIRTY_PAGES)), Outcome.EINVAL),
                step(new Operation.CreateSlot(base.withGuestMemfd("g", 0)
                        .withFlags(dev.vmem.engine.model.SlotFlag.READONLY)), Outcome.EINVAL),
                // test_add_overlapping_private_memory_regions
                step(new Operation.CreateSlot(base.withGuestMemfd("g", 0)), Outcome.OK),
                step(new Operation.CreateSlot(SlotDecl.userspace(1, 2 * gpa, "a").withoutUserspace().withSize(2 * s)
                        .withGuestMemfd("g", 2 * s)), Outcome.OK),
                step(new Operation.DeleteSlot(0), Outcome.OK),
                step(new Operation.CreateSlot(base.withGuestMemfd("g", s)), Outcome.EINVAL),
                step(new Operation.CreateSlot(base.withGuestMemfd("g", 3 * s)), Outcome.EINVAL),
                step(new Operation.CreateSlot(SlotDecl.userspace(0, 2 * gpa - s, "a").withoutUserspace()
                        .withSize(2 * s).withGuestMemfd("g", 0)), Outcome.EEXIST),
                step(new Operation.CreateSlot(SlotDecl.userspace(0, 2 * gpa + s, "a").withoutUserspace()
                        .withSize(2 * s).withGuestMemfd("g", 0)), Outcome.EEXIST),
                step(new Operation.DeleteSlot(7), Outcome.EINVAL));
        var mainline = run(kernel("7.0"), vm, sc);
        assertThat(mainline.scenario("s").orElseThrow().failedSteps()).isZero();
        // 7.1 still answers EINVAL; from 7.2 (7ea987a90585) file-offset overlap gives EEXIST, so two steps differ.
        assertThat(run(kernel("7.1"), vm, sc).scenario("s").orElseThrow().failedSteps()).isZero();
        var next = run(kernel("7.2"), vm, sc);
        var failed = next.scenario("s").orElseThrow().steps().stream().filter(st -> !st.passed()).toList();
        assertThat(failed).extracting(StepResult::index).containsExactly(8, 9);
        assertThat(failed).extracting(StepResult::outcome).containsOnly(Outcome.EEXIST);
        assertThat(problems(next)).containsExactly("expectation-failed");
    }

    /** §6.2 test_add_max_memory_regions: KVM_CAP_NR_MEMSLOTS slots fit, one more is EINVAL. */
    @Test
    void maxMemoryRegions() {
        var vm = vm("v").backing(anon("a", 4 * PAGE)).map(MapDecl.of("a", Sharing.PRIVATE)).build();
        var sc = scenario("v", false,
                step(new Operation.CreateSlot(SlotDecl.userspace(32763, 0, "a").withSize(PAGE)), Outcome.OK),
                step(new Operation.CreateSlot(SlotDecl.userspace(32764, PAGE, "a").withSize(PAGE)), Outcome.EINVAL));
        assertThat(run(kernel("7.0"), vm, sc).scenario("s").orElseThrow().passed()).isTrue();
    }

    /** §6.3 memfd_secret selftest: mlock limit, file APIs, process_vm_readv and ptrace all refused. */
    @Test
    void memfdSecretSelftest() {
        var vm = vm("t").memlock(PAGE).backing(secret("s", PAGE)).backing(secret("big", 2 * PAGE)).build();
        var sc = scenario("t", false,
                step(new Operation.Mmap("big", Sharing.SHARED, OptionalLong.empty()), Outcome.EAGAIN),
                step(new Operation.Mmap("s", Sharing.SHARED, OptionalLong.empty()), Outcome.OK),
                step(new Operation.FileRead("s"), Outcome.EINVAL),
                step(new Operation.FileWrite("s"), Outcome.EINVAL),
                step(new Operation.Touch("s", Access.WRITE, OptionalLong.empty(), OptionalLong.empty()), Outcome.OK),
                step(new Operation.ProcessVmReadv("s"), Outcome.EFAULT),
                step(new Operation.PtracePeek("s"), Outcome.EIO),
                step(new Operation.ProcMemRead("s"), Outcome.EIO),
                step(new Operation.Ftruncate("s", 2 * PAGE), Outcome.EINVAL),
                step(new Operation.Hibernate(), Outcome.EPERM),
                step(new Operation.Munmap("s"), Outcome.OK),
                step(new Operation.Close("s"), Outcome.OK),
                step(new Operation.Close("big"), Outcome.OK),
                step(new Operation.Hibernate(), Outcome.OK));
        var r = run(kernel("7.0"), vm, sc);
        assertThat(r.scenario("s").orElseThrow().passed()).as("%s", r.scenario("s")).isTrue();
    }
}
