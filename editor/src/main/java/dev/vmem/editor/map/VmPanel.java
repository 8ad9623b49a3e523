package dev.vmem.editor.map;

import dev.vmem.engine.model.Origin;
import dev.vmem.engine.report.BackingExposure;
import dev.vmem.engine.report.ElementNote;
import dev.vmem.engine.report.Finding;
import dev.vmem.engine.report.Report;
import dev.vmem.engine.report.Severity;
import dev.vmem.engine.report.VmExposure;
import dev.vmem.engine.report.VmLayout;
import dev.vmem.engine.report.VmLayout.BackingView;
import dev.vmem.engine.report.VmLayout.MappingView;
import dev.vmem.engine.report.VmLayout.SlotView;
import dev.vmem.editor.map.Placement.Lane;
import dev.vmem.editor.map.Placement.Place;
import dev.vmem.editor.map.Scene.Anchor;
import dev.vmem.editor.map.Scene.Group;
import dev.vmem.editor.map.Scene.Rect;
import dev.vmem.editor.map.Scene.Text;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The picture of one VM: a header (name, kernel, exposure totals, findings on the VM as a whole), three
 * lanes (guest-physical memslots and attributes, the VMM's mappings, the backings), ribbons between
 * them (userspace_addr, guest_memfd bindings, what each mapping maps), finding badges on the elements
 * they are about, and a list of the findings.
 */
final class VmPanel {

    static final double WIDTH = 1280;
    static final double MARGIN = 16;
    static final double LANE_X = 184;
    static final double LANE_W = WIDTH - LANE_X - MARGIN - 12;

    // vertical layout, relative to the lanes' top
    private static final double SLOT_TOP = 42;
    private static final double SLOT_H = 40;
    private static final double STRIP_TOP = 35;
    private static final double STRIP_H = 6;
    private static final double MAP_TOP = 156;
    private static final double MAP_H = 38;
    private static final double POP_H = 5;
    private static final double BACK_TOP = 268;
    private static final double BACK_H = 40;
    private static final double LANES_H = 322;
    private static final double BADGE_H = 14;
    private static final double BADGE_ROW = 17;

    /** Codes whose findings are the exposure line itself, not marks on elements. */
    static final Set<String> SUMMARY_CODES = Set.of(dev.vmem.engine.report.Rule.DIRECT_MAP_EXPOSURE.code(),
            dev.vmem.engine.report.Rule.DIRECT_MAP_FRAGMENTATION.code());

    private static final Reach[] REACHES = Reach.values();
    private static final int PRIVATE = 0;
    private static final int POPULATED = 0;

    private final Scene scene;
    private final Report report;
    private final String vm;
    private final VmLayout layout;
    private final VmExposure exposure;
    private final List<Finding> findings;
    private final MapOptions options;
    private final List<String> notes = new ArrayList<>();

    // the lanes, in lane order
    private List<SlotView> slots = List.of();
    private List<MappingView> mappings = List.of();
    private List<BackingView> backings = List.of();
    private final Map<String, Integer> backingIndex = new HashMap<>();
    private final Map<String, List<Integer>> mappingsOfBacking = new HashMap<>();
    private List<List<Piece>> slotPieces = List.of();

    // findings by place
    private final Map<Place, List<Finding>> placed = new LinkedHashMap<>();
    private final List<Finding> onVm = new ArrayList<>();
    private final List<Finding> summary = new ArrayList<>();

    /** A stretch of a memslot: shared or private, and what the kernel can reach of it. */
    private record Piece(long start, long end, Reach reach, boolean isPrivate) {
    }

    /** A badge to draw: findings of one severity on one element. */
    private record Badge(Severity severity, List<Finding> findings, String where) {
    }

    VmPanel(Scene scene, Report report, String vm, MapOptions options) {
        this.scene = scene;
        this.report = report;
        this.vm = vm;
        this.layout = report.layout(vm).orElse(null);
        this.exposure = report.exposure(vm).orElse(null);
        this.findings = report.findings().stream().filter(f -> f.vm().equals(vm)).toList();
        this.options = options;
    }

    /** Draws the panel from {@code y0} down; returns where it ends. */
    double draw(Group parent, double y0) {
        prepare();
        var panel = new Group("panel", "vm " + vm, "");
        parent.add(panel);
        var frame = new Group("", "", "");
        panel.add(frame);

        double y = header(panel, y0);
        if (layout != null) {
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

    // ---- data -----------------------------------------------------------------------------------------

    private void prepare() {
        if (layout != null) {
            slots = layout.slots().stream().sorted(Comparator.comparing(SlotView::gpa, Long::compareUnsigned))
                    .toList();
            mappings = layout.mappings().stream()
                    .sorted(Comparator.comparing(MappingView::start, Long::compareUnsigned)).toList();
            backings = layout.backings();
            for (int i = 0; i < backings.size(); i++) {
                backingIndex.putIfAbsent(backings.get(i).name(), i);
            }
            for (int i = 0; i < mappings.size(); i++) {
                mappingsOfBacking.computeIfAbsent(mappings.get(i).backing(), k -> new ArrayList<>()).add(i);
            }
            slotPieces = pieces();
        }
        var placement = new Placement(slots, mappings, backings);
        for (Finding f : findings) {
            if (SUMMARY_CODES.contains(f.code())) {
                summary.add(f);
                continue;
            }
            Place p = placement.of(f);
            if (p.lane() == Lane.VM) {
                onVm.add(f);
            } else {
                placed.computeIfAbsent(p, k -> new ArrayList<>()).add(f);
            }
        }
    }

    private Reach reachOf(String backing) {
        Integer i = backing == null || backing.isEmpty() ? null : backingIndex.get(backing);
        return i == null ? Reach.NO_MEMORY : Reach.of(backings.get(i).directMap());
    }

    /** Each slot cut into shared and private stretches (private ranges sorted and merged first). */
    private List<List<Piece>> pieces() {
        var ranges = new ArrayList<long[]>();
        for (var r : layout.privateRanges()) {
            ranges.add(new long[] {r.start(), end(r.start(), r.size())});
        }
        ranges.sort((a, b) -> Long.compareUnsigned(a[0], b[0]));
        var merged = new ArrayList<long[]>();
        for (long[] r : ranges) {
            if (!merged.isEmpty() && Long.compareUnsigned(r[0], merged.get(merged.size() - 1)[1]) <= 0) {
                long[] last = merged.get(merged.size() - 1);
                if (Long.compareUnsigned(r[1], last[1]) > 0) {
                    last[1] = r[1];
                }
            } else {
                merged.add(r.clone());
            }
        }
        var out = new ArrayList<List<Piece>>(slots.size());
        int p = 0;
        for (SlotView s : slots) {
            long start = s.gpa();
            long end = end(s.gpa(), s.size());
            Reach shared = s.gmemOnly() ? reachOf(s.guestMemfd()) : reachOf(s.userspace());
            Reach priv = s.guestMemfd().isEmpty() ? reachOf(s.userspace()) : reachOf(s.guestMemfd());
            while (p < merged.size() && Long.compareUnsigned(merged.get(p)[1], start) <= 0) {
                p++;
            }
            var list = new ArrayList<Piece>(1);
            long cur = start;
            for (int q = p; q < merged.size() && Long.compareUnsigned(merged.get(q)[0], end) < 0; q++) {
                long rs = max(merged.get(q)[0], cur);
                long re = min(merged.get(q)[1], end);
                if (Long.compareUnsigned(rs, cur) > 0) {
                    list.add(new Piece(cur, rs, shared, false));
                }
                if (Long.compareUnsigned(re, rs) > 0) {
                    list.add(new Piece(rs, re, priv, true));
                }
                cur = max(cur, re);
            }
            if (Long.compareUnsigned(cur, end) < 0) {
                list.add(new Piece(cur, end, shared, false));
            }
            out.add(list);
        }
        return out;
    }

    /** start + size, saturated at 2^64 - 1 (an unsigned address cannot wrap on the picture). */
    static long end(long start, long size) {
        long e = start + size;
        return Long.compareUnsigned(e, start) < 0 ? -1L : e;
    }

    private static long max(long a, long b) {
        return Long.compareUnsigned(a, b) >= 0 ? a : b;
    }

    private static long min(long a, long b) {
        return Long.compareUnsigned(a, b) <= 0 ? a : b;
    }

    private int severityMask(Lane lane, int index) {
        int mask = 0;
        for (Finding f : placed.getOrDefault(new Place(lane, index), List.of())) {
            mask |= 1 << f.severity().ordinal();
        }
        return mask;
    }

    // ---- header ---------------------------------------------------------------------------------------

    private double header(Group panel, double y0) {
        var g = new Group("", "", "");
        panel.add(g);
        double base = y0 + 24;
        double x = MARGIN + 8;
        String title = "vm " + vm;
        var titleText = new Text(x, base, TextMetrics.ellipsize(title, WIDTH / 2, 15), 15, Anchor.START, "t b");
        scene.place(g, titleText);
        double after = titleText.box().x1() + 14;

        // findings about the VM as a whole: badges at the right end of the title line
        double right = WIDTH - MARGIN - 8;
        if (!onVm.isEmpty()) {
            var badges = badgesOf(onVm, "the VM as a whole (" + vm + ")");
            double bx = right;
            for (int i = badges.size() - 1; i >= 0; i--) {
                double w = badgeWidth(badges.get(i));
                bx -= w;
                badge(panel, badges.get(i), bx, base - 11);
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
        String profile = layout != null ? layout.profile()
                : report.profiles().stream().filter(p -> p.vm().equals(vm)).map(p -> p.description()).findFirst()
                        .orElse("");
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
        if (exposure != null) {
            long hw = exposure.backings().stream().mapToLong(BackingExposure::hardwareProtectedBytes).sum();
            line = "guest RAM " + Units.size(exposure.guestBytes())
                    + "  ·  in the direct map " + Units.size(exposure.directMapBytes() - hw)
                    + (hw > 0 ? "  ·  hardware-protected " + Units.size(hw) : "")
                    + "  ·  removed " + Units.size(exposure.removedBytes())
                    + "  ·  2 MiB direct-map pages split " + Units.count(exposure.largePagesSplit());
            tip.append("exposure of vm ").append(vm).append(" after bring-up\n")
                    .append("guest RAM (memslot coverage): ").append(Units.size(exposure.guestBytes())).append('\n')
                    .append("still in the kernel's direct map: ").append(Units.size(exposure.directMapBytes()))
                    .append(hw > 0 ? " (of which hardware-protected CoCo-private: " + Units.size(hw) + ")" : "")
                    .append('\n')
                    .append("removed from the direct map: ").append(Units.size(exposure.removedBytes())).append('\n')
                    .append("large (2 MiB) direct-map pages split, at least: ")
                    .append(Units.count(exposure.largePagesSplit()));
            var byExposure = new ArrayList<>(exposure.backings());
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
        for (Finding f : summary) {
            tip.append("\n").append(f.severity().keyword()).append(' ').append(f.code()).append(": ")
                    .append(f.message());
        }
        var sg = new Group("hit", "exposure " + vm, tip.toString());
        g.add(sg);
        scene.place(sg, new Text(MARGIN + 8, sbase, TextMetrics.ellipsize(line, WIDTH - 2 * MARGIN - 16, 12), 12,
                Anchor.START, "t"));
        return y0 + 56;
    }

    // ---- lanes ----------------------------------------------------------------------------------------

    private void lanes(Group panel, double ly) {
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
        var slotLane = slotLane();
        var mapLane = mappingLane();
        var backLane = backingLane();

        drawSlots(shapes, labels, ly, slotLane);
        drawMappings(shapes, labels, ly, mapLane);
        drawBackings(shapes, labels, ly, backLane);
        ribbons(ribbons, gmemRibbons, labels, ly, slotLane, mapLane, backLane);

        laneBadges(badges, Lane.SLOT, slotLane, ly + STRIP_TOP - 2);
        laneBadges(badges, Lane.MAPPING, mapLane, ly + MAP_TOP - 2);
        laneBadges(badges, Lane.BACKING, backLane, ly + BACK_TOP - 2);
    }

    private void laneTitle(Group labels, double top, double h, String title, String sub) {
        double mid = top + h / 2;
        scene.place(labels, new Text(MARGIN + 8, mid - 2, title, 11, Anchor.START, "t b"));
        scene.place(labels, new Text(MARGIN + 8, mid + 12, sub, 10, Anchor.START, "t muted"));
    }

    /** A lane's grouping and axis. */
    private record LaneGeometry(int[] bounds, int[] groupOf, Axis axis, int items) {
        int groups() {
            return Grouping.count(bounds);
        }

        int from(int g) {
            return bounds[g];
        }

        int to(int g) {
            return bounds[g + 1];
        }
    }

    private LaneGeometry slotLane() {
        int n = slots.size();
        String[] keys = new String[n];
        long[] starts = new long[n];
        long[] ends = new long[n];
        for (int i = 0; i < n; i++) {
            SlotView s = slots.get(i);
            starts[i] = s.gpa();
            ends[i] = end(s.gpa(), s.size());
            var k = new StringBuilder();
            k.append(s.size()).append('|').append(s.gmemOnly()).append('|').append(s.userspace().isEmpty())
                    .append('|').append(s.guestMemfd().isEmpty()).append('|').append(s.flags()).append('|')
                    .append(severityMask(Lane.SLOT, i));
            for (Piece p : slotPieces.get(i)) {
                k.append('|').append(p.start() - s.gpa()).append(':').append(p.end() - p.start()).append(':')
                        .append(p.reach().ordinal()).append(p.isPrivate() ? 'p' : 's');
            }
            keys[i] = k.toString();
        }
        int[] bounds = Grouping.boundaries(keys, starts, ends, options.maxGroups());
        noteGrouping(n, Grouping.count(bounds), "memslots");
        return new LaneGeometry(bounds, Grouping.groupOf(bounds),
                Axis.addressed(starts, ends, bounds, true, LANE_X, LANE_W), n);
    }

    private LaneGeometry mappingLane() {
        int n = mappings.size();
        String[] keys = new String[n];
        long[] starts = new long[n];
        long[] ends = new long[n];
        for (int i = 0; i < n; i++) {
            MappingView m = mappings.get(i);
            starts[i] = m.start();
            ends[i] = end(m.start(), m.length());
            keys[i] = m.length() + "|" + m.sharing() + "|" + reachOf(m.backing()).ordinal() + "|"
                    + (m.populated() == 0 ? 0 : m.populated() == m.length() ? 2 : 1) + "|"
                    + severityMask(Lane.MAPPING, i);
        }
        int[] bounds = Grouping.boundaries(keys, starts, ends, options.maxGroups());
        noteGrouping(n, Grouping.count(bounds), "mappings");
        return new LaneGeometry(bounds, Grouping.groupOf(bounds),
                Axis.addressed(starts, ends, bounds, false, LANE_X, LANE_W), n);
    }

    /** Backings sit on an axis of their own: each at the sum of the sizes before it. */
    private long[] backingStarts;

    private LaneGeometry backingLane() {
        int n = backings.size();
        String[] keys = new String[n];
        backingStarts = new long[n];
        long cursor = 0;
        for (int i = 0; i < n; i++) {
            BackingView b = backings.get(i);
            backingStarts[i] = cursor;
            cursor += Math.max(0, b.size());
            keys[i] = b.kind() + "|" + b.size() + "|" + b.flags() + "|" + b.directMap() + "|"
                    + severityMask(Lane.BACKING, i);
        }
        int[] bounds = Grouping.boundaries(keys, null, null, options.maxGroups());
        long[] sizes = new long[n];
        for (int i = 0; i < n; i++) {
            sizes[i] = backings.get(i).size();
        }
        noteGrouping(n, Grouping.count(bounds), "backings");
        return new LaneGeometry(bounds, Grouping.groupOf(bounds), Axis.objects(sizes, bounds, LANE_X, LANE_W), n);
    }

    private void noteGrouping(int items, int groups, String what) {
        if (groups < items) {
            notes.add(Units.count(items) + " " + what + " drawn as " + Units.count(groups)
                    + " groups: runs of similar " + what + " merged, then neighbours (hover a group for its members)");
        }
    }

    // ---- slots ----------------------------------------------------------------------------------------

    private void drawSlots(Group shapes, Group labels, double ly, LaneGeometry lane) {
        double top = ly + SLOT_TOP;
        if (slots.isEmpty()) {
            scene.place(labels, new Text(LANE_X + LANE_W / 2, top + 24, "no memslots created", 11, Anchor.MIDDLE,
                    "t muted"));
            return;
        }
        // the private attribute over all of guest-physical space, as a strip above the slots
        var strip = new Strip(LANE_X, LANE_X + LANE_W, 1);
        for (var r : layout.privateRanges()) {
            strip.add(lane.axis().x(r.start()), lane.axis().x(end(r.start(), r.size())), PRIVATE);
        }
        var stripGroup = new Group("hit", "private ranges", privateTip());
        for (var run : strip.runs()) {
            stripGroup.add(new Rect(run.x0(), ly + STRIP_TOP, run.x1() - run.x0(), STRIP_H, "pstrip"));
        }
        if (!stripGroup.children().isEmpty()) {
            shapes.add(stripGroup);
        }

        for (var seg : lane.axis().segments()) {
            if (seg.gap()) {
                gap(shapes, seg, top, SLOT_H, "no memslots");
                continue;
            }
            int g = seg.group();
            int from = lane.from(g);
            int to = lane.to(g);
            var group = new Group("hit", slotKey(from, to), slotTip(from, to, seg));
            shapes.add(group);
            var fill = new Strip(seg.x0(), seg.x1(), REACHES.length);
            var hatch = new Strip(seg.x0(), seg.x1(), 1);
            var present = new boolean[REACHES.length];
            for (int i = from; i < to; i++) {
                for (Piece p : slotPieces.get(i)) {
                    double x0 = lane.axis().within(seg, p.start());
                    double x1 = lane.axis().within(seg, p.end());
                    fill.add(x0, x1, p.reach().ordinal());
                    present[p.reach().ordinal()] = true;
                    if (p.isPrivate()) {
                        hatch.add(x0, x1, PRIVATE);
                    }
                }
            }
            for (var run : fill.runs()) {
                group.add(new Rect(run.x0(), top, run.x1() - run.x0(), SLOT_H, "f " + REACHES[run.category()].css()));
            }
            for (var run : hatch.runs()) {
                group.add(new Rect(run.x0(), top, run.x1() - run.x0(), SLOT_H, "priv"));
            }
            group.add(new Rect(seg.x0(), top, seg.width(), SLOT_H, "o " + outline(present)));
            labelInside(labels, seg, top, SLOT_H, slotLine1(from, to), slotLine2(from, to));
        }
        ticks(labels, lane, ly + SLOT_TOP + SLOT_H, true);
    }

    private String slotKey(int from, int to) {
        return to - from == 1 ? "slot " + slots.get(from).id()
                : "slots " + slots.get(from).id() + "-" + slots.get(to - 1).id();
    }

    private List<String> slotLine1(int from, int to) {
        if (to - from == 1) {
            long id = slots.get(from).id();
            return List.of("slot " + id, "s" + id, Long.toString(id));
        }
        return List.of(Units.count(to - from) + " slots " + slots.get(from).id() + "–" + slots.get(to - 1).id(),
                Units.count(to - from) + " slots", "×" + Units.count(to - from));
    }

    private List<String> slotLine2(int from, int to) {
        if (to - from == 1) {
            SlotView s = slots.get(from);
            var pieces = slotPieces.get(from);
            String size = Units.size(s.size());
            String reach = pieces.stream().map(p -> p.reach()).distinct().count() == 1 && !pieces.isEmpty()
                    ? pieces.get(0).reach().brief() : "mixed";
            long priv = pieces.stream().filter(Piece::isPrivate).mapToLong(p -> p.end() - p.start()).sum();
            String attr = priv == 0 ? "" : priv == s.size() ? "private" : "part private";
            String how = s.gmemOnly() ? "gmem-only" : !s.guestMemfd().isEmpty() ? "gmem-bound" : "";
            var parts = new ArrayList<String>();
            parts.add(join(size, attr, how, reach));
            parts.add(join(size, attr, reach));
            parts.add(join(size, reach));
            parts.add(size);
            return parts;
        }
        long total = 0;
        boolean same = true;
        for (int i = from; i < to; i++) {
            total += slots.get(i).size();
            same &= slots.get(i).size() == slots.get(from).size();
        }
        return same ? List.of(Units.count(to - from) + " × " + Units.size(slots.get(from).size()),
                Units.size(total)) : List.of(Units.size(total) + " in all", Units.size(total));
    }

    private String slotTip(int from, int to, Axis.Segment seg) {
        var b = new StringBuilder();
        if (to - from == 1) {
            SlotView s = slots.get(from);
            b.append("memslot ").append(s.id()).append(": gpa [").append(Units.address(s.gpa())).append(", ")
                    .append(Units.address(end(s.gpa(), s.size()))).append("), ").append(Units.size(s.size()));
            b.append("\nuserspace_addr: ").append(s.userspace().isEmpty() ? "none (no mapping behind it)"
                    : "mapping of " + s.userspace() + " + " + Units.address(s.userspaceOffset()));
            if (!s.guestMemfd().isEmpty()) {
                b.append("\nguest_memfd: ").append(s.guestMemfd()).append(" offset ")
                        .append(Units.address(s.guestMemfdOffset()))
                        .append(s.gmemOnly() ? " (GMEM_ONLY: guest faults come from the guest_memfd)"
                                : " (private faults from the guest_memfd, shared ones via userspace_addr)");
            }
            if (!s.flags().isEmpty()) {
                b.append("\nflags: ").append(String.join(" | ", s.flags()));
            }
            for (Piece p : slotPieces.get(from)) {
                b.append("\n[").append(Units.address(p.start())).append(", ").append(Units.address(p.end()))
                        .append(") ").append(p.isPrivate() ? "private" : "shared").append(": ")
                        .append(p.reach().legend());
            }
            notesOf(b, s.origin());
            declared(b, s.origin());
        } else {
            long total = 0;
            var byReach = new TreeMap<Reach, Long>();
            long priv = 0;
            for (int i = from; i < to; i++) {
                total += slots.get(i).size();
                for (Piece p : slotPieces.get(i)) {
                    byReach.merge(p.reach(), p.end() - p.start(), Long::sum);
                    if (p.isPrivate()) {
                        priv += p.end() - p.start();
                    }
                }
            }
            b.append(Units.count(to - from)).append(" memslots, ").append(slots.get(from).id()).append(" to ")
                    .append(slots.get(to - 1).id()).append(" (drawn as one group)");
            b.append("\nspread over gpa [").append(Units.address(seg.start())).append(", ")
                    .append(Units.address(seg.end())).append("): ").append(Units.size(total))
                    .append(" in memslots, drawn side by side (holes between them take no room)");
            for (var e : byReach.entrySet()) {
                b.append("\n").append(e.getKey().legend()).append(": ").append(Units.size(e.getValue()));
            }
            if (priv > 0) {
                b.append("\nprivate attribute: ").append(Units.size(priv));
            }
            members(b, from, to, i -> {
                SlotView s = slots.get(i);
                return "slot " + s.id() + " gpa " + Units.address(s.gpa()) + " " + Units.size(s.size())
                        + (s.userspace().isEmpty() ? "" : " userspace " + s.userspace())
                        + (s.guestMemfd().isEmpty() ? "" : " guest_memfd " + s.guestMemfd());
            });
        }
        findingsTip(b, Lane.SLOT, from, to);
        return b.toString();
    }

    private String privateTip() {
        var b = new StringBuilder("private attribute (KVM_SET_MEMORY_ATTRIBUTES): ");
        var ranges = layout.privateRanges();
        long total = 0;
        for (var r : ranges) {
            total += r.size();
        }
        b.append(Units.size(total)).append(" in ").append(Units.plural(ranges.size(), "range", "ranges"));
        for (int i = 0; i < Math.min(8, ranges.size()); i++) {
            var r = ranges.get(i);
            b.append("\n[").append(Units.address(r.start())).append(", ").append(Units.address(end(r.start(), r.size())))
                    .append(")");
        }
        if (ranges.size() > 8) {
            b.append("\n… and ").append(Units.count(ranges.size() - 8)).append(" more");
        }
        return b.toString();
    }

    // ---- mappings -------------------------------------------------------------------------------------

    private void drawMappings(Group shapes, Group labels, double ly, LaneGeometry lane) {
        double top = ly + MAP_TOP;
        if (mappings.isEmpty()) {
            scene.place(labels, new Text(LANE_X + LANE_W / 2, top + 21, "no mappings", 11, Anchor.MIDDLE, "t muted"));
            return;
        }
        for (var seg : lane.axis().segments()) {
            if (seg.gap()) {
                gap(shapes, seg, top, MAP_H, "not mapped");
                continue;
            }
            int g = seg.group();
            int from = lane.from(g);
            int to = lane.to(g);
            var group = new Group("hit", to - from == 1 ? "mapping " + mappings.get(from).backing()
                    : "mappings " + from + "-" + (to - 1), mappingTip(from, to, seg));
            shapes.add(group);
            var fill = new Strip(seg.x0(), seg.x1(), REACHES.length);
            var pop = new Strip(seg.x0(), seg.x1(), 1);
            var present = new boolean[REACHES.length];
            for (int i = from; i < to; i++) {
                MappingView m = mappings.get(i);
                double x0 = lane.axis().within(seg, m.start());
                double x1 = lane.axis().within(seg, end(m.start(), m.length()));
                Reach r = reachOf(m.backing());
                fill.add(x0, x1, r.ordinal());
                present[r.ordinal()] = true;
                if (m.populated() > 0 && m.length() > 0) {
                    pop.add(x0, x0 + (x1 - x0) * Math.min(1.0, (double) m.populated() / m.length()), POPULATED);
                }
            }
            for (var run : fill.runs()) {
                group.add(new Rect(run.x0(), top, run.x1() - run.x0(), MAP_H, "f " + REACHES[run.category()].css()));
            }
            for (var run : pop.runs()) {
                group.add(new Rect(run.x0(), top + MAP_H - POP_H, run.x1() - run.x0(), POP_H, "pop"));
            }
            group.add(new Rect(seg.x0(), top, seg.width(), MAP_H, "o " + outline(present)));
            List<String> l1;
            List<String> l2;
            if (to - from == 1) {
                MappingView m = mappings.get(from);
                l1 = List.of(m.backing() + " (" + m.sharing().keyword() + ")", m.backing());
                String size = Units.size(m.length());
                l2 = m.populated() == 0 ? List.of(size)
                        : List.of(size + " · populated " + (m.populated() == m.length() ? "" : Units.size(m.populated())).strip(),
                                size + " · populated", size);
            } else {
                long total = 0;
                for (int i = from; i < to; i++) {
                    total += mappings.get(i).length();
                }
                l1 = List.of(Units.count(to - from) + " mappings", "×" + Units.count(to - from));
                l2 = List.of(Units.size(total) + " in all", Units.size(total));
            }
            labelInside(labels, seg, top, MAP_H - POP_H + 1, l1, l2);
        }
        ticks(labels, lane, top + MAP_H, false);
    }

    private String mappingTip(int from, int to, Axis.Segment seg) {
        var b = new StringBuilder();
        if (to - from == 1) {
            MappingView m = mappings.get(from);
            b.append("mmap of ").append(m.backing()).append(": [").append(Units.address(m.start())).append(", ")
                    .append(Units.address(end(m.start(), m.length()))).append("), ").append(Units.size(m.length()))
                    .append(", MAP_").append(m.sharing().keyword().toUpperCase(Locale.ROOT));
            b.append("\npopulated (page-table entries present): ").append(Units.size(m.populated()));
            b.append("\nits memory: ").append(reachOf(m.backing()).legend());
            notesOf(b, m.origin());
            declared(b, m.origin());
        } else {
            long total = 0;
            long populated = 0;
            for (int i = from; i < to; i++) {
                total += mappings.get(i).length();
                populated += mappings.get(i).populated();
            }
            b.append(Units.count(to - from)).append(" mappings (drawn as one group), [")
                    .append(Units.address(seg.start())).append(", ").append(Units.address(seg.end())).append("): ")
                    .append(Units.size(total)).append(" mapped, ").append(Units.size(populated)).append(" populated");
            members(b, from, to, i -> {
                MappingView m = mappings.get(i);
                return m.backing() + " at " + Units.address(m.start()) + " " + Units.size(m.length()) + " "
                        + m.sharing().keyword();
            });
        }
        findingsTip(b, Lane.MAPPING, from, to);
        return b.toString();
    }

    // ---- backings -------------------------------------------------------------------------------------

    private void drawBackings(Group shapes, Group labels, double ly, LaneGeometry lane) {
        double top = ly + BACK_TOP;
        if (backings.isEmpty()) {
            scene.place(labels, new Text(LANE_X + LANE_W / 2, top + 24, "no backings", 11, Anchor.MIDDLE, "t muted"));
            return;
        }
        for (var seg : lane.axis().segments()) {
            if (seg.gap()) {
                continue;
            }
            int g = seg.group();
            int from = lane.from(g);
            int to = lane.to(g);
            var group = new Group("hit", to - from == 1 ? "backing " + backings.get(from).name()
                    : "backings " + backings.get(from).name() + "-" + backings.get(to - 1).name(),
                    backingTip(from, to));
            shapes.add(group);
            var fill = new Strip(seg.x0(), seg.x1(), REACHES.length);
            var present = new boolean[REACHES.length];
            for (int i = from; i < to; i++) {
                BackingView b = backings.get(i);
                Reach r = Reach.of(b.directMap());
                fill.add(lane.axis().within(seg, backingStarts[i]),
                        lane.axis().within(seg, backingStarts[i] + Math.max(0, b.size())), r.ordinal());
                present[r.ordinal()] = true;
            }
            for (var run : fill.runs()) {
                group.add(new Rect(run.x0(), top, run.x1() - run.x0(), BACK_H, "f " + REACHES[run.category()].css()));
            }
            group.add(new Rect(seg.x0(), top, seg.width(), BACK_H, "o " + outline(present)));
            List<String> l1;
            List<String> l2;
            if (to - from == 1) {
                BackingView b = backings.get(from);
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
                    total += Math.max(0, backings.get(i).size());
                }
                l1 = List.of(Units.count(to - from) + " backings", "×" + Units.count(to - from));
                l2 = List.of(Units.size(total) + " in all", Units.size(total));
            }
            labelInside(labels, seg, top, BACK_H, l1, l2);
        }
    }

    private String backingTip(int from, int to) {
        var b = new StringBuilder();
        if (to - from == 1) {
            BackingView v = backings.get(from);
            b.append(v.name()).append(": ").append(v.kind().keyword()).append(", ").append(Units.size(v.size()));
            if (!v.flags().isEmpty()) {
                b.append(", flags ").append(String.join(" | ", v.flags()));
            }
            b.append("\ndirect map: ").append(Reach.of(v.directMap()).legend());
            if (exposure != null) {
                for (BackingExposure e : exposure.backings()) {
                    if (e.backing().equals(v.name())) {
                        b.append("\nguest RAM from it: ").append(Units.size(e.guestBytes())).append("; in the direct map: ")
                                .append(Units.size(e.directMapBytes()));
                        if (e.hardwareProtectedBytes() > 0) {
                            b.append(" (hardware-protected: ").append(Units.size(e.hardwareProtectedBytes())).append(')');
                        }
                        b.append("; removed: ").append(Units.size(e.removedBytes()));
                        if (!e.reason().isEmpty()) {
                            b.append("\n").append(e.reason());
                        }
                    }
                }
            }
            notesOf(b, v.origin());
            declared(b, v.origin());
        } else {
            long total = 0;
            var byReach = new TreeMap<Reach, Long>();
            for (int i = from; i < to; i++) {
                total += Math.max(0, backings.get(i).size());
                byReach.merge(Reach.of(backings.get(i).directMap()), Math.max(0, backings.get(i).size()), Long::sum);
            }
            b.append(Units.count(to - from)).append(" backings (drawn as one group): ").append(Units.size(total));
            for (var e : byReach.entrySet()) {
                b.append("\n").append(e.getKey().legend()).append(": ").append(Units.size(e.getValue()));
            }
            members(b, from, to, i -> {
                BackingView v = backings.get(i);
                return v.name() + ": " + v.kind().keyword() + " " + Units.size(v.size())
                        + (v.flags().isEmpty() ? "" : " " + String.join("|", v.flags()));
            });
        }
        findingsTip(b, Lane.BACKING, from, to);
        return b.toString();
    }

    // ---- ribbons --------------------------------------------------------------------------------------

    /** One band between two lanes: from [a0, a1] on the upper lane to [b0, b1] on the lower. */
    private static final class Band {
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

    private void ribbons(Group ribbons, Group gmemRibbons, Group labels, double ly, LaneGeometry slotLane,
            LaneGeometry mapLane, LaneGeometry backLane) {
        var userspace = new LinkedHashMap<Long, Band>();
        var gmem = new LinkedHashMap<Long, Band>();
        var maps = new LinkedHashMap<Long, Band>();
        for (int i = 0; i < slots.size(); i++) {
            SlotView s = slots.get(i);
            var sseg = slotLane.axis().group(slotLane.groupOf()[i]);
            double a0 = slotLane.axis().within(sseg, s.gpa());
            double a1 = slotLane.axis().within(sseg, end(s.gpa(), s.size()));
            int m = mappingFor(s);
            if (m >= 0) {
                MappingView mv = mappings.get(m);
                var mseg = mapLane.axis().group(mapLane.groupOf()[m]);
                long from = mv.start() + Math.max(0, s.userspaceOffset());
                double b0 = mapLane.axis().within(mseg, from);
                double b1 = mapLane.axis().within(mseg, end(from, s.size()));
                long key = ((long) slotLane.groupOf()[i] << 32) | mapLane.groupOf()[m];
                userspace.computeIfAbsent(key, k -> new Band()).add(a0, a1, b0, b1,
                        "slot " + s.id() + " → " + s.userspace() + " + " + Units.address(s.userspaceOffset()));
            }
            Integer b = s.guestMemfd().isEmpty() ? null : backingIndex.get(s.guestMemfd());
            if (b != null) {
                var bseg = backLane.axis().group(backLane.groupOf()[b]);
                long size = Math.max(0, backings.get(b).size());
                long off = Math.min(Math.max(0, s.guestMemfdOffset()), size);
                long len = Math.min(s.size() < 0 ? size : s.size(), size - off);
                double b0 = backLane.axis().within(bseg, backingStarts[b] + off);
                double b1 = backLane.axis().within(bseg, backingStarts[b] + off + len);
                long key = ((long) slotLane.groupOf()[i] << 32) | backLane.groupOf()[b];
                gmem.computeIfAbsent(key, k -> new Band()).add(a0, a1, b0, b1,
                        "slot " + s.id() + " → guest_memfd " + s.guestMemfd() + " offset "
                                + Units.address(s.guestMemfdOffset()));
            }
        }
        for (int m = 0; m < mappings.size(); m++) {
            MappingView mv = mappings.get(m);
            Integer b = backingIndex.get(mv.backing());
            if (b == null) {
                continue;
            }
            var mseg = mapLane.axis().group(mapLane.groupOf()[m]);
            var bseg = backLane.axis().group(backLane.groupOf()[b]);
            long size = Math.max(0, backings.get(b).size());
            long len = Math.min(Math.max(0, mv.length()), size);
            double a0 = mapLane.axis().within(mseg, mv.start());
            double a1 = mapLane.axis().within(mseg, end(mv.start(), mv.length()));
            double b0 = backLane.axis().within(bseg, backingStarts[b]);
            double b1 = backLane.axis().within(bseg, backingStarts[b] + len);
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
    private int mappingFor(SlotView s) {
        if (s.userspace().isEmpty()) {
            return -1;
        }
        var list = mappingsOfBacking.get(s.userspace());
        if (list == null) {
            return -1;
        }
        for (int m : list) {
            if (Long.compareUnsigned(s.userspaceOffset(), mappings.get(m).length()) < 0) {
                return m;
            }
        }
        return list.get(0);
    }

    private static final int MAX_BANDS = 400;

    private void bands(Group into, Group labels, Map<Long, Band> bands, double ya, double yb, String css,
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
    private void bandLabel(Group labels, double a0, double a1, double b0, double b1, double ya, double yb,
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

    static String num(double v) {
        double r = Math.round(v * 10) / 10.0;
        if (r == (long) r) {
            return Long.toString((long) r);
        }
        return String.format(Locale.ROOT, "%.1f", r);
    }

    // ---- labels, ticks, gaps --------------------------------------------------------------------------

    /** Up to two lines inside a box: the first candidate of each list that fits, else an abbreviation. */
    private void labelInside(Group labels, Axis.Segment seg, double top, double h, List<String> line1,
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

    private static String pick(List<String> candidates, double avail, double size) {
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
    private void ticks(Group labels, LaneGeometry lane, double bottom, boolean gpa) {
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

    private void tick(Group labels, double x, double base, String text, Anchor anchor, double bottom) {
        var t = new Text(x + (anchor == Anchor.START ? 1 : anchor == Anchor.END ? -1 : 0), base, text, 10, anchor,
                "t muted halo");
        if (scene.place(labels, t) && bottom >= 0) {
            labels.add(new Rect(x - 0.5, bottom, 1, 3, "tick"));
        }
    }

    private void gap(Group shapes, Axis.Segment seg, double top, double h, String what) {
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

    private static String outline(boolean[] present) {
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

    // ---- badges ---------------------------------------------------------------------------------------

    private List<Badge> badgesOf(List<Finding> list, String where) {
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

    private static double badgeWidth(Badge b) {
        return badgeWidth(b.findings().size());
    }

    /** A badge: a red pill (error), a yellow pennant (warning) or a blue square (info), with a count. */
    private void badge(Group into, Badge b, double x, double y) {
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

    private static String plural(Severity s) {
        return s.keyword() + "s";
    }

    /** Badges above a lane: at each element's centre, pushed right past their neighbours, in two rows. */
    private void laneBadges(Group into, Lane lane, LaneGeometry geometry, double bottom) {
        double[] rowRight = {-Double.MAX_VALUE, -Double.MAX_VALUE};
        var overflow = new ArrayList<Finding>();
        for (int g = 0; g < geometry.groups(); g++) {
            var list = new ArrayList<Finding>();
            for (int i = geometry.from(g); i < geometry.to(g); i++) {
                list.addAll(placed.getOrDefault(new Place(lane, i), List.of()));
            }
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

    private static String laneName(Lane lane) {
        return switch (lane) {
            case SLOT -> "memslots";
            case MAPPING -> "mappings";
            case BACKING -> "backings";
            case VM -> "the VM";
        };
    }

    private String where(Lane lane, int from, int to) {
        return switch (lane) {
            case SLOT -> to - from == 1 ? "slot " + slots.get(from).id()
                    : "slots " + slots.get(from).id() + "–" + slots.get(to - 1).id();
            case MAPPING -> to - from == 1 ? "the mapping of " + mappings.get(from).backing()
                    : Units.count(to - from) + " mappings";
            case BACKING -> to - from == 1 ? "backing " + backings.get(from).name()
                    : "backings " + backings.get(from).name() + "–" + backings.get(to - 1).name();
            case VM -> "the VM";
        };
    }

    // ---- the list of findings -------------------------------------------------------------------------

    private double findingList(Group panel, double y) {
        record Entry(Finding finding, String where) {
        }
        var entries = new ArrayList<Entry>();
        for (var e : placed.entrySet()) {
            for (Finding f : e.getValue()) {
                entries.add(new Entry(f, where(e.getKey().lane(), e.getKey().index(), e.getKey().index() + 1)));
            }
        }
        for (Finding f : onVm) {
            entries.add(new Entry(f, "vm " + vm));
        }
        // engine order within a severity: the order findings were reached
        var order = new HashMap<Finding, Integer>();
        for (int i = 0; i < findings.size(); i++) {
            order.putIfAbsent(findings.get(i), i);
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
            declared(tip, f.origin());
            String path = f.trace().kernelPath();
            if (!path.isEmpty()) {
                tip.append("\nkernel path: ").append(path);
            }
            var g = new Group("hit", "finding " + f.code(), tip.toString());
            panel.add(g);
            double bw = badgeWidth(1);
            g.add(badgeShape(f.severity(), MARGIN + 12, base - 11, bw));
            double tx = MARGIN + 12 + bw + 8;
            String text = e.where() + " — " + f.severity().keyword() + " " + f.code() + ": " + oneLine(f.message());
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

    private double notes(Group panel, double y) {
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

    // ---- tooltips -------------------------------------------------------------------------------------

    private void findingsTip(StringBuilder b, Lane lane, int from, int to) {
        int count = 0;
        for (int i = from; i < to; i++) {
            for (Finding f : placed.getOrDefault(new Place(lane, i), List.of())) {
                if (count == 0) {
                    b.append("\nfindings:");
                }
                if (count++ < 8) {
                    b.append("\n• ").append(f.severity().keyword()).append(' ').append(f.code()).append(": ")
                            .append(f.message());
                }
            }
        }
        if (count > 8) {
            b.append("\n… and ").append(Units.count(count - 8)).append(" more");
        }
    }

    private void notesOf(StringBuilder b, Origin origin) {
        for (ElementNote n : report.notesFor(origin)) {
            for (String line : n.lines()) {
                b.append("\n").append(line);
            }
        }
    }

    private static void declared(StringBuilder b, Origin origin) {
        if (origin != null && origin != Origin.NONE) {
            b.append("\ndeclared: ").append(origin.describe());
        }
    }

    private interface Describe {
        String of(int i);
    }

    private static void members(StringBuilder b, int from, int to, Describe describe) {
        int n = to - from;
        int head = Math.min(n, 5);
        for (int i = from; i < from + head; i++) {
            b.append("\n• ").append(describe.of(i));
        }
        if (n > head + 1) {
            b.append("\n… ").append(Units.count(n - head - 1)).append(" more");
        }
        if (n > head) {
            b.append("\n• ").append(describe.of(to - 1));
        }
    }

    private static String join(String... parts) {
        var out = new ArrayList<String>();
        for (String p : parts) {
            if (p != null && !p.isEmpty()) {
                out.add(p);
            }
        }
        return String.join(" · ", out);
    }

    static String oneLine(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s+", " ");
    }
}
