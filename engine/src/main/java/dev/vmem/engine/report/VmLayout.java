package dev.vmem.engine.report;

import dev.vmem.engine.model.BackingKind;
import dev.vmem.engine.model.Origin;
import dev.vmem.engine.model.Sharing;
import java.util.ArrayList;
import java.util.List;

/**
 * The shape of a VM after bring-up, for pictures: guest-physical ranges (memslots and their
 * attributes), the VMM's mappings, and the backings with what the kernel can reach of them.
 *
 * @param vm       the VM
 * @param origin   its declaration
 * @param profile  the kernel profile it ran under, described
 * @param slots    memslots that were created, by gpa
 * @param privateRanges GPA ranges with the private attribute
 * @param mappings the VMM's mappings
 * @param backings every declared backing, created or not
 */
public record VmLayout(String vm, Origin origin, String profile, List<SlotView> slots, List<Range> privateRanges,
        List<MappingView> mappings, List<BackingView> backings) {

    public VmLayout {
        slots = List.copyOf(slots);
        privateRanges = List.copyOf(privateRanges);
        mappings = List.copyOf(mappings);
        backings = List.copyOf(backings);
    }

    /** A half-open range [start, start + size). */
    public record Range(long start, long size) {
    }

    /**
     * A memslot.
     *
     * @param id              slot number
     * @param gpa             guest_phys_addr
     * @param size            memory_size
     * @param userspace       the backing behind userspace_addr ("" when none or unmapped)
     * @param userspaceOffset offset of userspace_addr into that backing's mapping
     * @param guestMemfd      the bound guest_memfd ("" when none)
     * @param guestMemfdOffset guest_memfd_offset
     * @param gmemOnly        guest faults come from the guest_memfd (KVM_MEMSLOT_GMEM_ONLY)
     * @param flags           user flags, as keywords
     * @param origin          the declaration
     */
    public record SlotView(long id, long gpa, long size, String userspace, long userspaceOffset, String guestMemfd,
            long guestMemfdOffset, boolean gmemOnly, List<String> flags, Origin origin) {
        public SlotView {
            flags = List.copyOf(flags);
        }
    }

    /**
     * A VMA of the VMM.
     *
     * @param backing   the backing mapped
     * @param start     start address
     * @param length    length in bytes
     * @param sharing   MAP_SHARED or MAP_PRIVATE
     * @param populated bytes with present page-table entries
     * @param origin    the declaration
     */
    public record MappingView(String backing, long start, long length, Sharing sharing, long populated,
            Origin origin) {
    }

    /**
     * A stretch of a memslot with one attribute, and the backing guest faults on it come from: for a
     * shared stretch the guest_memfd when the slot is {@code gmemOnly} (KVM_MEMSLOT_GMEM_ONLY), else the
     * backing behind userspace_addr; for a private stretch the bound guest_memfd (a slot without one
     * falls back to userspace_addr, which faults as shared).
     *
     * @param start     first guest-physical address
     * @param end       end, exclusive (saturated at 2^64 - 1)
     * @param isPrivate the range has the private attribute
     * @param backing   the backing that serves faults on it ("" when none)
     */
    public record Stretch(long start, long end, boolean isPrivate, String backing) {
    }

    /**
     * Each of {@code slots} cut into shared and private stretches, in address order: the private ranges
     * (merged where they touch or overlap) that fall inside a slot are private, the rest shared. The
     * private ranges are merged once for all the slots.
     */
    public List<List<Stretch>> stretches(List<SlotView> slots) {
        var merged = mergedPrivateRanges();
        var out = new ArrayList<List<Stretch>>(slots.size());
        for (SlotView slot : slots) {
            out.add(cut(slot, merged));
        }
        return out;
    }

    private static List<Stretch> cut(SlotView slot, List<long[]> merged) {
        long start = slot.gpa();
        long end = end(slot.gpa(), slot.size());
        String shared = slot.gmemOnly() ? slot.guestMemfd() : slot.userspace();
        String priv = slot.guestMemfd().isEmpty() ? slot.userspace() : slot.guestMemfd();
        var out = new ArrayList<Stretch>(1);
        long cur = start;
        // the first merged range that ends after the slot's start (ends grow with starts: they are disjoint)
        int lo = 0;
        int hi = merged.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(merged.get(mid)[1], start) <= 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        for (int q = lo; q < merged.size() && Long.compareUnsigned(merged.get(q)[0], end) < 0; q++) {
            long rs = max(merged.get(q)[0], cur);
            long re = min(merged.get(q)[1], end);
            if (Long.compareUnsigned(rs, cur) > 0) {
                out.add(new Stretch(cur, rs, false, shared));
            }
            if (Long.compareUnsigned(re, rs) > 0) {
                out.add(new Stretch(rs, re, true, priv));
            }
            cur = max(cur, re);
        }
        if (Long.compareUnsigned(cur, end) < 0) {
            out.add(new Stretch(cur, end, false, shared));
        }
        return out;
    }

    /** The private ranges as [start, end) pairs, sorted and merged where they touch or overlap. */
    private List<long[]> mergedPrivateRanges() {
        var ranges = new ArrayList<long[]>();
        for (var r : privateRanges) {
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
                merged.add(r);
            }
        }
        return merged;
    }

    /** start + size, saturated at 2^64 - 1 (an unsigned address range cannot wrap). */
    private static long end(long start, long size) {
        long e = start + size;
        return Long.compareUnsigned(e, start) < 0 ? -1L : e;
    }

    private static long max(long a, long b) {
        return Long.compareUnsigned(a, b) >= 0 ? a : b;
    }

    private static long min(long a, long b) {
        return Long.compareUnsigned(a, b) <= 0 ? a : b;
    }

    /** What the kernel can reach of a backing's memory through its direct map. */
    public enum DirectMap {
        /** In the direct map: readable by transient-execution gadgets. */
        PRESENT,
        /** In the direct map, but CoCo-private memory protected by hardware (SNP, TDX). */
        HARDWARE_PROTECTED,
        /** Removed from the direct map once used (secretmem, NO_DIRECT_MAP guest_memfd). */
        REMOVED,
        /** The backing could not be created. */
        NOT_CREATED
    }

    /**
     * A backing.
     *
     * @param name      its name
     * @param kind      what it is
     * @param size      bytes
     * @param flags     guest_memfd flags and "hugetlb", as keywords
     * @param directMap what the direct map holds of it
     * @param origin    the declaration
     */
    public record BackingView(String name, BackingKind kind, long size, List<String> flags, DirectMap directMap,
            Origin origin) {
        public BackingView {
            flags = List.copyOf(flags);
        }
    }
}
