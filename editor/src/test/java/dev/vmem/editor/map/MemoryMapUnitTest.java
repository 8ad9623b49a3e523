package dev.vmem.editor.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vmem.engine.model.BackingKind;
import dev.vmem.engine.model.Origin;
import dev.vmem.engine.model.Outcome;
import dev.vmem.engine.model.Sharing;
import dev.vmem.engine.report.Finding;
import dev.vmem.engine.report.Report;
import dev.vmem.engine.report.Rule;
import dev.vmem.engine.report.Trace;
import dev.vmem.engine.report.VmLayout;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pieces: units, grouping, the compressed axis, pixel strips, text measurement, escaping, placement. */
class MemoryMapUnitTest {

    // ---- units --------------------------------------------------------------------------------------

    @Test
    void sizesAreExactWhereTheyCanBe() {
        assertThat(Units.size(0)).isEqualTo("0 B");
        assertThat(Units.size(512)).isEqualTo("512 B");
        assertThat(Units.size(4096)).isEqualTo("4 KiB");
        assertThat(Units.size(16 * 1024)).isEqualTo("16 KiB");
        assertThat(Units.size(1L << 30)).isEqualTo("1 GiB");
        assertThat(Units.size(3L << 29)).isEqualTo("1.5 GiB");
        assertThat(Units.size((4L << 30) + (4L << 20))).isEqualTo("4 GiB + 4 MiB");
        assertThat(Units.size(1L << 40)).isEqualTo("1 TiB");
        assertThat(Units.size((1L << 30) + 3)).isEqualTo("≈1 GiB");
        assertThat(Units.size(-1L)).startsWith("≈16");
    }

    @Test
    void addressesAreHexInGroupsOfFour() {
        assertThat(Units.address(0)).isEqualTo("0x0");
        assertThat(Units.address(0x4000_0000L)).isEqualTo("0x4000_0000");
        assertThat(Units.address(0x1_0000_0000L)).isEqualTo("0x1_0000_0000");
        assertThat(Units.address(0x7f80_0000_0000L)).isEqualTo("0x7f80_0000_0000");
        assertThat(Units.address(-1L)).isEqualTo("0xffff_ffff_ffff_ffff");
    }

    // ---- grouping -----------------------------------------------------------------------------------

    @Test
    void fewItemsStayApartManyAreGroupedBySimilarRuns() {
        String[] keys = {"a", "a", "b"};
        assertThat(Grouping.boundaries(keys, new long[] {0, 10, 20}, new long[] {10, 20, 30}, 8))
                .containsExactly(0, 1, 2, 3);
        String[] many = new String[100];
        long[] s = new long[100];
        long[] e = new long[100];
        for (int i = 0; i < 100; i++) {
            many[i] = i < 60 ? "a" : "b";
            s[i] = i * 10L;
            e[i] = i * 10L + 10;
        }
        assertThat(Grouping.boundaries(many, s, e, 8)).containsExactly(0, 60, 100);
    }

    @Test
    void overlappingItemsAreAlwaysOneGroup() {
        assertThat(Grouping.boundaries(new String[] {"a", "b", "c"}, new long[] {0, 5, 20}, new long[] {10, 15, 30}, 8))
                .containsExactly(0, 2, 3);
    }

