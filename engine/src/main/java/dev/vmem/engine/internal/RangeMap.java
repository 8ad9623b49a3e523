package dev.vmem.engine.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A map from half-open unsigned 64-bit ranges to values, kept as extents: its cost grows with the
 * number of distinct ranges written, never with their length. Ranges with no value are gaps.
 *
 * <p>While every write lands after the last extent (memslots, bindings and faults laid out one after
 * another, the usual shape), the extents live in sorted primitive arrays: an append is O(1) and a
 * lookup a binary search over contiguous memory. The first write anywhere else moves them into a
 * tree for good, with the same results.
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

    /** Tree mode: every extent by start; null while the array mode holds. */
    private TreeMap<Long, Extent<V>> extents;
    private long[] starts = new long[4];
    private long[] ends = new long[4];
    private Object[] values = new Object[4];
    private int n;

    /** Sets {@code [start, end)} to {@code value}; a null value clears the range. */
    void put(long start, long end, V value) {
        if (Long.compareUnsigned(start, end) >= 0) {
            return;
        }
        if (extents == null) {
            if (n == 0 || Long.compareUnsigned(ends[n - 1], start) <= 0) {
                // In the gap after the last extent: the gap case below, with nothing above.
                if (value == null) {
                    return;
                }
                if (n > 0 && ends[n - 1] == start && values[n - 1].equals(value)) {
                    ends[n - 1] = end;
                    return;
                }
                if (n == starts.length) {
                    starts = java.util.Arrays.copyOf(starts, n * 2);
                    ends = java.util.Arrays.copyOf(ends, n * 2);
                    values = java.util.Arrays.copyOf(values, n * 2);
                }
                starts[n] = start;
                ends[n] = end;
                values[n] = value;
                n++;
                return;
            }
            toTree();
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

    @SuppressWarnings("unchecked")
    private void toTree() {
        extents = new TreeMap<>(Long::compareUnsigned);
        for (int i = 0; i < n; i++) {
            extents.put(starts[i], new Extent<>(starts[i], ends[i], (V) values[i]));
        }
        starts = null;
        ends = null;
        values = null;
        n = 0;
    }

    /** Array mode: the last index whose extent starts at or below {@code x}, or -1. */
    private int floorIndex(long x) {
        int lo = 0;
        int hi = n - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(starts[mid], x) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    @SuppressWarnings("unchecked")
    private V valueAt(int i) {
        return (V) values[i];
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
        if (extents == null) {
            int i = Math.max(0, floorIndex(start));
            for (; i < n; i++) {
                if (Long.compareUnsigned(starts[i], end) >= 0) {
                    break;
                }
                if (Long.compareUnsigned(ends[i], pos) <= 0) {
                    continue;
                }
                long s = Long.compareUnsigned(starts[i], pos) > 0 ? starts[i] : pos;
                if (Long.compareUnsigned(pos, s) < 0) {
                    out.add(new Extent<>(pos, s, null));
                }
                long e = Long.compareUnsigned(ends[i], end) < 0 ? ends[i] : end;
                out.add(new Extent<>(s, e, valueAt(i)));
                pos = e;
            }
            if (Long.compareUnsigned(pos, end) < 0) {
                out.add(new Extent<>(pos, end, null));
            }
            return out;
        }
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

    /** The first extent overlapping {@code [start, end)}, clipped to it, or null. */
    Extent<V> firstOverlap(long start, long end) {
        if (Long.compareUnsigned(start, end) >= 0) {
            return null;
        }
        // Extents are disjoint: only the one starting at or below start, or the next one, can be first.
        if (extents == null) {
            int i = floorIndex(start);
            if (i >= 0 && Long.compareUnsigned(ends[i], start) > 0) {
                return new Extent<>(start, Long.compareUnsigned(ends[i], end) < 0 ? ends[i] : end, valueAt(i));
            }
            i++;
            if (i < n && Long.compareUnsigned(starts[i], end) < 0) {
                return new Extent<>(starts[i], Long.compareUnsigned(ends[i], end) < 0 ? ends[i] : end, valueAt(i));
            }
            return null;
        }
        var below = extents.floorEntry(start);
        if (below != null && Long.compareUnsigned(below.getValue().end(), start) > 0) {
            var x = below.getValue();
            return new Extent<>(start, Long.compareUnsigned(x.end(), end) < 0 ? x.end() : end, x.value());
        }
        var above = extents.higherEntry(start);
        if (above != null && Long.compareUnsigned(above.getKey(), end) < 0) {
            var x = above.getValue();
            return new Extent<>(x.start(), Long.compareUnsigned(x.end(), end) < 0 ? x.end() : end, x.value());
        }
        return null;
    }

    /** True when every byte of {@code [start, end)} has a value satisfying {@code test}. */
    boolean all(long start, long end, java.util.function.Predicate<V> test) {
        if (Long.compareUnsigned(start, end) >= 0) {
            return true;
        }
        // Walk the extents from the one covering start while they stay contiguous.
        long pos = start;
        if (extents == null) {
            for (int i = floorIndex(start); i >= 0 && i < n; i++) {
                if (Long.compareUnsigned(starts[i], pos) > 0 || Long.compareUnsigned(ends[i], pos) <= 0
                        || !test.test(valueAt(i))) {
                    return false;
                }
                if (Long.compareUnsigned(ends[i], end) >= 0) {
                    return true;
                }
                pos = ends[i];
            }
            return false;
        }
        var e = extents.floorEntry(start);
        while (e != null) {
            var x = e.getValue();
            if (Long.compareUnsigned(x.start(), pos) > 0 || Long.compareUnsigned(x.end(), pos) <= 0
                    || !test.test(x.value())) {
                return false;
            }
            if (Long.compareUnsigned(x.end(), end) >= 0) {
                return true;
            }
            pos = x.end();
            e = extents.higherEntry(x.start());
        }
        return false;
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
        if (extents == null) {
            var out = new ArrayList<Extent<V>>(n);
            for (int i = 0; i < n; i++) {
                out.add(new Extent<>(starts[i], ends[i], valueAt(i)));
            }
            return List.copyOf(out);
        }
        return List.copyOf(extents.values());
    }

    int size() {
        return extents == null ? n : extents.size();
    }
}
