package dev.vmem.editor.map;

import static dev.vmem.editor.map.PanelGeometry.BACK_TOP;
import static dev.vmem.editor.map.PanelGeometry.MAP_H;
import static dev.vmem.editor.map.PanelGeometry.MAP_TOP;
import static dev.vmem.editor.map.PanelGeometry.SLOT_H;
import static dev.vmem.editor.map.PanelGeometry.SLOT_TOP;
import static dev.vmem.editor.map.PanelGeometry.end;
import static dev.vmem.editor.map.PanelGeometry.num;

import dev.vmem.editor.map.Scene.Anchor;
import dev.vmem.editor.map.Scene.Group;
import dev.vmem.editor.map.Scene.Text;
import dev.vmem.engine.report.VmLayout.MappingView;
import dev.vmem.engine.report.VmLayout.SlotView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ribbons between the lanes: userspace_addr, guest_memfd bindings, and what each mapping maps.
 * Inputs: the panel's data and the three lanes' geometry; output: the bands and their labels, and a
 * note when there are more bands than are drawn.
 */
record Ribbons(Scene scene, PanelData d, List<String> notes) {

    /** One band between two lanes: from [a0, a1] on the upper lane to [b0, b1] on the lower. */
    static final class Band {
        double a0 = Double.MAX_VALUE;
        double a1 = -Double.MAX_VALUE;
        double b0 = Double.MAX_VALUE;
        double b1 = -Double.MAX_VALUE;
        long count;
        final List<String> what = new ArrayList<>();

        void add(double sa0, double sa1, double sb0, double sb1, String text) {
            a0 = Math.min(a0, sa0);
            a1 = Math.max(a1, sa1);
            b0 = Math.min(b0, sb0);
            b1 = Math.max(b1, sb1);
            if (count < 6) {
                what.add(text);
            }
            count++;
        }
    }

    void ribbons(Group ribbons, Group gmemRibbons, Group labels, double ly, LaneGeometry slotLane,
            LaneGeometry mapLane, LaneGeometry backLane) {
        var userspace = new LinkedHashMap<Long, Band>();
        var gmem = new LinkedHashMap<Long, Band>();
        var maps = new LinkedHashMap<Long, Band>();
        for (int i = 0; i < d.slots.size(); i++) {
            SlotView s = d.slots.get(i);
            var sseg = slotLane.axis().group(slotLane.groupOf()[i]);
            double a0 = slotLane.axis().within(sseg, s.gpa());
            double a1 = slotLane.axis().within(sseg, end(s.gpa(), s.size()));
            int m = mappingFor(s);
            if (m >= 0) {
                MappingView mv = d.mappings.get(m);
                var mseg = mapLane.axis().group(mapLane.groupOf()[m]);
                long from = mv.start() + Math.max(0, s.userspaceOffset());
                double b0 = mapLane.axis().within(mseg, from);
                double b1 = mapLane.axis().within(mseg, end(from, s.size()));
                long key = ((long) slotLane.groupOf()[i] << 32) | mapLane.groupOf()[m];
                userspace.computeIfAbsent(key, k -> new Band()).add(a0, a1, b0, b1,
                        "slot " + s.id() + " → " + s.userspace() + " + " + Units.address(s.userspaceOffset()));
            }
            Integer b = s.guestMemfd().isEmpty() ? null : d.backingIndex.get(s.guestMemfd());
            if (b != null) {
                var bseg = backLane.axis().group(backLane.groupOf()[b]);
                long size = Math.max(0, d.backings.get(b).size());
                long off = Math.min(Math.max(0, s.guestMemfdOffset()), size);
                long len = Math.min(s.size() < 0 ? size : s.size(), size - off);
                double b0 = backLane.axis().within(bseg, d.backingStarts[b] + off);
                double b1 = backLane.axis().within(bseg, d.backingStarts[b] + off + len);
                long key = ((long) slotLane.groupOf()[i] << 32) | backLane.groupOf()[b];
                gmem.computeIfAbsent(key, k -> new Band()).add(a0, a1, b0, b1,
                        "slot " + s.id() + " → guest_memfd " + s.guestMemfd() + " offset "
                                + Units.address(s.guestMemfdOffset()));
            }
        }
        for (int m = 0; m < d.mappings.size(); m++) {
            MappingView mv = d.mappings.get(m);
            Integer b = d.backingIndex.get(mv.backing());
            if (b == null) {
                continue;
            }
            var mseg = mapLane.axis().group(mapLane.groupOf()[m]);
            var bseg = backLane.axis().group(backLane.groupOf()[b]);
            long size = Math.max(0, d.backings.get(b).size());
            long len = Math.min(Math.max(0, mv.length()), size);
            double a0 = mapLane.axis().within(mseg, mv.start());
            double a1 = mapLane.axis().within(mseg, end(mv.start(), mv.length()));
            double b0 = backLane.axis().within(bseg, d.backingStarts[b]);
            double b1 = backLane.axis().within(bseg, d.backingStarts[b] + len);
            long key = ((long) mapLane.groupOf()[m] << 32) | backLane.groupOf()[b];
            maps.computeIfAbsent(key, k -> new Band()).add(a0, a1, b0, b1,
                    "mapping at " + Units.address(mv.start()) + " → " + mv.backing());
        }
        double slotBottom = ly + SLOT_TOP + SLOT_H;
        // label rows between the tick labels under a lane and the badges above the next
        double upper = ly + 112;
        double lower = ly + BACK_TOP - 44;
        bands(ribbons, labels, userspace, slotBottom, ly + MAP_TOP, "ribbon", "userspace_addr",
                new double[] {upper}, "t rl halo");
        bands(ribbons, labels, maps, ly + MAP_TOP + MAP_H, ly + BACK_TOP, "ribbon", "mmap", new double[] {lower},
                "t rl halo");
        bands(gmemRibbons, labels, gmem, slotBottom, ly + BACK_TOP, "gmem", "guest_memfd",
                new double[] {upper, lower}, "t gl halo");
    }

