package dev.vmem.editor.map;

import static dev.vmem.editor.map.PanelGeometry.BACK_H;
import static dev.vmem.editor.map.PanelGeometry.BACK_TOP;
import static dev.vmem.editor.map.PanelGeometry.LANE_W;
import static dev.vmem.editor.map.PanelGeometry.LANE_X;
import static dev.vmem.editor.map.PanelGeometry.MAP_H;
import static dev.vmem.editor.map.PanelGeometry.MAP_TOP;
import static dev.vmem.editor.map.PanelGeometry.POPULATED;
import static dev.vmem.editor.map.PanelGeometry.POP_H;
import static dev.vmem.editor.map.PanelGeometry.PRIVATE;
import static dev.vmem.editor.map.PanelGeometry.REACHES;
import static dev.vmem.editor.map.PanelGeometry.SLOT_H;
import static dev.vmem.editor.map.PanelGeometry.SLOT_TOP;
import static dev.vmem.editor.map.PanelGeometry.STRIP_H;
import static dev.vmem.editor.map.PanelGeometry.STRIP_TOP;
import static dev.vmem.editor.map.PanelGeometry.end;

import dev.vmem.editor.map.PanelData.Piece;
import dev.vmem.editor.map.Placement.Lane;
import dev.vmem.editor.map.Scene.Anchor;
import dev.vmem.editor.map.Scene.Group;
import dev.vmem.editor.map.Scene.Rect;
import dev.vmem.editor.map.Scene.Text;
import dev.vmem.engine.report.VmLayout.BackingView;
import dev.vmem.engine.report.VmLayout.MappingView;
import dev.vmem.engine.report.VmLayout.SlotView;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.IntToLongFunction;

/**
 * The three lanes: their grouping and axes, and the shapes of memslots, mappings and backings. Inputs:
 * the panel's data, the grouping limit, the labels and tooltips rooms; output: each lane's geometry,
 * its shapes and labels, and a note for each lane drawn in groups.
 */
record Lanes(Scene scene, PanelData d, MapOptions options, Labels labeller, Tooltips tips, List<String> notes) {

    LaneGeometry slotLane() {
        return addressed(d.slots.size(), i -> d.slots.get(i).gpa(), i -> d.slots.get(i).size(), this::slotKey, true,
                "memslots");
    }

    LaneGeometry mappingLane() {
        return addressed(d.mappings.size(), i -> d.mappings.get(i).start(), i -> d.mappings.get(i).length(),
                this::mappingKey, false, "mappings");
    }

    /** What makes two slots alike enough to be drawn as one group. */
    private String slotKey(int i) {
        SlotView s = d.slots.get(i);
        var k = new StringBuilder();
        k.append(s.size()).append('|').append(s.gmemOnly()).append('|').append(s.userspace().isEmpty())
                .append('|').append(s.guestMemfd().isEmpty()).append('|').append(s.flags()).append('|')
                .append(d.severityMask(Lane.SLOT, i));
        for (Piece p : d.slotPieces.get(i)) {
            k.append('|').append(p.start() - s.gpa()).append(':').append(p.end() - p.start()).append(':')
                    .append(p.reach().ordinal()).append(p.isPrivate() ? 'p' : 's');
        }
        return k.toString();
    }

    /** What makes two mappings alike enough to be drawn as one group. */
    private String mappingKey(int i) {
        MappingView m = d.mappings.get(i);
        return m.length() + "|" + m.sharing() + "|" + d.reachOf(m.backing()).ordinal() + "|"
                + (m.populated() == 0 ? 0 : m.populated() == m.length() ? 2 : 1) + "|"
                + d.severityMask(Lane.MAPPING, i);
    }

    /** A lane of {@code n} addressed items [start, start + size): grouped by their keys, on an address axis. */
    private LaneGeometry addressed(int n, IntToLongFunction start, IntToLongFunction size, IntFunction<String> key,
            boolean fromZero, String what) {
        String[] keys = new String[n];
        long[] starts = new long[n];
        long[] ends = new long[n];
        for (int i = 0; i < n; i++) {
            starts[i] = start.applyAsLong(i);
            ends[i] = end(starts[i], size.applyAsLong(i));
            keys[i] = key.apply(i);
        }
        int[] bounds = Grouping.boundaries(keys, starts, ends, options.maxGroups());
        noteGrouping(n, Grouping.count(bounds), what);
        return new LaneGeometry(bounds, Grouping.groupOf(bounds),
                Axis.addressed(starts, ends, bounds, fromZero, LANE_X, LANE_W), n);
    }

