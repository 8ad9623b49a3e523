package dev.vmem.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vmem.engine.Engine;
import dev.vmem.engine.model.DeviceDecl;
import dev.vmem.engine.model.DevicePath;
import dev.vmem.engine.model.FeatureUseDecl;
import dev.vmem.engine.model.GuestFeature;
import dev.vmem.engine.model.HostOpDecl;
import dev.vmem.engine.model.HostOperation;
import dev.vmem.engine.model.SlotDecl;
import dev.vmem.engine.model.VmDecl;
import dev.vmem.engine.report.Finding;
import java.util.EnumSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The benchmarked setups are what docs/benchmarks.md says they are. Nothing here is timed. */
class SetupsTest {

    @Test
    void theLargeGuestHas1TiBIn32000BackToBackSlots() {
        VmDecl vm = Setups.large(Setups.SLOTS).vms().get(0);
        assertThat(vm.slots()).hasSize(32_000);
        long gpa = 0;
        for (SlotDecl s : vm.slots()) {
            assertThat(s.gpa()).isEqualTo(gpa);
            assertThat(s.size().getAsLong() % (2 * Setups.MIB)).isZero();
            gpa += s.size().getAsLong();
        }
        assertThat(gpa).isEqualTo(Setups.TIB);
        assertThat(vm.backings()).extracting(b -> b.size()).containsExactly(Setups.TIB / 2, Setups.TIB / 4,
                Setups.TIB / 4);
    }

    @Test
    void everyFeatureDevicePathAndHostOperationIsOn() {
        for (var program : new dev.vmem.engine.model.Program[] {Setups.large(8), Setups.small()}) {
            var vm = program.vms().get(0);
            assertThat(vm.features()).extracting(FeatureUseDecl::feature).containsExactlyInAnyOrder(GuestFeature.values());
            assertThat(vm.hostOps()).extracting(HostOpDecl::operation).containsExactlyInAnyOrder(HostOperation.values());
            var paths = EnumSet.allOf(DevicePath.class);
            paths.remove(DevicePath.VHOST_USER);
            assertThat(vm.devices()).extracting(DeviceDecl::path).containsExactlyInAnyOrderElementsOf(paths);
        }
    }

    /** The engine's verdict on the setup, at a slot count that runs in a unit test. */
    @Test
    void theEngineAnalysesTheSetupCompletely() {
        var small = Engine.run(Setups.small());
        var large = Engine.run(Setups.large(2_000));
        assertThat(small.complete()).isTrue();
        assertThat(large.complete()).isTrue();
        var codes = new TreeSet<String>();
        large.findings().stream().map(Finding::code).forEach(codes::add);
        var smallCodes = new TreeSet<String>();
        small.findings().stream().map(Finding::code).forEach(smallCodes::add);
        assertThat(codes).isEqualTo(smallCodes);
        var e = large.exposure("large").orElseThrow();
        assertThat(e.guestBytes()).isEqualTo(Setups.TIB);
        assertThat(e.removedBytes()).isEqualTo(Setups.TIB / 2);
        assertThat(e.directMapBytes()).isEqualTo(Setups.TIB / 2);
        assertThat(large.notes()).hasSizeGreaterThan(2_000);
    }
}
