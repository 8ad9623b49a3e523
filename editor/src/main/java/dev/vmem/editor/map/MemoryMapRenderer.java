package dev.vmem.editor.map;

import static dev.vmem.editor.map.PanelGeometry.MARGIN;
import static dev.vmem.editor.map.PanelGeometry.WIDTH;
import static dev.vmem.editor.map.PanelGeometry.num;

import dev.vmem.engine.report.Finding;
import dev.vmem.engine.report.Report;
import dev.vmem.engine.report.Severity;
import dev.vmem.engine.report.VmExposure;
import dev.vmem.engine.report.VmLayout;
import dev.vmem.editor.map.Scene.Anchor;
import dev.vmem.editor.map.Scene.Group;
import dev.vmem.editor.map.Scene.Rect;
import dev.vmem.editor.map.Scene.Text;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The memory map picture of an engine {@link Report}: for each VM, its guest-physical memslots and
 * attributes, the VMM's mappings and the backings, coloured by what the kernel can reach through its
 * direct map, with every finding marked on the element it is about and the exposure totals
 * (docs/memory-map.md).
 *
 * <p>Two forms: a standalone SVG document ({@link #svg}), and an HTML page that embeds the same SVG
 * and shows each element's details on hover ({@link #html}); neither refers to anything outside itself.
 * Output is deterministic (same report, same bytes) and bounded: lanes with more than
 * {@link MapOptions#maxGroups()} elements are drawn as groups, so a 32,000-slot VM costs about what a
 * 50-slot one does.
 *
 * <p>Thread-safe: every call builds its own picture. To go from a file or an Xtext resource to a report,
 * see {@link MemoryMapSource}.
 */
public final class MemoryMapRenderer {

    /** Most VMs drawn in one picture (each is bounded; this bounds the picture). */
    public static final int MAX_VMS = 64;

    private MemoryMapRenderer() {
    }

    /** The VMs a picture of this report can show, in the report's order. */
    public static List<String> vms(Report report) {
        var names = new LinkedHashSet<String>();
        report.layouts().stream().map(VmLayout::vm).forEach(names::add);
        report.exposures().stream().map(VmExposure::vm).forEach(names::add);
        report.findings().stream().map(Finding::vm).filter(v -> !v.isEmpty()).forEach(names::add);
        return List.copyOf(names);
    }

    /** An SVG document of every VM of the report. */
    public static String svg(Report report) {
        return svg(report, MapOptions.defaults());
    }

    /**
     * An SVG document of one VM.
     *
     * @throws IllegalArgumentException when the report has no VM of that name
     */
    public static String svg(Report report, String vm) {
        return svg(report, MapOptions.defaults().withVm(Objects.requireNonNull(vm, "vm")));
    }

    /**
     * An SVG document (with an XML declaration).
     *
     * @throws IllegalArgumentException when {@code options} name a VM the report does not have
     */
    public static String svg(Report report, MapOptions options) {
        Scene scene = scene(report, options);
        var out = new StringWriter();
        try {
            XMLStreamWriter w = XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(out);
            w.writeStartDocument("UTF-8", "1.0");
            w.writeCharacters("\n");
            new SvgWriter(w).write(scene, heading(options));
            w.writeCharacters("\n");
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("writing SVG to memory failed", e);
        }
        return out.toString();
    }

    /** An HTML page of every VM of the report. */
    public static String html(Report report) {
        return html(report, MapOptions.defaults());
    }

    /**
     * A standalone HTML page: the SVG inline, a style sheet and a small script that shows each element's
     * details (its SVG title) in a panel beside the pointer. Without the script the browser's own
     * tooltips show the same text.
     *
     * @throws IllegalArgumentException when {@code options} name a VM the report does not have
     */
    public static String html(Report report, MapOptions options) {
        Scene scene = scene(report, options);
        try {
            return HtmlPage.write(scene, heading(options));
        } catch (XMLStreamException e) {
            throw new IllegalStateException("writing HTML to memory failed", e);
        } catch (UncheckedIOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String heading(MapOptions options) {
        return "VMem memory map" + (options.title().isEmpty() ? "" : " — " + options.title())
                + (options.vm() == null ? "" : " — vm " + options.vm());
    }

    // ---- the picture ----------------------------------------------------------------------------------

    /** The whole picture, laid out. */
    static Scene scene(Report report, MapOptions options) {
        List<String> all = vms(report);
        List<String> vms;
        if (options.vm() != null) {
            if (!all.contains(options.vm())) {
                throw new IllegalArgumentException("no VM named '" + options.vm() + "'"
                        + (all.isEmpty() ? " (the file declares none)" : "; VMs: " + String.join(", ", all)));
            }
            vms = List.of(options.vm());
        } else {
            vms = all;
        }
        var scene = new Scene(WIDTH);
        Group root = scene.root();
        double y = header(scene, root, report, options, vms);
        y = fileFindings(scene, root, report, y);
        if (vms.isEmpty()) {
            scene.place(root, new Text(MARGIN + 8, y + 18, "no VMs in this file: nothing to draw", 12,
                    Anchor.START, "t muted"));
            y += 30;
        }
        for (String vm : vms.subList(0, Math.min(vms.size(), MAX_VMS))) {
            y = new VmPanel(scene, report, vm, options).draw(root, y) + 12;
        }
        if (vms.size() > MAX_VMS) {
            var rest = vms.subList(MAX_VMS, vms.size());
            var g = new Group("hit", "more vms", "not drawn: " + String.join(", ", rest.subList(0, Math.min(50,
                    rest.size()))) + (rest.size() > 50 ? ", …" : ""));
            root.add(g);
            scene.place(g, new Text(MARGIN + 8, y + 14, "… and " + Units.plural(rest.size(), "more VM", "more VMs")
                    + " not drawn (draw one at a time: vmem map --vm NAME)", 12, Anchor.START, "t muted"));
            y += 24;
        }
        y = legend(scene, root, y);
        scene.height(Math.ceil(y + 8));
        return scene;
    }

    private static double header(Scene scene, Group root, Report report, MapOptions options, List<String> vms) {
        var g = new Group("", "", "");
        root.add(g);
        long errors = 0;
        long warnings = 0;
        for (Finding f : report.findings()) {
            if (options.vm() != null && !f.vm().isEmpty() && !f.vm().equals(options.vm())) {
                continue;
            }
            if (f.severity() == Severity.ERROR) {
                errors++;
            } else if (f.severity() == Severity.WARNING) {
                warnings++;
            }
        }
        String counts = Units.plural(vms.size(), "VM", "VMs") + " · " + Units.plural(errors, "error", "errors") + " · "
                + Units.plural(warnings, "warning", "warnings") + (report.complete() ? "" : " · analysis incomplete");
        var countText = new Text(WIDTH - MARGIN, 26, counts, 12, Anchor.END, "t muted");
        scene.place(g, countText);
        String title = "VMem memory map" + (options.title().isEmpty() ? "" : " · " + options.title());
        scene.place(g, new Text(MARGIN, 26,
                TextMetrics.ellipsize(title, countText.box().x0() - 24 - MARGIN, 16), 16, Anchor.START, "t b"));
        scene.place(g, new Text(MARGIN, 44,
                "what the kernel can reach of each VM's memory after bring-up: guest-physical → VMM mappings → backings",
                11, Anchor.START, "t muted"));
        return 56;
    }

    /** Findings about the file rather than a VM (an unknown kernel version): listed above the VMs. */
    private static double fileFindings(Scene scene, Group root, Report report, double y) {
        var list = report.findings().stream().filter(f -> f.vm().isEmpty()).toList();
        int shown = 0;
        for (Finding f : list) {
            if (shown == 10) {
                scene.place(root, new Text(MARGIN + 12, y + 13, "… and "
                        + Units.plural(list.size() - 10, "more finding", "more findings") + " about the file", 11,
                        Anchor.START, "t muted"));
                y += 17;
                break;
            }
            shown++;
            var g = new Group("hit", "finding " + f.code(), f.severity().keyword() + " " + f.code() + "\n"
                    + f.message() + "\ndeclared: " + f.origin().describe());
            root.add(g);
            double base = y + 13;
            double bw = Badges.badgeWidth(1);
            g.add(Badges.badgeShape(f.severity(), MARGIN + 12, base - 11, bw));
            double tx = MARGIN + 12 + bw + 8;
            String text = "file — " + f.severity().keyword() + " " + f.code() + ": " + Tooltips.oneLine(f.message());
            scene.place(g, new Text(tx, base, TextMetrics.ellipsize(text, WIDTH - MARGIN - tx, 11.5),
                    11.5, Anchor.START, "t"));
            y += 17;
        }
        return list.isEmpty() ? y : y + 8;
    }

    /** What the colours, patterns, ribbons and badges mean. */
    private static double legend(Scene scene, Group root, double y0) {
        var g = new Group("legend", "legend", "");
        root.add(g);
        var frame = new Group("", "", "");
        g.add(frame);
        double left = MARGIN + 12;
        double right = WIDTH - MARGIN - 12;
        double y = y0 + 8;
        scene.place(g, new Text(left, y + 13, "colour: what the kernel can reach of the memory through its direct map",
                11, Anchor.START, "t b"));
        y += 22;
        var items = new ArrayList<LegendItem>();
        for (Reach r : Reach.values()) {
            items.add(new LegendItem(r.legend(), (x, top) -> List.of(new Rect(x, top, 24, 12, "f " + r.css()),
                    new Rect(x, top, 24, 12, "o " + r.css()))));
        }
        y = flow(scene, g, items, left, right, y);
        y += 4;
        items.clear();
        items.add(new LegendItem("private attribute (strip: the ranges; hatching: over memslots)",
                (x, top) -> List.of(new Rect(x, top, 24, 3, "pstrip"), new Rect(x, top + 4, 24, 8, "f nm"),
                        new Rect(x, top + 4, 24, 8, "priv"))));
        items.add(new LegendItem("populated (pre-faulted) part of a mapping",
                (x, top) -> List.of(new Rect(x, top, 24, 12, "f dm"), new Rect(x, top + 8, 14, 4, "pop"))));
        items.add(new LegendItem("userspace_addr → mapping → backing",
                (x, top) -> List.of(new Scene.Path("M" + num(x) + " " + num(top) + "H"
                        + num(x + 24) + "L" + num(x + 16) + " " + num(top + 12) + "H"
                        + num(x + 8) + "Z", "ribbon"))));
        items.add(new LegendItem("guest_memfd binding (memslot → guest_memfd, no mapping)",
                (x, top) -> List.of(new Scene.Path("M" + num(x) + " " + num(top) + "H"
                        + num(x + 24) + "L" + num(x + 16) + " " + num(top + 12) + "H"
                        + num(x + 8) + "Z", "gmem"))));
        items.add(new LegendItem("hole (compressed)", (x, top) -> List.of(new Rect(x, top, 24, 12, "hole"),
                new Scene.Path("M" + num(x + 9) + " " + num(top + 11) + "L" + num(x + 12) + " "
                        + num(top + 1) + "M" + num(x + 13) + " " + num(top + 11) + "L"
                        + num(x + 16) + " " + num(top + 1), "brk"))));
        y = flow(scene, g, items, left, right, y);
        y += 4;
        items.clear();
        items.add(new LegendItem("error", (x, top) -> List.of(Badges.badgeShape(Severity.ERROR, x, top - 1, 16))));
        items.add(new LegendItem("warning", (x, top) -> List.of(Badges.badgeShape(Severity.WARNING, x, top - 1, 16))));
        items.add(new LegendItem("info: findings on that element (the number: how many; hover for them)",
                (x, top) -> List.of(Badges.badgeShape(Severity.INFO, x, top - 1, 16))));
        y = flow(scene, g, items, left, right, y);
        scene.place(g, new Text(left, y + 12,
                "widths grow with size on a compressed (log²) scale: read sizes from the labels; holes get one small width whatever"
                        + " their size; addresses are hex",
                10, Anchor.START, "t muted"));
        y += 20;
        frame.add(new Rect(MARGIN / 2, y0, WIDTH - MARGIN, y - y0, "frame"));
        return y;
    }

    private interface Swatch {
        List<Scene.Node> at(double x, double top);
    }

    private record LegendItem(String text, Swatch swatch) {
    }

    private static double flow(Scene scene, Group g, List<LegendItem> items, double left, double right, double y) {
        double x = left;
        for (LegendItem item : items) {
            double w = 24 + 6 + TextMetrics.width(item.text(), 11) + 22;
            if (x > left && x + w > right) {
                x = left;
                y += 18;
            }
            for (Scene.Node n : item.swatch().at(x, y)) {
                g.add(n);
            }
            scene.place(g, new Text(x + 30, y + 10, TextMetrics.ellipsize(item.text(), right - x - 30, 11), 11,
                    Anchor.START, "t"));
            x += w;
        }
        return y + 18;
    }
}
