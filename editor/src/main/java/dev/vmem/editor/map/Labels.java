package dev.vmem.editor.map;

import static dev.vmem.editor.map.PanelGeometry.REACHES;
import static dev.vmem.editor.map.PanelGeometry.num;

import dev.vmem.editor.map.Scene.Anchor;
import dev.vmem.editor.map.Scene.Group;
import dev.vmem.editor.map.Scene.Rect;
import dev.vmem.editor.map.Scene.Text;
import java.util.List;

/**
 * Labels inside boxes, the address ticks under a lane, and the marks of the gaps an axis leaves out.
 * Input: the scene, whose free room decides which labels fit; output: what fits, placed.
 */
record Labels(Scene scene) {

    /** Up to two lines inside a box: the first candidate of each list that fits, else an abbreviation. */
    void labelInside(Group labels, Axis.Segment seg, double top, double h, List<String> line1,
            List<String> line2) {
        double avail = seg.width() - 8;
        if (avail < 6) {
            return;
        }
        double x = seg.mid();
        String first = pick(line1, avail, 12);
        if (first.isEmpty()) {
            return;
        }
        boolean two = h >= 32;
        double y1 = two ? top + h / 2 - 2.5 : top + h / 2 + 4;
        scene.place(labels, new Text(x, y1, first, 12, Anchor.MIDDLE, "t halo"));
        if (two) {
            String second = pick(line2, avail, 11);
            if (!second.isEmpty()) {
                scene.place(labels, new Text(x, y1 + 14, second, 11, Anchor.MIDDLE, "t dim halo"));
            }
        }
    }

    static String pick(List<String> candidates, double avail, double size) {
        for (String c : candidates) {
            if (!c.isEmpty() && TextMetrics.width(c, size) <= avail) {
                return c;
            }
        }
        String last = "";
        for (String c : candidates) {
            if (!c.isEmpty()) {
                last = c;
            }
        }
        String cut = TextMetrics.ellipsize(last, avail, size);
        return cut.codePointCount(0, cut.length()) >= 3 ? cut : "";
    }

    /**
     * Address labels under a lane, where they fit, most useful first: where the lane starts, where each
     * group starts, where the lane ends, where each hole starts (the end of what is before it), and for
     * guest-physical space each hole's size.
     */
    void ticks(Group labels, LaneGeometry lane, double bottom, boolean gpa) {
        var segs = lane.axis().segments();
        if (segs.isEmpty()) {
            return;
        }
        double base = bottom + 12;
        var first = segs.get(0);
        var last = segs.get(segs.size() - 1);
        tick(labels, first.x0(), base, Units.address(first.start()), Anchor.START, bottom);
        for (int i = 1; i < segs.size(); i++) {
            var s = segs.get(i);
            if (!s.gap()) {
                tick(labels, s.x0(), base, Units.address(s.start()), Anchor.START, bottom);
            }
        }
        tick(labels, last.x1(), base, Units.address(last.end()), Anchor.END, bottom);
        for (int i = 1; i < segs.size(); i++) {
            var s = segs.get(i);
            if (s.gap()) {
                tick(labels, s.x0(), base, Units.address(s.start()), Anchor.START, bottom);
            }
        }
        if (gpa) {
            for (var s : segs) {
                if (s.gap()) {
                    tick(labels, s.mid(), base, "+" + Units.size(s.end() - s.start()), Anchor.MIDDLE, -1);
                }
            }
        }
    }

    void tick(Group labels, double x, double base, String text, Anchor anchor, double bottom) {
        var t = new Text(x + (anchor == Anchor.START ? 1 : anchor == Anchor.END ? -1 : 0), base, text, 10, anchor,
                "t muted halo");
        if (scene.place(labels, t) && bottom >= 0) {
            labels.add(new Rect(x - 0.5, bottom, 1, 3, "tick"));
        }
    }

    void gap(Group shapes, Axis.Segment seg, double top, double h, String what) {
        var g = new Group("hit", "", "hole: " + Units.size(seg.end() - seg.start()) + " " + what + ", ["
                + Units.address(seg.start()) + ", " + Units.address(seg.end()) + ") (drawn compressed)");
        double x = seg.mid();
        double y0 = top + h / 2 - 8;
        double y1 = top + h / 2 + 8;
        g.add(new Rect(seg.x0(), top, seg.width(), h, "hole"));
        g.add(new Scene.Path("M" + num(x - 3) + " " + num(y1) + "L" + num(x) + " " + num(y0) + "M" + num(x + 1) + " "
                + num(y1) + "L" + num(x + 4) + " " + num(y0), "brk"));
        shapes.add(g);
    }

    static String outline(boolean[] present) {
        int count = 0;
        int which = 0;
        for (int i = 0; i < present.length; i++) {
            if (present[i]) {
                count++;
                which = i;
            }
        }
        return count == 1 ? REACHES[which].css() : "mixed";
    }
}