    /** The backings' lane: on an axis of their own, each at the sum of the sizes before it. */
    LaneGeometry backingLane() {
        int n = d.backings.size();
        String[] keys = new String[n];
        long[] sizes = new long[n];
        for (int i = 0; i < n; i++) {
            BackingView b = d.backings.get(i);
            keys[i] = b.kind() + "|" + b.size() + "|" + b.flags() + "|" + b.directMap() + "|"
                    + d.severityMask(Lane.BACKING, i);
            sizes[i] = b.size();
        }
        int[] bounds = Grouping.boundaries(keys, null, null, options.maxGroups());
        noteGrouping(n, Grouping.count(bounds), "backings");
        return new LaneGeometry(bounds, Grouping.groupOf(bounds), Axis.objects(sizes, bounds, LANE_X, LANE_W), n);
    }

    void noteGrouping(int items, int groups, String what) {
        if (groups < items) {
            notes.add(Units.count(items) + " " + what + " drawn as " + Units.count(groups)
                    + " groups: runs of similar " + what + " merged, then neighbours (hover a group for its members)");
        }
    }

    // ---- slots ----------------------------------------------------------------------------------------

    void drawSlots(Group shapes, Group labels, double ly, LaneGeometry lane) {
        double top = ly + SLOT_TOP;
        if (d.slots.isEmpty()) {
            empty(labels, top + 24, "no memslots created");
            return;
        }
        // the private attribute over all of guest-physical space, as a strip above the slots
        var strip = new Strip(LANE_X, LANE_X + LANE_W, 1);
        for (var r : d.layout.privateRanges()) {
            strip.add(lane.axis().x(r.start()), lane.axis().x(end(r.start(), r.size())), PRIVATE);
        }
        var stripGroup = new Group("hit", "private ranges", tips.privateTip());
        for (var run : strip.runs()) {
            stripGroup.add(new Rect(run.x0(), ly + STRIP_TOP, run.x1() - run.x0(), STRIP_H, "pstrip"));
        }
        if (!stripGroup.children().isEmpty()) {
            shapes.add(stripGroup);
        }

        eachGroup(shapes, lane, top, SLOT_H, "no memslots", (seg, from, to) -> {
            var group = new Group("hit", tips.slotKey(from, to), tips.slotTip(from, to, seg));
            shapes.add(group);
            var fill = new Fill(seg);
            var hatch = new Strip(seg.x0(), seg.x1(), 1);
            for (int i = from; i < to; i++) {
                for (Piece p : d.slotPieces.get(i)) {
                    double x0 = lane.axis().within(seg, p.start());
                    double x1 = lane.axis().within(seg, p.end());
                    fill.add(x0, x1, p.reach());
                    if (p.isPrivate()) {
                        hatch.add(x0, x1, PRIVATE);
                    }
                }
            }
            fill.runs(group, top, SLOT_H);
            for (var run : hatch.runs()) {
                group.add(new Rect(run.x0(), top, run.x1() - run.x0(), SLOT_H, "priv"));
            }
            group.add(fill.outline(seg, top, SLOT_H));
            labeller.labelInside(labels, seg, top, SLOT_H, tips.slotLine1(from, to), tips.slotLine2(from, to));
        });
        labeller.ticks(labels, lane, ly + SLOT_TOP + SLOT_H, true);
    }

    // ---- mappings -------------------------------------------------------------------------------------

    void drawMappings(Group shapes, Group labels, double ly, LaneGeometry lane) {
        double top = ly + MAP_TOP;
        if (d.mappings.isEmpty()) {
            empty(labels, top + 21, "no mappings");
            return;
        }
        eachGroup(shapes, lane, top, MAP_H, "not mapped", (seg, from, to) -> {
            var group = new Group("hit", to - from == 1 ? "mapping " + d.mappings.get(from).backing()
                    : "mappings " + from + "-" + (to - 1), tips.mappingTip(from, to, seg));
            shapes.add(group);
            var fill = new Fill(seg);
            var pop = new Strip(seg.x0(), seg.x1(), 1);
            for (int i = from; i < to; i++) {
                MappingView m = d.mappings.get(i);
                double x0 = lane.axis().within(seg, m.start());
                double x1 = lane.axis().within(seg, end(m.start(), m.length()));
                fill.add(x0, x1, d.reachOf(m.backing()));
                if (m.populated() > 0 && m.length() > 0) {
                    pop.add(x0, x0 + (x1 - x0) * Math.min(1.0, (double) m.populated() / m.length()), POPULATED);
                }
            }
            fill.runs(group, top, MAP_H);
            for (var run : pop.runs()) {
                group.add(new Rect(run.x0(), top + MAP_H - POP_H, run.x1() - run.x0(), POP_H, "pop"));
            }
            group.add(fill.outline(seg, top, MAP_H));
            List<String> l1;
            List<String> l2;
            if (to - from == 1) {
                MappingView m = d.mappings.get(from);
                l1 = List.of(m.backing() + " (" + m.sharing().keyword() + ")", m.backing());
                String size = Units.size(m.length());
                l2 = m.populated() == 0 ? List.of(size)
                        : List.of(size + " · populated " + (m.populated() == m.length() ? "" : Units.size(m.populated())).strip(),
                                size + " · populated", size);
            } else {
                long total = 0;
                for (int i = from; i < to; i++) {
                    total += d.mappings.get(i).length();
                }
                l1 = List.of(Units.count(to - from) + " mappings", "×" + Units.count(to - from));
                l2 = List.of(Units.size(total) + " in all", Units.size(total));
            }
            labeller.labelInside(labels, seg, top, MAP_H - POP_H + 1, l1, l2);
        });
        labeller.ticks(labels, lane, top + MAP_H, false);
    }

