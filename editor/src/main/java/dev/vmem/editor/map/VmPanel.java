package dev.vmem.editor.map;

import static dev.vmem.editor.map.PanelGeometry.BACK_H;
import static dev.vmem.editor.map.PanelGeometry.BACK_TOP;
import static dev.vmem.editor.map.PanelGeometry.LANES_H;
import static dev.vmem.editor.map.PanelGeometry.LANE_W;
import static dev.vmem.editor.map.PanelGeometry.LANE_X;
import static dev.vmem.editor.map.PanelGeometry.MAP_H;
import static dev.vmem.editor.map.PanelGeometry.MAP_TOP;
import static dev.vmem.editor.map.PanelGeometry.MARGIN;
import static dev.vmem.editor.map.PanelGeometry.SLOT_H;
import static dev.vmem.editor.map.PanelGeometry.SLOT_TOP;
import static dev.vmem.editor.map.PanelGeometry.STRIP_H;
import static dev.vmem.editor.map.PanelGeometry.STRIP_TOP;
import static dev.vmem.editor.map.PanelGeometry.WIDTH;

import dev.vmem.editor.map.Placement.Lane;
import dev.vmem.editor.profile.VmProfile;
import dev.vmem.editor.map.Scene.Anchor;
import dev.vmem.editor.map.Scene.Group;
import dev.vmem.editor.map.Scene.Rect;
import dev.vmem.editor.map.Scene.Text;
import dev.vmem.engine.report.BackingExposure;
import dev.vmem.engine.report.Finding;
import dev.vmem.engine.report.Report;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;

/**
 * The picture of one VM: a header (name, kernel, exposure totals, findings on the VM as a whole), three
 * lanes (guest-physical memslots and attributes, the VMM's mappings, the backings), ribbons between
 * them (userspace_addr, guest_memfd bindings, what each mapping maps), finding badges on the elements
 * they are about, and a list of the findings.
 *
 * <p>The panel composes rooms, no inheritance: {@link PanelData} (the engine's layout and findings in
 * lane order, made once, read by all) and, each a record of its inputs, {@link Tooltips} (text only),
 * {@link Labels} (labels, ticks, gaps), {@link Badges}, {@link Lanes} (the lanes' geometry and shapes)
 * and {@link Ribbons}; the measures they share are {@link PanelGeometry}'s. The panel itself draws the
 * header, the list of findings and the notes the rooms leave.
 */
final class VmPanel {

    private final Scene scene;
    private final MapOptions options;
    private final PanelData d;
    /** What the rooms could not draw (grouped lanes, badges without room, ribbons left out), listed under the panel. */
    private final List<String> notes = new ArrayList<>();
    private final Badges badgeRoom;

    VmPanel(Scene scene, Report report, String vm, MapOptions options) {
        this.scene = scene;
        this.options = options;
        this.d = new PanelData(report, vm);
        this.badgeRoom = new Badges(scene, d, notes);
    }

    /** Draws the panel from {@code y0} down; returns where it ends. */
    double draw(Group parent, double y0) {
        var panel = new Group("panel", "vm " + d.vm, "");
        parent.add(panel);
        var frame = new Group("", "", "");
        panel.add(frame);

        double y = header(panel, y0);
        if (d.layout != null) {
            lanes(panel, y);
            y += LANES_H;
        } else {
            var g = new Group("", "", "");
            panel.add(g);
            scene.place(g, new Text(MARGIN + 12, y + 16, "not brought up: the engine made no layout for this VM",
                    12, Anchor.START, "t muted"));
            y += 28;
        }
        y = findingList(panel, y);
        y = notes(panel, y);
        y += 8;
        frame.add(new Rect(MARGIN / 2, y0, WIDTH - MARGIN, y - y0, "frame"));
        return y;
    }

    // ---- header ---------------------------------------------------------------------------------------

