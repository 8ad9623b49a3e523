package dev.vmem.engine.internal;

import dev.vmem.engine.internal.VmState.Slot;
import java.util.TreeMap;

/**
 * Slots of one address space by guest_phys_addr (unsigned), as KVM's interval tree finds them.
 * While slots arrive in ascending GPA order (the usual layout) they are kept in sorted arrays: an
 * insertion is an append and a lookup a binary search over contiguous memory. The first insertion
 * out of order, or a removal, moves them into a tree for good, with the same answers.
 */
final class GpaIndex {

    private long[] keys = new long[16];
    private Slot[] slots = new Slot[16];
    private int n;
    /** Tree mode; null while the arrays hold. */
    private TreeMap<Long, Slot> tree;

    void put(long gpa, Slot s) {
        if (tree == null) {
            if (n == 0 || Long.compareUnsigned(keys[n - 1], gpa) < 0) {
                if (n == keys.length) {
                    keys = java.util.Arrays.copyOf(keys, n * 2);
                    slots = java.util.Arrays.copyOf(slots, n * 2);
                }
                keys[n] = gpa;
                slots[n] = s;
                n++;
                return;
            }
            toTree();
        }
        tree.put(gpa, s);
    }

    void remove(long gpa) {
        if (tree == null) {
            toTree();
        }
        tree.remove(gpa);
    }

    /** The slot with the greatest GPA at or below {@code gpa}, or null. */
    Slot floor(long gpa) {
        if (tree != null) {
            var e = tree.floorEntry(gpa);
            return e == null ? null : e.getValue();
        }
        int i = index(gpa, true);
        return i < 0 ? null : slots[i];
    }

    /** The slot with the greatest GPA strictly below {@code gpa}, or null. */
    Slot lower(long gpa) {
        if (tree != null) {
            var e = tree.lowerEntry(gpa);
            return e == null ? null : e.getValue();
        }
        int i = index(gpa, false);
        return i < 0 ? null : slots[i];
    }

    /** The last index whose key is at or below (or strictly below) {@code gpa}, or -1. */
    private int index(long gpa, boolean inclusive) {
        int lo = 0;
        int hi = n - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = Long.compareUnsigned(keys[mid], gpa);
            if (c < 0 || inclusive && c == 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    private void toTree() {
        tree = new TreeMap<>(Long::compareUnsigned);
        for (int i = 0; i < n; i++) {
            tree.put(keys[i], slots[i]);
        }
        keys = null;
        slots = null;
        n = 0;
    }
}