    // ---- backings -------------------------------------------------------------------------------------

    void drawBackings(Group shapes, Group labels, double ly, LaneGeometry lane) {
        double top = ly + BACK_TOP;
        if (d.backings.isEmpty()) {
            empty(labels, top + 24, "no backings");
            return;
        }
        eachGroup(shapes, lane, top, BACK_H, null, (seg, from, to) -> {
            var group = new Group("hit", to - from == 1 ? "backing " + d.backings.get(from).name()
                    : "backings " + d.backings.get(from).name() + "-" + d.backings.get(to - 1).name(),
                    tips.backingTip(from, to));
            shapes.add(group);
            var fill = new Fill(seg);
            for (int i = from; i < to; i++) {
                BackingView b = d.backings.get(i);
                fill.add(lane.axis().within(seg, d.backingStarts[i]),
                        lane.axis().within(seg, d.backingStarts[i] + Math.max(0, b.size())), Reach.of(b.directMap()));
            }
            fill.runs(group, top, BACK_H);
            group.add(fill.outline(seg, top, BACK_H));
            List<String> l1;
            List<String> l2;
            if (to - from == 1) {
                BackingView b = d.backings.get(from);
                l1 = List.of(b.name() + ": " + b.kind().keyword(), b.name());
                String size = Units.size(b.size());
                String flags = String.join(", ", b.flags());
                String reach = Reach.of(b.directMap()).brief();
                l2 = flags.isEmpty() ? List.of(size + " · " + reach, size)
                        : List.of(size + " · " + flags + " · " + reach, size + " · " + flags, size + " · " + reach,
                                size);
            } else {
                long total = 0;
                for (int i = from; i < to; i++) {
                    total += Math.max(0, d.backings.get(i).size());
                }
                l1 = List.of(Units.count(to - from) + " backings", "×" + Units.count(to - from));
                l2 = List.of(Units.size(total) + " in all", Units.size(total));
            }
            labeller.labelInside(labels, seg, top, BACK_H, l1, l2);
        });
    }

    // ---- what the lanes share -------------------------------------------------------------------------

    /** What a lane draws for one group of its items [from, to) in its segment. */
    private interface GroupDrawing {
        void draw(Axis.Segment seg, int from, int to);
    }

    /** Each group of a lane, drawn by {@code drawing}; each hole between groups marked when {@code hole} says what it is. */
    private void eachGroup(Group shapes, LaneGeometry lane, double top, double h, String hole, GroupDrawing drawing) {
        for (var seg : lane.axis().segments()) {
            if (!seg.gap()) {
                drawing.draw(seg, lane.from(seg.group()), lane.to(seg.group()));
            } else if (hole != null) {
                labeller.gap(shapes, seg, top, h, hole);
            }
        }
    }

    /** The word in the middle of a lane that has nothing to draw. */
    private void empty(Group labels, double baseline, String text) {
        scene.place(labels, new Text(LANE_X + LANE_W / 2, baseline, text, 11, Anchor.MIDDLE, "t muted"));
    }

    /** The colours of one group's box: runs of what the kernel can reach, and an outline of the reaches it has. */
    private static final class Fill {
        private final Strip strip;
        private final boolean[] present = new boolean[REACHES.length];

        Fill(Axis.Segment seg) {
            strip = new Strip(seg.x0(), seg.x1(), REACHES.length);
        }

        void add(double x0, double x1, Reach reach) {
            strip.add(x0, x1, reach.ordinal());
            present[reach.ordinal()] = true;
        }

        void runs(Group group, double top, double h) {
            for (var run : strip.runs()) {
                group.add(new Rect(run.x0(), top, run.x1() - run.x0(), h, "f " + REACHES[run.category()].css()));
            }
        }

        Rect outline(Axis.Segment seg, double top, double h) {
            return new Rect(seg.x0(), top, seg.width(), h, "o " + Labels.outline(present));
        }
    }
}