    double header(Group panel, double y0) {
        var g = new Group("", "", "");
        panel.add(g);
        double base = y0 + 24;
        double x = MARGIN + 8;
        String title = "vm " + d.vm;
        var titleText = new Text(x, base, TextMetrics.ellipsize(title, WIDTH / 2, 15), 15, Anchor.START, "t b");
        scene.place(g, titleText);
        double after = titleText.box().x1() + 14;

        // findings about the VM as a whole: badges at the right end of the title line
        double right = WIDTH - MARGIN - 8;
        if (!d.onVm.isEmpty()) {
            var badges = badgeRoom.badgesOf(d.onVm, "the VM as a whole (" + d.vm + ")");
            double bx = right;
            for (int i = badges.size() - 1; i >= 0; i--) {
                double w = Badges.badgeWidth(badges.get(i));
                bx -= w;
                badgeRoom.badge(panel, badges.get(i), bx, base - 11);
                bx -= 4;
            }
            var label = new Text(bx - 4, base - 1, "on the VM:", 11, Anchor.END, "t muted");
            if (label.box().x0() > after + 40) {
                scene.place(g, label);
                right = label.box().x0() - 12;
            } else {
                right = bx - 12;
            }
        }
        String profile = d.layout != null ? d.layout.profile()
                : VmProfile.inReport(d.report, d.vm).map(VmProfile::description).orElse("");
        if (!profile.isEmpty()) {
            var pg = new Group("hit", "", "kernel: " + profile);
            g.add(pg);
            scene.place(pg, new Text(after, base, TextMetrics.ellipsize("on " + profile, right - after, 12), 12,
                    Anchor.START, "t muted"));
        }

        // exposure totals
        double sbase = y0 + 44;
        String line;
        var tip = new StringBuilder();
        if (d.exposure != null) {
            long hw = d.exposure.backings().stream().mapToLong(BackingExposure::hardwareProtectedBytes).sum();
            line = "guest RAM " + Units.size(d.exposure.guestBytes())
                    + "  ·  in the direct map " + Units.size(d.exposure.directMapBytes() - hw)
                    + (hw > 0 ? "  ·  hardware-protected " + Units.size(hw) : "")
                    + "  ·  removed " + Units.size(d.exposure.removedBytes())
                    + "  ·  2 MiB direct-map pages split " + Units.count(d.exposure.largePagesSplit());
            tip.append("exposure of vm ").append(d.vm).append(" after bring-up\n")
                    .append("guest RAM (memslot coverage): ").append(Units.size(d.exposure.guestBytes())).append('\n')
                    .append("still in the kernel's direct map: ").append(Units.size(d.exposure.directMapBytes()))
                    .append(hw > 0 ? " (of which hardware-protected CoCo-private: " + Units.size(hw) + ")" : "")
                    .append('\n')
                    .append("removed from the direct map: ").append(Units.size(d.exposure.removedBytes())).append('\n')
                    .append("large (2 MiB) direct-map pages split, at least: ")
                    .append(Units.count(d.exposure.largePagesSplit()));
            var byExposure = new ArrayList<>(d.exposure.backings());
            byExposure.sort(Comparator.comparingLong(BackingExposure::directMapBytes).reversed());
            for (BackingExposure b : byExposure.subList(0, Math.min(8, byExposure.size()))) {
                tip.append("\n• ").append(b.backing()).append(" (").append(b.kind().keyword()).append("): ")
                        .append(Units.size(b.directMapBytes())).append(" of ").append(Units.size(b.guestBytes()))
                        .append(" in the direct map, ").append(Units.size(b.removedBytes())).append(" removed")
                        .append(b.reason().isEmpty() ? "" : " — " + b.reason());
            }
            if (byExposure.size() > 8) {
                tip.append("\n… and ").append(Units.plural(byExposure.size() - 8, "more backing", "more backings"));
            }
        } else {
            line = "no exposure figures: the VM was not brought up";
            tip.append(line);
        }
        for (Finding f : d.summary) {
            tip.append("\n").append(f.severity().keyword()).append(' ').append(f.code()).append(": ")
                    .append(f.message());
        }
        var sg = new Group("hit", "exposure " + d.vm, tip.toString());
        g.add(sg);
        scene.place(sg, new Text(MARGIN + 8, sbase, TextMetrics.ellipsize(line, WIDTH - 2 * MARGIN - 16, 12), 12,
                Anchor.START, "t"));
        return y0 + 56;
    }

    // ---- lanes ----------------------------------------------------------------------------------------

    void lanes(Group panel, double ly) {
        var back = new Group("", "", "");
        var ribbons = new Group("", "", "");
        var gmemRibbons = new Group("", "", "");
        var shapes = new Group("", "", "");
        var labels = new Group("", "", "");
        var badges = new Group("", "", "");
        panel.add(back);
        panel.add(ribbons);
        panel.add(gmemRibbons);
        panel.add(shapes);
        panel.add(labels);
        panel.add(badges);

        laneTitle(labels, ly + SLOT_TOP, SLOT_H, "guest physical", "memslots, attributes");
        laneTitle(labels, ly + MAP_TOP, MAP_H, "VMM mappings", "mmap, userspace_addr");
        laneTitle(labels, ly + BACK_TOP, BACK_H, "backings", "memory objects");
        back.add(new Rect(LANE_X, ly + STRIP_TOP, LANE_W, STRIP_H + SLOT_H + 1, "lane"));
        back.add(new Rect(LANE_X, ly + MAP_TOP, LANE_W, MAP_H, "lane"));
        back.add(new Rect(LANE_X, ly + BACK_TOP, LANE_W, BACK_H, "lane"));

        // groups and axes
        var lanesRoom = new Lanes(scene, d, options, new Labels(scene), new Tooltips(d), notes);
        var ribbonRoom = new Ribbons(scene, d, notes);
        var slotLane = lanesRoom.slotLane();
        var mapLane = lanesRoom.mappingLane();
        var backLane = lanesRoom.backingLane();

        lanesRoom.drawSlots(shapes, labels, ly, slotLane);
        lanesRoom.drawMappings(shapes, labels, ly, mapLane);
        lanesRoom.drawBackings(shapes, labels, ly, backLane);
        ribbonRoom.ribbons(ribbons, gmemRibbons, labels, ly, slotLane, mapLane, backLane);

        badgeRoom.laneBadges(badges, Lane.SLOT, slotLane, ly + STRIP_TOP - 2);
        badgeRoom.laneBadges(badges, Lane.MAPPING, mapLane, ly + MAP_TOP - 2);
        badgeRoom.laneBadges(badges, Lane.BACKING, backLane, ly + BACK_TOP - 2);
    }

