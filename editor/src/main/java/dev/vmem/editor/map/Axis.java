package dev.vmem.editor.map;

import java.util.ArrayList;
import java.util.List;

/**
 * A compressed horizontal axis: each group of items gets a width that grows with the logarithm of its
 * size (with a minimum, so a 4 KiB slot stays visible beside a 1 TiB one), and each hole between groups
 * a small fixed width whatever its size. Within a group, its items sit side by side, each as wide as its
 * share of the group's bytes: holes inside a group take no room (a group's tooltip says how far it
 * spreads). Within an item, and within a hole between groups, addresses map linearly.
 */
final class Axis {

    /** A stretch of the axis: a group of items, or a gap between them. */
    record Segment(boolean gap, int group, long start, long end, double x0, double x1) {
        double width() {
            return x1 - x0;
        }

        double mid() {
            return (x0 + x1) / 2;
        }

        /** Bytes covered, as an unsigned number. */
        double bytes() {
            return Units.unsigned(end - start);
        }
    }

    private final List<Segment> segments;
    private final int[] segmentOfGroup;
    // the items (in address order): where each starts and ends once overlaps are clipped, and the bytes
    // of the items of its group before it
    private final int[] bounds;
    private final long[] starts;
    private final long[] ends;
    private final double[] before;
    private final double[] groupBytes;
    private final double x0;
    private final double x1;

    private Axis(List<Segment> segments, int groups, double x0, double x1, int[] bounds, long[] starts, long[] ends,
            double[] before, double[] groupBytes) {
        this.bounds = bounds;
        this.starts = starts;
        this.ends = ends;
        this.before = before;
        this.groupBytes = groupBytes;
        this.segments = List.copyOf(segments);
        this.segmentOfGroup = new int[groups];
        for (int i = 0; i < segments.size(); i++) {
            if (!segments.get(i).gap()) {
                segmentOfGroup[segments.get(i).group()] = i;
            }
        }
        this.x0 = x0;
        this.x1 = x1;
    }

    /**
     * An address axis over items [start, end) (unsigned, in address order) drawn in the given groups
     * ({@link Grouping} boundaries).
     *
     * @param fromZero a hole from address 0 to the first group is drawn (guest-physical space)
     */
    static Axis addressed(long[] itemStarts, long[] itemEnds, int[] bounds, boolean fromZero, double x0,
            double width) {
        var items = new Items(itemStarts.length, bounds);
        int groups = items.groups;
        var kinds = items.kinds;
        long cursor = 0;
        for (int g = 0; g < groups; g++) {
            long gs = itemStarts[bounds[g]];
            if (g == 0) {
                if (fromZero && gs != 0) {
                    kinds.add(new long[] {1, -1, 0, gs});
                }
            } else if (Long.compareUnsigned(gs, cursor) > 0) {
                kinds.add(new long[] {1, -1, cursor, gs});
            } else {
                gs = cursor; // overlapping groups were merged by Grouping; keep the axis monotonic anyway
            }
            long reach = gs;
            double bytes = 0;
            for (int i = bounds[g]; i < bounds[g + 1]; i++) {
                long s = Long.compareUnsigned(itemStarts[i], reach) < 0 ? reach : itemStarts[i];
                long e = Long.compareUnsigned(itemEnds[i], s) < 0 ? s : itemEnds[i];
                items.starts[i] = s;
                items.ends[i] = e;
                items.before[i] = bytes;
                bytes += Units.unsigned(e - s);
                reach = e;
            }
            items.groupBytes[g] = bytes;
            kinds.add(new long[] {0, g, gs, reach, Double.doubleToLongBits(bytes)});
            cursor = reach;
        }
        return items.layout(x0, width, 22, 3);
    }

    /** An axis of separate objects (no addresses): each group of sizes, apart by small spacers. */
    static Axis objects(long[] sizes, int[] bounds, double x0, double width) {
        var items = new Items(sizes.length, bounds);
        int groups = items.groups;
        var kinds = items.kinds;
        long cursor = 0;
        for (int g = 0; g < groups; g++) {
            if (g > 0) {
                kinds.add(new long[] {1, -1, cursor, cursor});
            }
            long gs = cursor;
            double bytes = 0;
            for (int i = bounds[g]; i < bounds[g + 1]; i++) {
                items.starts[i] = cursor;
                cursor += Math.max(0, sizes[i]);
                items.ends[i] = cursor;
                items.before[i] = bytes;
                bytes += Math.max(0, sizes[i]);
            }
            items.groupBytes[g] = bytes;
            kinds.add(new long[] {0, g, gs, cursor, Double.doubleToLongBits(bytes)});
        }
        return items.layout(x0, width, 10, 2);
    }

    /**
     * What a factory works out for its items before the layout: where each starts and ends once overlaps
     * are clipped, the bytes of its group before it, each group's bytes, and the axis's stretches in order
     * ({gap?1:0, group, start, end[, bytes as double bits]}).
     */
    private static final class Items {
        final int groups;
        final int[] bounds;
        final long[] starts;
        final long[] ends;
        final double[] before;
        final double[] groupBytes;
        final List<long[]> kinds = new ArrayList<>();

        Items(int n, int[] bounds) {
            this.groups = Grouping.count(bounds);
            this.bounds = bounds;
            this.starts = new long[n];
            this.ends = new long[n];
            this.before = new double[n];
            this.groupBytes = new double[groups];
        }

