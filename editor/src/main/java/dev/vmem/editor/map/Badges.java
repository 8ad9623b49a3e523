package dev.vmem.editor.map;

import static dev.vmem.editor.map.PanelGeometry.BADGE_H;
import static dev.vmem.editor.map.PanelGeometry.BADGE_ROW;
import static dev.vmem.editor.map.PanelGeometry.LANE_W;
import static dev.vmem.editor.map.PanelGeometry.LANE_X;
import static dev.vmem.editor.map.PanelGeometry.num;

import dev.vmem.editor.map.PanelData.Badge;
import dev.vmem.editor.map.Placement.Lane;
import dev.vmem.editor.map.Scene.Anchor;
import dev.vmem.editor.map.Scene.Group;
import dev.vmem.editor.map.Scene.Rect;
import dev.vmem.editor.map.Scene.Text;
import dev.vmem.engine.report.Finding;
import dev.vmem.engine.report.Severity;
import java.util.ArrayList;
import java.util.List;

/**
 * Finding badges: on the VM as a whole and above each lane's elements, in two rows. Inputs: the scene to
 * place them in and the panel's data; output: the badges, and a note for each lane whose findings had
 * no room.
 */
record Badges(Scene scene, PanelData d, List<String> notes) {

    List<Badge> badgesOf(List<Finding> list, String where) {
        var out = new ArrayList<Badge>();
        for (Severity s : Severity.values()) {
            var of = list.stream().filter(f -> f.severity() == s).toList();
            if (!of.isEmpty()) {
                out.add(new Badge(s, of, where));
            }
        }
        return out;
    }

    static double badgeWidth(int count) {
        return Math.max(BADGE_H + 2, TextMetrics.width(Integer.toString(count), 10) + 10);
    }

    static double badgeWidth(Badge b) {
        return badgeWidth(b.findings().size());
    }

    /** A badge: a red pill (error), a yellow pennant (warning) or a blue square (info), with a count. */
    void badge(Group into, Badge b, double x, double y) {
        var tip = new StringBuilder();
        tip.append(Units.plural(b.findings().size(), b.severity().keyword(), plural(b.severity())))
                .append(" on ").append(b.where()).append(':');
        int shown = 0;
        for (Finding f : b.findings()) {
            if (shown++ == 8) {
                tip.append("\n… and ").append(Units.count(b.findings().size() - 8)).append(" more");
                break;
            }
            tip.append("\n• ").append(f.code()).append(": ").append(f.message());
        }
        var g = new Group("hit badge", "", tip.toString());
        into.add(g);
        g.add(badgeShape(b.severity(), x, y, badgeWidth(b)));
        scene.place(g, new Text(x + badgeWidth(b) / 2, y + BADGE_H - 3.5, Integer.toString(b.findings().size()), 10,
                Anchor.MIDDLE, "t bt " + cssOf(b.severity())));
    }

    static Scene.Node badgeShape(Severity severity, double x, double y, double w) {
        double h = BADGE_H;
        double r = h / 2;
        String css = "badge-" + cssOf(severity);
        return switch (severity) {
            case ERROR -> new Scene.Path("M" + num(x + r) + " " + num(y) + "H" + num(x + w - r) + "A" + num(r) + " "
                    + num(r) + " 0 0 1 " + num(x + w - r) + " " + num(y + h) + "H" + num(x + r) + "A" + num(r) + " "
                    + num(r) + " 0 0 1 " + num(x + r) + " " + num(y) + "Z", css);
            case WARNING -> new Scene.Path("M" + num(x + r) + " " + num(y) + "H" + num(x + w - r) + "L" + num(x + w)
                    + " " + num(y + r) + "L" + num(x + w - r) + " " + num(y + h) + "H" + num(x + r) + "L" + num(x) + " "
                    + num(y + r) + "Z", css);
            case INFO -> new Rect(x, y, w, h, css);
        };
    }

    static String cssOf(Severity s) {
        return switch (s) {
            case ERROR -> "err";
            case WARNING -> "warn";
            case INFO -> "info";
        };
    }

    static String plural(Severity s) {
        return s.keyword() + "s";
    }

    /** Badges above a lane: at each element's centre, pushed right past their neighbours, in two rows. */
    void laneBadges(Group into, Lane lane, LaneGeometry geometry, double bottom) {
        double[] rowRight = {-Double.MAX_VALUE, -Double.MAX_VALUE};
        var overflow = new ArrayList<Finding>();
        for (int g = 0; g < geometry.groups(); g++) {
            var list = d.findingsOn(lane, geometry.from(g), geometry.to(g));
            if (list.isEmpty()) {
                continue;
            }
            var seg = geometry.axis().group(g);
            var badges = badgesOf(list, where(lane, geometry.from(g), geometry.to(g)));
            double total = -4;
            for (Badge b : badges) {
                total += badgeWidth(b) + 4;
            }
            double want = Math.max(LANE_X, Math.min(seg.mid() - total / 2, LANE_X + LANE_W - total));
            boolean done = false;
            for (int row = 0; row < 2 && !done; row++) {
                double x = Math.max(want, rowRight[row] + 4);
                if (x + total <= Math.max(seg.x1() + 24, want + total) && x + total <= LANE_X + LANE_W) {
                    double y = bottom - BADGE_H - row * BADGE_ROW;
                    for (Badge b : badges) {
                        badge(into, b, x, y);
                        x += badgeWidth(b) + 4;
                    }
                    rowRight[row] = x - 4;
                    done = true;
                }
            }
            if (!done) {
                overflow.addAll(list);
            }
        }
        if (!overflow.isEmpty()) {
            notes.add(Units.plural(overflow.size(), "finding", "findings") + " on " + laneName(lane)
                    + " had no room for a badge: see the list");
        }
    }

    static String laneName(Lane lane) {
        return switch (lane) {
            case SLOT -> "memslots";
            case MAPPING -> "mappings";
            case BACKING -> "backings";
            case VM -> "the VM";
        };
    }

    String where(Lane lane, int from, int to) {
        return switch (lane) {
            case SLOT -> to - from == 1 ? "slot " + d.slots.get(from).id()
                    : "slots " + d.slots.get(from).id() + "–" + d.slots.get(to - 1).id();
            case MAPPING -> to - from == 1 ? "the mapping of " + d.mappings.get(from).backing()
                    : Units.count(to - from) + " mappings";
            case BACKING -> to - from == 1 ? "backing " + d.backings.get(from).name()
                    : "backings " + d.backings.get(from).name() + "–" + d.backings.get(to - 1).name();
            case VM -> "the VM";
        };
    }
}
