package dev.vmem.editor.map;

import static dev.vmem.editor.map.PanelGeometry.end;

import dev.vmem.editor.map.PanelData.Piece;
import dev.vmem.editor.map.Placement.Lane;
import dev.vmem.editor.map.Placement.Place;
import dev.vmem.engine.model.Origin;
import dev.vmem.engine.report.BackingExposure;
import dev.vmem.engine.report.ElementNote;
import dev.vmem.engine.report.Finding;
import dev.vmem.engine.report.VmLayout.BackingView;
import dev.vmem.engine.report.VmLayout.MappingView;
import dev.vmem.engine.report.VmLayout.SlotView;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/** The text of a VM's picture: tooltips and the lines inside slots, with no geometry. Input: the panel's data. */
record Tooltips(PanelData d) {

    String slotKey(int from, int to) {
        return to - from == 1 ? "slot " + d.slots.get(from).id()
                : "slots " + d.slots.get(from).id() + "-" + d.slots.get(to - 1).id();
    }

    List<String> slotLine1(int from, int to) {
        if (to - from == 1) {
            long id = d.slots.get(from).id();
            return List.of("slot " + id, "s" + id, Long.toString(id));
        }
        return List.of(Units.count(to - from) + " slots " + d.slots.get(from).id() + "–" + d.slots.get(to - 1).id(),
                Units.count(to - from) + " slots", "×" + Units.count(to - from));
    }

    List<String> slotLine2(int from, int to) {
        if (to - from == 1) {
            SlotView s = d.slots.get(from);
            var pieces = d.slotPieces.get(from);
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
            total += d.slots.get(i).size();
            same &= d.slots.get(i).size() == d.slots.get(from).size();
        }
        return same ? List.of(Units.count(to - from) + " × " + Units.size(d.slots.get(from).size()),
                Units.size(total)) : List.of(Units.size(total) + " in all", Units.size(total));
    }

    String slotTip(int from, int to, Axis.Segment seg) {
        var b = new StringBuilder();
        if (to - from == 1) {
            SlotView s = d.slots.get(from);
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
            for (Piece p : d.slotPieces.get(from)) {
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
                total += d.slots.get(i).size();
                for (Piece p : d.slotPieces.get(i)) {
                    byReach.merge(p.reach(), p.end() - p.start(), Long::sum);
                    if (p.isPrivate()) {
                        priv += p.end() - p.start();
                    }
                }
            }
            b.append(Units.count(to - from)).append(" memslots, ").append(d.slots.get(from).id()).append(" to ")
                    .append(d.slots.get(to - 1).id()).append(" (drawn as one group)");
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
                SlotView s = d.slots.get(i);
                return "slot " + s.id() + " gpa " + Units.address(s.gpa()) + " " + Units.size(s.size())
                        + (s.userspace().isEmpty() ? "" : " userspace " + s.userspace())
                        + (s.guestMemfd().isEmpty() ? "" : " guest_memfd " + s.guestMemfd());
            });
        }
        findingsTip(b, Lane.SLOT, from, to);
        return b.toString();
    }

    String privateTip() {
        var b = new StringBuilder("private attribute (KVM_SET_MEMORY_ATTRIBUTES): ");
        var ranges = d.layout.privateRanges();
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

    String mappingTip(int from, int to, Axis.Segment seg) {
        var b = new StringBuilder();
        if (to - from == 1) {
            MappingView m = d.mappings.get(from);
            b.append("mmap of ").append(m.backing()).append(": [").append(Units.address(m.start())).append(", ")
                    .append(Units.address(end(m.start(), m.length()))).append("), ").append(Units.size(m.length()))
                    .append(", MAP_").append(m.sharing().keyword().toUpperCase(Locale.ROOT));
            b.append("\npopulated (page-table entries present): ").append(Units.size(m.populated()));
            b.append("\nits memory: ").append(d.reachOf(m.backing()).legend());
            notesOf(b, m.origin());
            declared(b, m.origin());
        } else {
            long total = 0;
            long populated = 0;
            for (int i = from; i < to; i++) {
                total += d.mappings.get(i).length();
                populated += d.mappings.get(i).populated();
            }
            b.append(Units.count(to - from)).append(" mappings (drawn as one group), [")
                    .append(Units.address(seg.start())).append(", ").append(Units.address(seg.end())).append("): ")
                    .append(Units.size(total)).append(" mapped, ").append(Units.size(populated)).append(" populated");
            members(b, from, to, i -> {
                MappingView m = d.mappings.get(i);
                return m.backing() + " at " + Units.address(m.start()) + " " + Units.size(m.length()) + " "
                        + m.sharing().keyword();
            });
        }
        findingsTip(b, Lane.MAPPING, from, to);
        return b.toString();
    }

    String backingTip(int from, int to) {
        var b = new StringBuilder();
        if (to - from == 1) {
            BackingView v = d.backings.get(from);
            b.append(v.name()).append(": ").append(v.kind().keyword()).append(", ").append(Units.size(v.size()));
            if (!v.flags().isEmpty()) {
                b.append(", flags ").append(String.join(" | ", v.flags()));
            }
            b.append("\ndirect map: ").append(Reach.of(v.directMap()).legend());
            if (d.exposure != null) {
                for (BackingExposure e : d.exposure.backings()) {
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
                total += Math.max(0, d.backings.get(i).size());
                byReach.merge(Reach.of(d.backings.get(i).directMap()), Math.max(0, d.backings.get(i).size()), Long::sum);
            }
            b.append(Units.count(to - from)).append(" backings (drawn as one group): ").append(Units.size(total));
            for (var e : byReach.entrySet()) {
                b.append("\n").append(e.getKey().legend()).append(": ").append(Units.size(e.getValue()));
            }
            members(b, from, to, i -> {
                BackingView v = d.backings.get(i);
                return v.name() + ": " + v.kind().keyword() + " " + Units.size(v.size())
                        + (v.flags().isEmpty() ? "" : " " + String.join("|", v.flags()));
            });
        }
        findingsTip(b, Lane.BACKING, from, to);
        return b.toString();
    }

    // ---- tooltips -------------------------------------------------------------------------------------

    void findingsTip(StringBuilder b, Lane lane, int from, int to) {
        int count = 0;
        for (int i = from; i < to; i++) {
            for (Finding f : d.placed.getOrDefault(new Place(lane, i), List.of())) {
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

    void notesOf(StringBuilder b, Origin origin) {
        for (ElementNote n : d.report.notesFor(origin)) {
            for (String line : n.lines()) {
                b.append("\n").append(line);
            }
        }
    }

    static void declared(StringBuilder b, Origin origin) {
        if (origin != null && origin != Origin.NONE) {
            b.append("\ndeclared: ").append(origin.describe());
        }
    }

    interface Describe {
        String of(int i);
    }

    static void members(StringBuilder b, int from, int to, Describe describe) {
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

    static String join(String... parts) {
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