        Axis layout(double x0, double width, double maxGap, double minGap) {
            return Axis.layout(kinds, groups, x0, width, maxGap, minGap, bounds, starts, ends, before, groupBytes);
        }
    }

    /** Where item {@code i} starts on this axis's address scale (for objects: the sum of the sizes before it). */
    long start(int i) {
        return starts[i];
    }

    private static Axis layout(List<long[]> kinds, int groups, double x0, double width, double maxGap,
            double minGap, int[] bounds, long[] starts, long[] ends, double[] before, double[] groupBytes) {
        int gaps = (int) kinds.stream().filter(k -> k[0] == 1).count();
        int items = kinds.size() - gaps;
        double gapW = gaps == 0 ? 0 : Math.max(minGap, Math.min(maxGap, width * 0.3 / gaps));
        double avail = width - gaps * gapW;
        double[] weights = new double[kinds.size()];
        for (int i = 0; i < kinds.size(); i++) {
            long[] k = kinds.get(i);
            if (k[0] == 0) {
                weights[i] = weight(Double.longBitsToDouble(k[4]));
            }
        }
        double min = items == 0 ? 0 : Math.min(10, avail / items);
        double[] widths = waterFill(weights, kinds, avail, min);
        var segments = new ArrayList<Segment>();
        double x = x0;
        for (int i = 0; i < kinds.size(); i++) {
            long[] k = kinds.get(i);
            double w = k[0] == 1 ? gapW : widths[i];
            // boundaries on whole pixels: crisp edges, and fills (Strip) that line up with outlines
            segments.add(new Segment(k[0] == 1, (int) k[1], k[2], k[3], Math.round(x), Math.round(x + w)));
            x += w;
        }
        return new Axis(segments, groups, x0, x0 + width, bounds, starts, ends, before, groupBytes);
    }

    /**
     * How wide a size is drawn, relative to others: the square of (1 + log2 of its 4 KiB pages). A 4 KiB
     * slot weighs 1, 2 MiB 100, 1 GiB 361, 1 TiB 841: order is kept, a thousandfold difference in size is
     * a few times the width, and nothing tiny vanishes.
     */
    static double weight(double bytes) {
        double pages = Math.max(1, bytes / 4096);
        double l = 1 + Math.log(pages) / Math.log(2);
        return l * l;
    }

    /** Widths proportional to weights, but none below {@code min}, summing to {@code avail}. */
    private static double[] waterFill(double[] weights, List<long[]> kinds, double avail, double min) {
        double[] widths = new double[weights.length];
        boolean[] fixed = new boolean[weights.length];
        for (int i = 0; i < weights.length; i++) {
            fixed[i] = kinds.get(i)[0] == 1;
        }
        double left = avail;
        while (true) {
            double sum = 0;
            for (int i = 0; i < weights.length; i++) {
                if (!fixed[i]) {
                    sum += weights[i];
                }
            }
            if (sum <= 0) {
                break;
            }
            boolean changed = false;
            for (int i = 0; i < weights.length; i++) {
                if (!fixed[i] && weights[i] * left / sum < min) {
                    fixed[i] = true;
                    widths[i] = min;
                    left -= min;
                    changed = true;
                }
            }
            if (!changed) {
                for (int i = 0; i < weights.length; i++) {
                    if (!fixed[i]) {
                        widths[i] = weights[i] * left / sum;
                    }
                }
                break;
            }
        }
        return widths;
    }

    List<Segment> segments() {
        return segments;
    }

    Segment group(int g) {
        return segments.get(segmentOfGroup[g]);
    }

    double x0() {
        return x0;
    }

    double x1() {
        return x1;
    }

    /** Where an address is drawn (clamped to the axis). */
    double x(long address) {
        if (segments.isEmpty()) {
            return x0;
        }
        int lo = 0;
        int hi = segments.size() - 1;
        int found = 0; // the last segment whose start ≤ address
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(segments.get(mid).start(), address) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        Segment s = segments.get(found);
        if (Long.compareUnsigned(address, s.start()) < 0) {
            return s.x0();
        }
        return within(s, address);
    }

    /**
     * Where an address is drawn within one segment (clamped to it): in a hole, linearly; in a group, at
     * its place among the group's items, an address in a hole inside the group at the next item's start.
     */
    double within(Segment s, long address) {
        if (s.gap()) {
            return linear(s, address);
        }
        int g = s.group();
        double total = groupBytes[g];
        if (total <= 0) {
            return s.x0();
        }
        int lo = bounds[g];
        int hi = bounds[g + 1] - 1;
        int found = -1; // the last item whose start ≤ address
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(starts[mid], address) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (found < 0) {
            return s.x0();
        }
        double offset = before[found];
        if (Long.compareUnsigned(address, ends[found]) >= 0) {
            offset += Units.unsigned(ends[found] - starts[found]);
        } else {
            offset += Units.unsigned(address - starts[found]);
        }
        return s.x0() + Math.min(1, offset / total) * s.width();
    }

    /** Where an address is drawn in a segment taken as linear (clamped to it). */
    private static double linear(Segment s, long address) {
        double span = s.bytes();
        if (span <= 0) {
            return s.x0();
        }
        double off = Long.compareUnsigned(address, s.start()) <= 0 ? 0 : Units.unsigned(address - s.start());
        return s.x0() + Math.min(1, off / span) * s.width();
    }
}
