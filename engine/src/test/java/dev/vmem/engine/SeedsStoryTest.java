package dev.vmem.engine;

import static dev.vmem.engine.Models.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vmem.engine.model.Access;
import dev.vmem.engine.model.AttributeDecl.MemoryAttribute;
import dev.vmem.engine.model.DeviceDecl;
import dev.vmem.engine.model.DevicePath;
import dev.vmem.engine.model.GmemFlag;
import dev.vmem.engine.model.GuestFeature;
import dev.vmem.engine.model.MapDecl;
import dev.vmem.engine.model.Operation;
import dev.vmem.engine.model.Outcome;
import dev.vmem.engine.model.PatchDecl;
import dev.vmem.engine.model.Sharing;
import dev.vmem.engine.model.SlotDecl;
import dev.vmem.engine.model.StepDecl;
import dev.vmem.engine.model.VmDecl;
import dev.vmem.engine.model.VmType;
import dev.vmem.engine.report.StepResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The story of the two seed documents: the 2024 memfd_secret experiment ("Unmapping KVM Guest
 * Memory from Host Kernel") and the TDX review of no_direct_map v9 07/13.
 */
class SeedsStoryTest {

    private static VmDecl firecrackerOnSecretmem(boolean prefault, boolean hideKvmclock) {
        var map = MapDecl.of("ram", Sharing.SHARED);
        var b = vm("fc").backing(secret("ram", 256 * MIB)).map(prefault ? map.populated() : map)
                .slot(SlotDecl.userspace(0, 0, "ram")).uses(GuestFeature.KVMCLOCK)
                .device(DeviceDecl.of("net0", "virtio_net", DevicePath.VMM));
        if (hideKvmclock) {
            b.cpuid(GuestFeature.KVMCLOCK, false);
        }
        return b.build();
    }

    private static List<Outcome> steps(String version, VmDecl vm, PatchDecl.Patch... patches) {
        var k = kernel(version);
        for (var p : patches) {
            k = patch(k, p);
        }
        var sc = scenario("fc", false, StepDecl.of(new Operation.GuestAccess(0, Access.WRITE, 0x1000), null),
                StepDecl.of(new Operation.Pfncache(GuestFeature.KVMCLOCK, 0x2000), null),
                StepDecl.of(new Operation.KvmAccess(Access.WRITE, 0x3000), null));
        return run(k, vm, sc).scenario("s").orElseThrow().steps().stream().map(StepResult::outcome).toList();
    }

    /** §10.1 item 1: MAP_POPULATE faults nothing of secretmem in, so "pre-faulted" 6.8 is the cold case. */
    @Test
    void mapPopulateDoesNotPrefaultSecretmemOn68() {
        var vm = firecrackerOnSecretmem(true, false);
        assertThat(steps("6.8", vm)).containsExactly(Outcome.EFAULT, Outcome.SILENT, Outcome.OK);
        var r = run(kernel("6.8"), vm);
        assertThat(r.findings("populate-ignored")).singleElement().satisfies(f -> {
            assertThat(f.outcome()).isEqualTo(Outcome.OK);
            assertThat(f.origin()).isEqualTo(dev.vmem.engine.model.Origin.named("map ram"));
        });
        assertThat(r.findings("gup-on-secret-memory")).extracting(f -> f.outcome()).containsExactly(Outcome.EFAULT);
        assertThat(r.findings("pfncache-unmapped-pfn")).extracting(f -> f.outcome()).containsExactly(Outcome.SILENT);
    }

    /** §10.1 item 2: after a CPU touch, GUP-fast on an unfixed kernel is a race; the engine says "may". */
    @Test
    void touchedSecretmemOnUnfixedKernelIsARace() {
        var vm = firecrackerOnSecretmem(false, false);
        var touch = StepDecl.of(new Operation.Touch("ram", Access.WRITE, java.util.OptionalLong.of(0x1000),
                java.util.OptionalLong.of(0x2000)), Outcome.OK);
        var sc = scenario("fc", false, touch,
                StepDecl.may(new Operation.GuestAccess(0, Access.WRITE, 0x1000), Outcome.OK),
                StepDecl.may(new Operation.Pfncache(GuestFeature.KVMCLOCK, 0x2000), Outcome.OOPS),
                StepDecl.of(new Operation.GuestAccess(0, Access.WRITE, 0x8000), Outcome.EFAULT));
        for (var version : new String[] {"6.8", "6.8.4", "6.6.25", "5.15.153"}) {
            var res = run(param(kernel(version), dev.vmem.engine.model.ParamDecl.Param.SECRETMEM_ENABLE, true), vm, sc)
                    .scenario("s").orElseThrow();
            assertThat(res.passed()).as(version).isTrue();
            assertThat(res.steps().get(1).outcome()).isEqualTo(Outcome.UNKNOWN);
            assertThat(res.steps().get(1).possible()).containsExactlyInAnyOrder(Outcome.OK, Outcome.EFAULT);
            assertThat(res.steps().get(2).possible()).containsExactlyInAnyOrder(Outcome.OOPS, Outcome.SILENT);
            assertThat(res.steps().get(2).describeOutcome()).isEqualTo("may silent or oops");
        }
        // One point release later the fix is in: refused, definitely.
        for (var version : new String[] {"6.8.5", "6.6.26", "6.1.85", "5.15.154", "6.9"}) {
            var res = run(param(kernel(version), dev.vmem.engine.model.ParamDecl.Param.SECRETMEM_ENABLE, true), vm, sc)
                    .scenario("s").orElseThrow();
            assertThat(res.steps().get(1).outcome()).as(version).isEqualTo(Outcome.EFAULT);
            assertThat(res.steps().get(2).outcome()).as(version).isEqualTo(Outcome.SILENT);
        }
    }

    @Test
    void notPrefaulted68FailsKvmRunWithEfault() {
        var vm = firecrackerOnSecretmem(false, false);
        assertThat(steps("6.8", vm)).containsExactly(Outcome.EFAULT, Outcome.SILENT, Outcome.OK);
        assertThat(run(kernel("6.8"), vm).findings("gup-on-secret-memory")).extracting(f -> f.outcome())
                .containsExactly(Outcome.EFAULT);
    }

    @Test
    void from69PrefaultingNoLongerHelps() {
        for (boolean prefault : new boolean[] {true, false}) {
            var vm = firecrackerOnSecretmem(prefault, false);
            assertThat(steps("6.9", vm)).containsExactly(Outcome.EFAULT, Outcome.SILENT, Outcome.OK);
            var r = run(kernel("6.9"), vm);
            assertThat(problems(r)).containsExactly("gup-on-secret-memory", "pfncache-unmapped-pfn");
        }
    }

    @Test
    void stableReleasesWithTheBackportBehaveLike69() {
        var vm = firecrackerOnSecretmem(true, true);
        for (var fixed : new String[] {"5.15.154", "6.1.85", "6.6.26", "6.8.5"}) {
            var r = run(param(kernel(fixed), dev.vmem.engine.model.ParamDecl.Param.SECRETMEM_ENABLE, true), vm);
            assertThat(problems(r)).as(fixed).containsExactly("gup-on-secret-memory");
        }
        for (var old : new String[] {"5.15.153", "6.1.84", "6.6.25", "6.8.4", "6.8", "6.6"}) {
            var r = run(param(kernel(old), dev.vmem.engine.model.ParamDecl.Param.SECRETMEM_ENABLE, true), vm);
            assertThat(problems(r)).as(old).containsExactly("gup-on-secret-memory", "secretmem-gup-fast-bug");
        }
        // A bare series with a backport names its first fixed release instead of guessing.
        var bare = run(kernel("6.6"), vm).findings("secretmem-gup-fast-bug").get(0);
        assertThat(bare.message()).contains("6.6.26");
        assertThat(bare.outcome()).isEqualTo(Outcome.UNKNOWN);
    }

    @Test
    void gupAllowedWithKvmclockHiddenBootsClean() {
        var vm = firecrackerOnSecretmem(false, true);
        var r = run(patch(kernel("6.8"), PatchDecl.Patch.SECRETMEM_GUP_ALLOWED), vm);
        assertThat(problems(r)).isEmpty();
        assertThat(steps("6.8", vm, PatchDecl.Patch.SECRETMEM_GUP_ALLOWED)).containsExactly(Outcome.OK, Outcome.OOPS,
                Outcome.OK);
    }

    @Test
    void gupAllowedWithKvmclockVisibleOopses() {
        var r = run(patch(kernel("6.8"), PatchDecl.Patch.SECRETMEM_GUP_ALLOWED), firecrackerOnSecretmem(false, false));
        assertThat(problems(r)).containsExactly("pfncache-unmapped-pfn");
        assertThat(r.findings("pfncache-unmapped-pfn").get(0).outcome()).isEqualTo(Outcome.OOPS);
    }

    private static VmDecl td() {
        return vm("td").type(VmType.TDX).backing(anon("shared_ram", 2 * GIB))
                .backing(gmem("private_ram", 2 * GIB, GmemFlag.NO_DIRECT_MAP))
                .map(MapDecl.of("shared_ram", Sharing.PRIVATE))
                .slot(SlotDecl.userspace(0, 0, "shared_ram").withGuestMemfd("private_ram", 0))
                .attribute(MemoryAttribute.PRIVATE, 0, 2 * GIB).build();
    }

    @Test
    void tdxWithV9TakesTheOopsPath() {
        var r = run(noDirectMap(kernel("6.18"), 9), td(), scenario("td", false,
                StepDecl.of(new Operation.GuestAccess(0, Access.WRITE, 0), Outcome.OOPS)));
        assertThat(problems(r)).containsExactly("td-no-direct-map-gmem");
        assertThat(r.findings("td-no-direct-map-gmem").get(0).outcome()).isEqualTo(Outcome.OOPS);
        assertThat(r.scenario("s").orElseThrow().passed()).isTrue();
    }

    @Test
    void tdxWithV10IsRefusedAtCreation() {
        for (int rev : new int[] {10, 11, 12}) {
            var r = run(noDirectMap(kernel("6.18"), rev), td());
            assertThat(problems(r)).containsExactly("td-no-direct-map-gmem");
            assertThat(r.findings("td-no-direct-map-gmem").get(0).outcome()).isEqualTo(Outcome.EINVAL);
        }
    }
}
