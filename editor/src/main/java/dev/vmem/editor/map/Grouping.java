package dev.vmem.editor.map;

import java.util.ArrayList;
import java.util.List;

/**
 * Which consecutive items of a lane the picture draws as one: items that overlap (drawn on one stretch
 * of the axis), and, when a lane has more than {@code max} items, runs of similar items (equal keys,
 * equally spaced), then evenly sized buckets of runs until at most {@code max} remain. The result is the
 * boundaries: group k holds items [b[k], b[k+1]).
 */
final class Grouping {

    private Grouping() {
    }

    /**
     * @param keys   what makes items similar, one per item, in lane order
     * @param starts start addresses (unsigned), or null for a lane without an address axis
     * @param ends   end addresses (unsigned, exclusive), or null
     * @param max    most groups wanted (at least 1)
     */
    static int[] boundaries(String[] keys, long[] starts, long[] ends, int max) {
        int n = keys.length;
        if (n == 0) {
            return new int[] {0};
        }
        boolean aggregate = n > max;
        var bounds = new ArrayList<Integer>();
        bounds.add(0);
        long runEnd = ends == null ? 0 : ends[0];
        long stride = 0;
        boolean strideSet = false;
        for (int i = 1; i < n; i++) {
            boolean overlaps = starts != null && Long.compareUnsigned(starts[i], runEnd) < 0;
            boolean similar = false;
            if (aggregate && keys[i].equals(keys[i - 1])) {
                if (starts == null) {
                    similar = true;
                } else {
                    long gap = starts[i] - ends[i - 1];
                    similar = !strideSet || gap == stride;
                    if (similar && !strideSet) {
                        stride = gap;
                        strideSet = true;
                    }
                }
            }
            if (!overlaps && !similar) {
                bounds.add(i);
                strideSet = false;
                runEnd = ends == null ? 0 : ends[i];
            } else if (ends != null && Long.compareUnsigned(ends[i], runEnd) > 0) {
                runEnd = ends[i];
            }
        }
        int groups = bounds.size();
        bounds.add(n);
        if (groups > max) {
            // Evenly sized buckets of groups; a bucket boundary is always an old boundary, so items that
            // overlap stay together.
            var merged = new ArrayList<Integer>(max + 1);
            for (int b = 0; b < max; b++) {
                merged.add(bounds.get((int) ((long) b * groups / max)));
            }
            merged.add(n);
            bounds = merged;
        }
        return bounds.stream().mapToInt(Integer::intValue).toArray();
    }

    /** For each item, the group it is in. */
    static int[] groupOf(int[] bounds) {
        int n = bounds[bounds.length - 1];
        int[] of = new int[n];
        for (int g = 0; g + 1 < bounds.length; g++) {
            for (int i = bounds[g]; i < bounds[g + 1]; i++) {
                of[i] = g;
            }
        }
        return of;
    }

    /** The number of groups. */
    static int count(int[] bounds) {
        return bounds.length - 1;
    }

    static List<int[]> ranges(int[] bounds) {
        var out = new ArrayList<int[]>();
        for (int g = 0; g + 1 < bounds.length; g++) {
            out.add(new int[] {bounds[g], bounds[g + 1]});
        }
        return out;
    }
}
