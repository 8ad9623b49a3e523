package dev.vmem.editor.map;

import dev.vmem.editor.map.Placement.Lane;
import dev.vmem.editor.map.Placement.Place;
import dev.vmem.engine.report.Finding;
import dev.vmem.engine.report.Report;
import dev.vmem.engine.report.Rule;
import dev.vmem.engine.report.Severity;
import dev.vmem.engine.report.VmExposure;
import dev.vmem.engine.report.VmLayout;
import dev.vmem.engine.report.VmLayout.BackingView;
import dev.vmem.engine.report.VmLayout.MappingView;
import dev.vmem.engine.report.VmLayout.SlotView;
import dev.vmem.engine.report.VmLayout.Stretch;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The data of one VM's picture, read-only once made: the engine's layout in lane order (slots by
 * address, mappings by start, backings as declared, each backing's start on the backings' own axis),
 * each slot's shared and private stretches as the engine routes them, and the findings by the element
 * they are about. Every room of the panel reads it; none writes it.
 */
final class PanelData {

    /** Codes whose findings are the exposure line itself, not marks on elements. */
    static final Set<String> SUMMARY_CODES = Set.of(Rule.DIRECT_MAP_EXPOSURE.code(), Rule.DIRECT_MAP_FRAGMENTATION.code());

    final Report report;
    final String vm;
    final VmLayout layout;
    final VmExposure exposure;
    final List<Finding> findings;

    // the lanes, in lane order
    final List<SlotView> slots;
    final List<MappingView> mappings;
    final List<BackingView> backings;
    final Map<String, Integer> backingIndex = new HashMap<>();
    final Map<String, List<Integer>> mappingsOfBacking = new HashMap<>();
    final List<List<Piece>> slotPieces;
    /** Backings sit on an axis of their own: each at the sum of the sizes before it. */
    final long[] backingStarts;

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

    PanelData(Report report, String vm) {
        this.report = report;
        this.vm = vm;
        this.layout = report.layout(vm).orElse(null);
        this.exposure = report.exposure(vm).orElse(null);
        this.findings = report.findings().stream().filter(f -> f.vm().equals(vm)).toList();
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
        } else {
            slots = List.of();
            mappings = List.of();
            backings = List.of();
            slotPieces = List.of();
        }
        backingStarts = new long[backings.size()];
        long cursor = 0;
        for (int i = 0; i < backings.size(); i++) {
            backingStarts[i] = cursor;
            cursor += Math.max(0, backings.get(i).size());
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
    private List<List<Piece>> pieces() {
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

    /** The findings on the elements {@code from} to {@code to} (exclusive) of a lane. */
    List<Finding> findingsOn(Lane lane, int from, int to) {
        var list = new ArrayList<Finding>();
        for (int i = from; i < to; i++) {
            list.addAll(placed.getOrDefault(new Place(lane, i), List.of()));
        }
        return list;
    }

    int severityMask(Lane lane, int index) {
        int mask = 0;
        for (Finding f : placed.getOrDefault(new Place(lane, index), List.of())) {
            mask |= 1 << f.severity().ordinal();
        }
        return mask;
    }
}