    void laneTitle(Group labels, double top, double h, String title, String sub) {
        double mid = top + h / 2;
        scene.place(labels, new Text(MARGIN + 8, mid - 2, title, 11, Anchor.START, "t b"));
        scene.place(labels, new Text(MARGIN + 8, mid + 12, sub, 10, Anchor.START, "t muted"));
    }

    // ---- the list of findings -------------------------------------------------------------------------

    double findingList(Group panel, double y) {
        record Entry(Finding finding, String where) {
        }
        var entries = new ArrayList<Entry>();
        for (var e : d.placed.entrySet()) {
            for (Finding f : e.getValue()) {
                entries.add(new Entry(f, badgeRoom.where(e.getKey().lane(), e.getKey().index(), e.getKey().index() + 1)));
            }
        }
        for (Finding f : d.onVm) {
            entries.add(new Entry(f, "vm " + d.vm));
        }
        // engine order within a severity: the order findings were reached
        var order = new HashMap<Finding, Integer>();
        for (int i = 0; i < d.findings.size(); i++) {
            order.putIfAbsent(d.findings.get(i), i);
        }
        entries.sort(Comparator.comparingInt((Entry e) -> e.finding().severity().ordinal())
                .thenComparingInt(e -> order.getOrDefault(e.finding(), 0)));
        if (entries.isEmpty()) {
            var g = new Group("", "", "");
            panel.add(g);
            scene.place(g, new Text(MARGIN + 12, y + 14, "no findings on this VM beyond its exposure", 11,
                    Anchor.START, "t muted"));
            return y + 22;
        }
        int shown = Math.min(entries.size(), options.maxListedFindings());
        for (int i = 0; i < shown; i++) {
            Entry e = entries.get(i);
            Finding f = e.finding();
            double base = y + 13;
            var tip = new StringBuilder().append(f.severity().keyword()).append(' ').append(f.code()).append(" on ")
                    .append(e.where()).append("\n").append(f.message()).append("\noutcome: ")
                    .append(f.outcome().keyword());
            Tooltips.declared(tip, f.origin());
            String path = f.trace().kernelPath();
            if (!path.isEmpty()) {
                tip.append("\nkernel path: ").append(path);
            }
            var g = new Group("hit", "finding " + f.code(), tip.toString());
            panel.add(g);
            double bw = Badges.badgeWidth(1);
            g.add(Badges.badgeShape(f.severity(), MARGIN + 12, base - 11, bw));
            double tx = MARGIN + 12 + bw + 8;
            String text = e.where() + " — " + f.severity().keyword() + " " + f.code() + ": " + Tooltips.oneLine(f.message());
            scene.place(g, new Text(tx, base, TextMetrics.ellipsize(text, WIDTH - MARGIN - 12 - tx, 11.5), 11.5,
                    Anchor.START, "t"));
            y += 17;
        }
        if (entries.size() > shown) {
            var g = new Group("", "", "");
            panel.add(g);
            scene.place(g, new Text(MARGIN + 12, y + 13, "… and " + Units.plural(entries.size() - shown,
                    "more finding", "more findings") + " (vmem check lists them all)", 11, Anchor.START, "t muted"));
            y += 17;
        }
        return y + 4;
    }

    double notes(Group panel, double y) {
        if (notes.isEmpty()) {
            return y;
        }
        var g = new Group("", "", "");
        panel.add(g);
        for (String n : notes) {
            scene.place(g, new Text(MARGIN + 12, y + 12, TextMetrics.ellipsize(n, WIDTH - 2 * MARGIN - 24, 10), 10,
                    Anchor.START, "t muted"));
            y += 14;
        }
        return y + 2;
    }
}
