package dev.vmem.editor.map;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vmem.engine.report.Report;
import dev.vmem.editor.map.SyntheticReports.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Properties of the picture over generated layouts, from one 16 KiB slot to 32,000 slots over 1 TiB
 * (and beyond, with holes): the SVG is well-formed, no two text boxes intersect (measured again from
 * the written attributes), every text box lies on the canvas, every finding is marked (a badge counts
 * it, or a note says it had no room), the output stays under a fixed size, and the same report gives
 * the same bytes.
 */
class LabelGeometryTest {

    /** The bound on one VM's SVG, whatever its number of slots (a 32,000-slot VM draws about 200 KB). */
    static final int MAX_SVG_CHARS_PER_VM = 600_000;

    private static final long[] TOTALS = {16 * SyntheticReports.KIB, SyntheticReports.MIB, SyntheticReports.GIB,
        SyntheticReports.TIB};
    private static final int[] SLOTS = {1, 2, 5, 47, 48, 49, 200, 1000, 5000, 32_000};

    static Stream<Shape> systematic() {
        var out = new ArrayList<Shape>();
        int i = 0;
        for (int slots : SLOTS) {
            for (long total : TOTALS) {
                out.add(new Shape(1000 + i, slots, total, i % 3, Math.min(400, slots * 2), i % 4 == 0));
                i++;
            }
        }
        return out.stream();
    }

    static Stream<Shape> random() {
        var r = new Random(20_251_122L);
        var out = new ArrayList<Shape>();
        for (int i = 0; i < 60; i++) {
            int slots = (int) Math.min(32_000, Math.max(1, Math.round(Math.exp(r.nextDouble() * Math.log(32_000)))));
            long total = (long) Math.exp(Math.log(16 * 1024) + r.nextDouble() * (Math.log(1L << 40) - Math.log(16 * 1024)));
            out.add(new Shape(r.nextLong(), slots, total, r.nextInt(3), r.nextInt(Math.min(2 * slots, 300) + 1),
                    r.nextBoolean()));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("systematic")
    void systematicLayouts(Shape shape) throws Exception {
        check(SyntheticReports.report(shape), 1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("random")
    void randomLayouts(Shape shape) throws Exception {
        check(SyntheticReports.report(shape), 1);
    }

    @Test
    void severalVmsInOnePicture() throws Exception {
        var shapes = List.of(new Shape(7, 3, SyntheticReports.GIB, 2, 5, true),
                new Shape(8, 32_000, SyntheticReports.TIB, 1, 300, false), new Shape(9, 1, 16 * 1024, 0, 0, false),
                new Shape(10, 700, SyntheticReports.MIB * 64, 0, 40, true));
        check(SyntheticReports.report(shapes), shapes.size());
    }

    @Test
    void aFileWithHundredsOfVmsDrawsTheFirst64AndNamesTheRest() throws Exception {
        var shapes = new ArrayList<Shape>();
        for (int i = 0; i < 300; i++) {
            shapes.add(new Shape(i, 1 + i % 5, SyntheticReports.MIB * (1 + i), i % 3, i % 4, false));
        }
        Report report = SyntheticReports.report(shapes);
        String svg = MemoryMapRenderer.svg(report);
        assertThat(svg).contains("vm vm63").doesNotContain("vm vm64<").contains("… and 236 more VMs not drawn");
        assertThat(svg.length()).isLessThan(MAX_SVG_CHARS_PER_VM * MemoryMapRenderer.MAX_VMS);
        assertThat(SvgText.overlaps(SvgText.lines(SvgText.parse(svg)))).isEmpty();
        assertThat(MemoryMapRenderer.svg(report, "vm299")).contains("vm vm299");
    }

    @Test
    void sameReportSameBytes() {
        Report report = SyntheticReports.report(new Shape(42, 5000, SyntheticReports.TIB, 1, 200, true));
        assertThat(MemoryMapRenderer.svg(report)).isEqualTo(MemoryMapRenderer.svg(report));
        assertThat(MemoryMapRenderer.html(report)).isEqualTo(MemoryMapRenderer.html(report));
    }

    @Test
    void sizeDoesNotGrowWithSlotsPastTheGroupingThreshold() {
        int small = MemoryMapRenderer.svg(SyntheticReports.report(new Shape(5, 1_000, SyntheticReports.TIB, 1, 100,
                false))).length();
        int large = MemoryMapRenderer.svg(SyntheticReports.report(new Shape(5, 32_000, SyntheticReports.TIB, 1, 100,
                false))).length();
        assertThat(large).as("32,000 slots vs 1,000 slots").isLessThan(small * 2);
    }

    private static final Pattern COUNT = Pattern.compile("^([0-9,]+) ");
    private static final Pattern NO_ROOM = Pattern.compile("^([0-9,]+) findings? on .* had no room for a badge");

    static void check(Report report, int vms) throws Exception {
        String svg = MemoryMapRenderer.svg(report);
        Scene scene = MemoryMapRenderer.scene(report, MapOptions.defaults());
        Document doc = SvgText.parse(svg);
        var lines = SvgText.lines(doc);

        assertThat(SvgText.overlaps(lines)).as("text boxes that intersect").isEmpty();
        double[] size = SvgText.size(doc);
        assertThat(size[0]).isEqualTo(PanelGeometry.WIDTH);
        for (var line : lines) {
            assertThat(line.box().within(size[0], size[1])).as("'%s' %s on a %sx%s canvas", line.text(), line.box(),
                    size[0], size[1]).isTrue();
        }
        assertThat(lines).as("text elements written vs placed").hasSize(scene.textCount());
        assertThat(svg.length()).as("SVG size").isLessThan(MAX_SVG_CHARS_PER_VM * vms);

        // every finding is marked: a badge counts it, a note says it found no room, or it is the exposure line
        long marked = 0;
        NodeList groups = doc.getElementsByTagNameNS(SvgWriter.SVG_NS, "g");
        for (int i = 0; i < groups.getLength(); i++) {
            var g = (Element) groups.item(i);
            if (g.getAttribute("class").equals("hit badge")) {
                var title = g.getElementsByTagNameNS(SvgWriter.SVG_NS, "title").item(0).getTextContent();
                var m = COUNT.matcher(title);
                assertThat(m.find()).as("badge title '%s'", title).isTrue();
                marked += Long.parseLong(m.group(1).replace(",", ""));
            }
        }
        for (var line : lines) {
            var m = NO_ROOM.matcher(line.text());
            if (m.find()) {
                marked += Long.parseLong(m.group(1).replace(",", ""));
            }
        }
        long summary = report.findings().stream().filter(f -> PanelData.SUMMARY_CODES.contains(f.code())).count();
        assertThat(marked + summary).as("findings marked").isEqualTo(report.findings().size());
    }
}
