package dev.vmem.engine.report;

import dev.vmem.engine.model.BackingKind;
import dev.vmem.engine.model.Origin;
import dev.vmem.engine.model.Sharing;
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