    /** The mapping a slot's userspace_addr falls in: the first mapping of its backing that covers the offset. */
    int mappingFor(SlotView s) {
        if (s.userspace().isEmpty()) {
            return -1;
        }
        var list = d.mappingsOfBacking.get(s.userspace());
        if (list == null) {
            return -1;
        }
        for (int m : list) {
            if (Long.compareUnsigned(s.userspaceOffset(), d.mappings.get(m).length()) < 0) {
                return m;
            }
        }
        return list.get(0);
    }

    static final int MAX_BANDS = 400;

    void bands(Group into, Group labels, Map<Long, Band> bands, double ya, double yb, String css,
            String what, double[] labelRows, String labelCss) {
        int drawn = 0;
        for (Band band : bands.values()) {
            if (drawn == MAX_BANDS) {
                notes.add(Units.count(bands.size() - MAX_BANDS) + " of " + Units.count(bands.size()) + " " + what
                        + " ribbons not drawn");
                break;
            }
            drawn++;
            double a0 = band.a0;
            double a1 = Math.max(band.a1, a0 + 1);
            double b0 = band.b0;
            double b1 = Math.max(band.b1, b0 + 1);
            double ym = (ya + yb) / 2;
            String d = "M" + num(a0) + " " + num(ya) + "C" + num(a0) + " " + num(ym) + " " + num(b0) + " " + num(ym)
                    + " " + num(b0) + " " + num(yb) + "L" + num(b1) + " " + num(yb) + "C" + num(b1) + " " + num(ym) + " "
                    + num(a1) + " " + num(ym) + " " + num(a1) + " " + num(ya) + "Z";
            var tip = new StringBuilder(what).append(band.count > 1 ? " (" + Units.count(band.count) + ")" : "");
            for (String w : band.what) {
                tip.append("\n").append(w);
            }
            if (band.count > band.what.size()) {
                tip.append("\n… and ").append(Units.count(band.count - band.what.size())).append(" more");
            }
            var g = new Group("hit", "", tip.toString());
            g.add(new Scene.Path(d, css));
            into.add(g);
            bandLabel(labels, a0, a1, b0, b1, ya, yb, labelRows, what, labelCss);
        }
    }

    /**
     * Names a band where it is wide enough, at one of the given heights: at its middle, else a quarter
     * of the way from either side. The band's edges are the cubic curves drawn in {@link #bands}.
     */
    void bandLabel(Group labels, double a0, double a1, double b0, double b1, double ya, double yb,
            double[] rows, String text, String css) {
        double w = TextMetrics.width(text, 10);
        for (double y : rows) {
            if (y <= ya || y >= yb) {
                continue;
            }
            double lo = 0;
            double hi = 1;
            for (int i = 0; i < 40; i++) { // y(t) = ya + (yb - ya)(t³ + 1.5 t (1 - t)) increases with t
                double t = (lo + hi) / 2;
                double yt = ya + (yb - ya) * (t * t * t + 1.5 * t * (1 - t));
                if (yt < y) {
                    lo = t;
                } else {
                    hi = t;
                }
            }
            double t = (lo + hi) / 2;
            double sx = 3 * t * t - 2 * t * t * t; // x(t) = a + (b - a)(3t² - 2t³)
            double left = a0 + (b0 - a0) * sx;
            double right = a1 + (b1 - a1) * sx;
            if (right - left < w + 8) {
                continue;
            }
            for (double f : new double[] {0.5, 0.25, 0.75}) {
                double x = left + (right - left) * f;
                if (x - w / 2 < left + 3 || x + w / 2 > right - 3) {
                    continue;
                }
                if (scene.place(labels, new Text(x, y + 3.5, text, 10, Anchor.MIDDLE, css))) {
                    return;
                }
            }
        }
    }
}
