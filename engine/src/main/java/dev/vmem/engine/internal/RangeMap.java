package dev.vmem.engine.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A map from half-open unsigned 64-bit ranges to values, kept as extents: its cost grows with the
 * number of distinct ranges written, never with their length. Ranges with no value are gaps.
 *
 * @param <V> the value kept per extent (compared with {@code equals} to merge neighbours)
 */
final class RangeMap<V> {

    /** One extent [start, end) with a value. */
    record Extent<V>(long start, long end, V value) {
        long length() {
            return end - start;
        }
    }

    private final TreeMap<Long, Extent<V>> extents = new TreeMap<>(Long::compareUnsigned);

    /** Sets {@code [start, end)} to {@code value}; a null value clears the range. */
    void put(long start, long end, V value) {
        if (Long.compareUnsigned(start, end) >= 0) {
            return;
        }
        // The common case, a range written into a gap (memslots and mappings laid out one after
        // another): at most two lookups and one insertion instead of split, clear and merge.
        var below = extents.floorEntry(start);
        var above = extents.ceilingEntry(start);
        if ((below == null || Long.compareUnsigned(below.getValue().end(), start) <= 0)
                && (above == null || Long.compareUnsigned(above.getKey(), end) >= 0)) {
            if (value == null) {
                return;
            }
            long s = start;
            long e = end;
            if (below != null && below.getValue().end() == start && below.getValue().value().equals(value)) {
                s = below.getKey();
            }
            if (above != null && above.getKey() == end && above.getValue().value().equals(value)) {
                e = above.getValue().end();
                extents.remove(above.getKey());
            }
            extents.put(s, new Extent<>(s, e, value));
            return;
        }
        // Split any extent straddling the boundaries, then drop everything inside.
        splitAt(start);
        splitAt(end);
        var inside = extents.subMap(start, true, end, false);
        inside.clear();
        if (value != null) {
            extents.put(start, new Extent<>(start, end, value));
            mergeAround(start);
        }
    }

    private void splitAt(long at) {
        Map.Entry<Long, Extent<V>> e = extents.floorEntry(at);
        if (e == null) {
            return;
        }
        var x = e.getValue();
        if (Long.compareUnsigned(x.start(), at) < 0 && Long.compareUnsigned(at, x.end()) < 0) {
            extents.put(x.start(), new Extent<>(x.start(), at, x.value()));
            extents.put(at, new Extent<>(at, x.end(), x.value()));
        }
    }

    private void mergeAround(long start) {
        var cur = extents.get(start);
        var prev = extents.lowerEntry(start);
        if (prev != null && prev.getValue().end() == cur.start() && prev.getValue().value().equals(cur.value())) {
            extents.remove(start);
            cur = new Extent<>(prev.getValue().start(), cur.end(), cur.value());
            extents.put(cur.start(), cur);
        }
        var next = extents.higherEntry(cur.start());
        if (next != null && next.getValue().start() == cur.end() && next.getValue().value().equals(cur.value())) {
            extents.remove(next.getKey());
            cur = new Extent<>(cur.start(), next.getValue().end(), cur.value());
            extents.put(cur.start(), cur);
        }
    }

    /**
     * The pieces of {@code [start, end)}: extents clipped to the range, and gaps as extents whose
     * value is null. In address order; empty for an empty range.
     */
    List<Extent<V>> pieces(long start, long end) {
        var out = new ArrayList<Extent<V>>();
        if (Long.compareUnsigned(start, end) >= 0) {
            return out;
        }
        long pos = start;
        var first = extents.floorKey(start);
        var from = first == null ? start : first;
        for (var x : extents.tailMap(from, true).values()) {
            if (Long.compareUnsigned(x.start(), end) >= 0) {
                break;
            }
            if (Long.compareUnsigned(x.end(), pos) <= 0) {
                continue;
            }
            long s = Long.compareUnsigned(x.start(), pos) > 0 ? x.start() : pos;
            if (Long.compareUnsigned(pos, s) < 0) {
                out.add(new Extent<>(pos, s, null));
            }
            long e = Long.compareUnsigned(x.end(), end) < 0 ? x.end() : end;
            out.add(new Extent<>(s, e, x.value()));
            pos = e;
        }
        if (Long.compareUnsigned(pos, end) < 0) {
            out.add(new Extent<>(pos, end, null));
        }
        return out;
    }

    /** The first extent overlapping {@code [start, end)}, or null. */
    Extent<V> firstOverlap(long start, long end) {
        for (var p : pieces(start, end)) {
            if (p.value() != null) {
                return p;
            }
        }
        return null;
    }

    /** True when every byte of {@code [start, end)} has a value satisfying {@code test}. */
    boolean all(long start, long end, java.util.function.Predicate<V> test) {
        for (var p : pieces(start, end)) {
            if (p.value() == null || !test.test(p.value())) {
                return false;
            }
        }
        return true;
    }

    /** Bytes of {@code [start, end)} whose value satisfies {@code test}. */
    long bytes(long start, long end, java.util.function.Predicate<V> test) {
        long sum = 0;
        for (var p : pieces(start, end)) {
            if (p.value() != null && test.test(p.value())) {
                sum += p.length();
            }
        }
        return sum;
    }

    List<Extent<V>> extents() {
        return List.copyOf(extents.values());
    }

    int size() {
        return extents.size();
    }
}
