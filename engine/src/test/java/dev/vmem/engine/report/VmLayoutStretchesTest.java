package dev.vmem.engine.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vmem.engine.model.Origin;
import dev.vmem.engine.report.VmLayout.Range;
import dev.vmem.engine.report.VmLayout.SlotView;
import dev.vmem.engine.report.VmLayout.Stretch;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A memslot cut into shared and private stretches, each with the backing that serves its faults. */
class VmLayoutStretchesTest {

    private static SlotView slot(long gpa, long size, String userspace, String gmem, boolean gmemOnly) {
        return new SlotView(0, gpa, size, userspace, 0, gmem, 0, gmemOnly, List.of(), Origin.NONE);
    }

    private static VmLayout layout(List<Range> privateRanges) {
        return new VmLayout("v", Origin.NONE, "", List.of(), privateRanges, List.of(), List.of());
    }

    @Test
    void sharedFaultsFromUserspacePrivateFromTheGuestMemfd() {
        // two overlapping private ranges and one touching them: merged into [0x1000, 0x4000)
        var layout = layout(List.of(new Range(0x2000, 0x2000), new Range(0x1000, 0x1800), new Range(0x3000, 0x1000)));
        var slot = slot(0, 0x8000, "mem", "gmem", false);
        assertThat(layout.stretches(List.of(slot)).get(0)).containsExactly(
                new Stretch(0, 0x1000, false, "mem"),
                new Stretch(0x1000, 0x4000, true, "gmem"),
                new Stretch(0x4000, 0x8000, false, "mem"));
    }

    @Test
    void aGmemOnlySlotServesSharedFaultsFromTheGuestMemfdToo() {
        var layout = layout(List.of());
        assertThat(layout.stretches(List.of(slot(0x10000, 0x1000, "", "gmem", true))).get(0))
                .containsExactly(new Stretch(0x10000, 0x11000, false, "gmem"));
    }

    @Test
    void withoutAGuestMemfdPrivateRangesFallBackToUserspace() {
        var layout = layout(List.of(new Range(0, 0x1000)));
        assertThat(layout.stretches(List.of(slot(0, 0x2000, "mem", "", false))).get(0))
                .containsExactly(new Stretch(0, 0x1000, true, "mem"), new Stretch(0x1000, 0x2000, false, "mem"));
    }

    @Test
    void rangesOutsideASlotAreLeftOutAndTheTopOfTheAddressSpaceDoesNotWrap() {
        var layout = layout(List.of(new Range(0, 0x1000), new Range(-0x1000L, 0x2000)));
        var low = slot(0x1000, 0x1000, "a", "g", false);
        var top = slot(-0x2000L, 0x2000, "b", "g", false);
        var cut = layout.stretches(List.of(low, top));
        assertThat(cut.get(0)).containsExactly(new Stretch(0x1000, 0x2000, false, "a"));
        assertThat(cut.get(1)).containsExactly(new Stretch(-0x2000L, -0x1000L, false, "b"),
                new Stretch(-0x1000L, -1L, true, "g"));
    }
}
