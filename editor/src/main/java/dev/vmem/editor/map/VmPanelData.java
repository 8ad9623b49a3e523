package dev.vmem.editor.map;

import dev.vmem.engine.report.Finding;
import dev.vmem.engine.report.Report;
import dev.vmem.engine.report.Severity;
import dev.vmem.engine.report.VmExposure;
import dev.vmem.engine.report.VmLayout;
import dev.vmem.engine.report.VmLayout.BackingView;
import dev.vmem.engine.report.VmLayout.MappingView;
import dev.vmem.engine.report.VmLayout.SlotView;
import dev.vmem.engine.report.VmLayout.Stretch;
import dev.vmem.editor.map.Placement.Lane;
import dev.vmem.editor.map.Placement.Place;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The data of one VM's picture: the engine's layout in lane order (slots by address, mappings by
 * start, backings as declared), each slot's shared and private stretches as the engine routes them,
 * the findings by the element they are about, and the geometry constants the rooms share. The picture
 * is drawn by a chain of rooms, each adding one concern: {@link VmPanelText} (tooltip and label text),
 * {@link VmPanelBadges}, {@link VmPanelLabels} (labels, ticks, gaps), {@link VmPanelLanes} (the three
 * lanes' shapes), {@link VmPanelRibbons} (bands between the lanes) and {@link VmPanel} (header, lanes,
 * list of findings).
 */
abstract class VmPanelData {

    static final double WIDTH = 1280;
    static final double MARGIN = 16;
    static final double LANE_X = 184;
    static final double LANE_W = WIDTH - LANE_X - MARGIN - 12;

    // vertical layout, relative to the lanes' top
    static final double SLOT_TOP = 42;
    static final double SLOT_H = 40;
    static final double STRIP_TOP = 35;
    static final double STRIP_H = 6;
    static final double MAP_TOP = 156;
    static final double MAP_H = 38;
    static final double POP_H = 5;
    static final double BACK_TOP = 268;
    static final double BACK_H = 40;
    static final double LANES_H = 322;
    static final double BADGE_H = 14;
    static final double BADGE_ROW = 17;

    /** Codes whose findings are the exposure line itself, not marks on elements. */
    static final Set<String> SUMMARY_CODES = Set.of(dev.vmem.engine.report.Rule.DIRECT_MAP_EXPOSURE.code(),
            dev.vmem.engine.report.Rule.DIRECT_MAP_FRAGMENTATION.code());

    static final Reach[] REACHES = Reach.values();
    static final int PRIVATE = 0;
    static final int POPULATED = 0;

    final Scene scene;
    final Report report;
    final String vm;
    final VmLayout layout;
    final VmExposure exposure;
    final List<Finding> findings;
    final MapOptions options;
    final List<String> notes = new ArrayList<>();

    // the lanes, in lane order
    List<SlotView> slots = List.of();
    List<MappingView> mappings = List.of();
    List<BackingView> backings = List.of();
    final Map<String, Integer> backingIndex = new HashMap<>();
    final Map<String, List<Integer>> mappingsOfBacking = new HashMap<>();
    List<List<Piece>> slotPieces = List.of();

    // findings by place
    final Map<Place, List<Finding>> placed = new LinkedHashMap<>();
    final List<Finding> onVm = new ArrayList<>();
    final List<Finding> summary = new ArrayList<>();

    /** A stretch of a memslot: shared or private, and what the kernel can reach of it. */
    record Piece(long start, long end, Reach reach, boolean isPrivate) {
    }

    /** A badge to draw: findings of one severity on one element. */
    record Badge(Severity severity, List<Finding> findings, String where) {
    }

    VmPanelData(Scene scene, Report report, String vm, MapOptions options) {
        this.scene = scene;
        this.report = report;
        this.vm = vm;
        this.layout = report.layout(vm).orElse(null);
        this.exposure = report.exposure(vm).orElse(null);
        this.findings = report.findings().stream().filter(f -> f.vm().equals(vm)).toList();
        this.options = options;
    }


    // ---- data -----------------------------------------------------------------------------------------

    void prepare() {
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

    Reach reachOf(String backing) {
        Integer i = backing == null || backing.isEmpty() ? null : backingIndex.get(backing);
        return i == null ? Reach.NO_MEMORY : Reach.of(backings.get(i).directMap());
    }

    /** Each slot's shared and private stretches as the engine's layout cuts and routes them. */
    List<List<Piece>> pieces() {
        var out = new ArrayList<List<Piece>>(slots.size());
        for (List<Stretch> stretches : layout.stretches(slots)) {
            var list = new ArrayList<Piece>(stretches.size());
            for (Stretch st : stretches) {
                list.add(new Piece(st.start(), st.end(), reachOf(st.backing()), st.isPrivate()));
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

    int severityMask(Lane lane, int index) {
        int mask = 0;
        for (Finding f : placed.getOrDefault(new Place(lane, index), List.of())) {
            mask |= 1 << f.severity().ordinal();
        }
        return mask;
    }

    static String num(double v) {
        double r = Math.round(v * 10) / 10.0;
        if (r == (long) r) {
            return Long.toString((long) r);
        }
        return String.format(Locale.ROOT, "%.1f", r);
    }
}