    @Test
    void neverMoreGroupsThanAsked() {
        int n = 32_000;
        String[] keys = new String[n];
        long[] s = new long[n];
        long[] e = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = Integer.toString(i % 7);
            s[i] = i * 100L;
            e[i] = i * 100L + 50;
        }
        int[] b = Grouping.boundaries(keys, s, e, 48);
        assertThat(Grouping.count(b)).isLessThanOrEqualTo(48);
        assertThat(b[0]).isZero();
        assertThat(b[b.length - 1]).isEqualTo(n);
    }

    // ---- the axis -----------------------------------------------------------------------------------

    @Test
    void axisIsMonotonicFillsItsWidthAndKeepsTinyThingsVisible() {
        long[] s = {0, 1L << 30, 1L << 40};
        long[] e = {4096, (1L << 30) + (2L << 20), (1L << 40) + (1L << 40)};
        int[] bounds = {0, 1, 2, 3};
        Axis axis = Axis.addressed(s, e, bounds, true, 100, 1000);
        var segs = axis.segments();
        assertThat(segs.get(0).x0()).isEqualTo(100);
        assertThat(segs.get(segs.size() - 1).x1()).isEqualTo(1100);
        for (int i = 1; i < segs.size(); i++) {
            assertThat(segs.get(i).x0()).isEqualTo(segs.get(i - 1).x1());
        }
        assertThat(axis.group(0).width()).as("4 KiB").isGreaterThanOrEqualTo(9);
        assertThat(axis.group(2).width()).as("1 TiB").isGreaterThan(axis.group(1).width());
        double last = -1;
        for (long a : new long[] {0, 2048, 4096, 1L << 29, 1L << 30, (1L << 30) + 4096, 1L << 40, -1L}) {
            double x = axis.x(a);
            assertThat(x).isGreaterThanOrEqualTo(last).isBetween(100.0, 1100.0);
            last = x;
        }
    }

    @Test
    void holesInsideAGroupTakeNoRoom() {
        // two 1 MiB items 1 TiB apart, drawn as one group: each gets half of it
        long[] s = {0, 1L << 40};
        long[] e = {1L << 20, (1L << 40) + (1L << 20)};
        Axis axis = Axis.addressed(s, e, new int[] {0, 2}, true, 0, 1000);
        var seg = axis.group(0);
        assertThat(axis.within(seg, 1L << 20)).isEqualTo(seg.x0() + seg.width() / 2);
        assertThat(axis.within(seg, 1L << 39)).as("in the hole").isEqualTo(seg.x0() + seg.width() / 2);
        assertThat(axis.within(seg, (1L << 40) + (1L << 19))).isEqualTo(seg.x0() + seg.width() * 0.75);
    }

    @Test
    void stripKeepsOneRectanglePerRunOfPixels() {
        var strip = new Strip(0, 100, 2);
        for (int i = 0; i < 10_000; i++) {
            strip.add(i * 0.01, (i + 1) * 0.01, i % 2); // alternating at a hundredth of a pixel
        }
        assertThat(strip.runs().size()).isLessThanOrEqualTo(100);
        var clean = new Strip(0, 100, 2);
        clean.add(0, 40, 0);
        clean.add(40, 100, 1);
        assertThat(clean.runs()).containsExactly(new Strip.Run(0, 40, 0), new Strip.Run(40, 100, 1));
    }

    // ---- text ---------------------------------------------------------------------------------------

    @Test
    void textIsMeasuredConservativelyAndCutWithAnEllipsis() {
        assertThat(TextMetrics.width("abcd", 10)).isEqualTo(4 * 0.62 * 10);
        assertThat(TextMetrics.width("中", 10)).isGreaterThan(TextMetrics.width("a", 10) * 1.9);
        String cut = TextMetrics.ellipsize("a rather long label", 60, 10);
        assertThat(cut).endsWith("…");
        assertThat(TextMetrics.width(cut, 10)).isLessThanOrEqualTo(60);
        assertThat(TextMetrics.ellipsize("abc", 3, 10)).isEmpty();
    }

    @Test
    void xmlCleaningReplacesWhatXmlCannotCarry() {
        assertThat(Xml.clean("a\u0000b\u001fc\uFFFEd\uD800e")).isEqualTo("a\uFFFDb\uFFFDc\uFFFDd\uFFFDe");
        assertThat(Xml.clean("tab\tnl\n🦀")).isEqualTo("tab\tnl\n🦀");
        assertThat(Xml.line("a\nb\tc")).isEqualTo("a b c");
    }

    // ---- hostile text and the API -------------------------------------------------------------------

    @Test
    void markupInNamesAndMessagesIsEscapedEverywhere() throws Exception {
        String evil = "<script>alert('x')</script>&amp;\"]]>\u0001";
        var slot = new VmLayout.SlotView(0, 0, 1L << 20, evil, 0, "", 0, false, List.of(), Origin.named("slot"));
        var backing = new VmLayout.BackingView(evil, BackingKind.FILE, 1L << 20, List.of(evil),
                VmLayout.DirectMap.PRESENT, Origin.named("b"));
        var mapping = new VmLayout.MappingView(evil, 0x7f00_0000_0000L, 1L << 20, Sharing.SHARED, 4096,
                Origin.named("m"));
        var layout = new VmLayout(evil, Origin.named("vm"), evil, List.of(slot), List.of(), List.of(mapping),
                List.of(backing));
        var finding = new Finding(Rule.MISALIGNED, Rule.MISALIGNED.severity(), evil, Origin.named("slot"), Outcome.EINVAL,
                List.of(), Trace.builder(evil).build(), evil, Map.of("backing", evil));
        var report = new Report(List.of(finding), List.of(), List.of(), List.of(), List.of(), true, List.of(layout));

        String svg = MemoryMapRenderer.svg(report, MapOptions.defaults().withTitle(evil));
        SvgText.parse(svg); // well-formed
        assertThat(svg).doesNotContain("<script").doesNotContain("\u0001").contains("&lt;script&gt;");
        String html = MemoryMapRenderer.html(report, MapOptions.defaults().withTitle(evil));
        assertThat(html.split("<script", -1)).as("one script element, ours").hasSize(2);
        assertThat(html).startsWith("<!DOCTYPE html>").contains("&lt;script&gt;alert");
        LabelGeometryTest.check(report, 1);
    }

    @Test
    void anUnknownVmIsRefusedWithTheNamesThatExist() {
        Report report = SyntheticReports.report(new SyntheticReports.Shape(1, 3, 1L << 30, 0, 2, false));
        assertThat(MemoryMapRenderer.vms(report)).containsExactly("vm0");
        assertThatThrownBy(() -> MemoryMapRenderer.svg(report, "nope")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nope").hasMessageContaining("vm0");
        assertThat(MemoryMapRenderer.svg(report, "vm0")).contains("vm vm0");
    }

    @Test
    void anEmptyReportStillDrawsAPage() throws Exception {
        var report = new Report(List.of(), List.of(), List.of(), List.of(), List.of(), true, List.of());
        String svg = MemoryMapRenderer.svg(report);
        SvgText.parse(svg);
        assertThat(svg).contains("no VMs in this file");
    }

    @Test
    void optionsAreChecked() {
        assertThatThrownBy(() -> new MapOptions(null, "", 3, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThat(MapOptions.defaults().withVm("a").withTitle("t")).isEqualTo(new MapOptions("a", "t", 48, 10));
    }
}
