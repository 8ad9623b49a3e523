package dev.vmem.engine.model;

/** KVM_CREATE_GUEST_MEMFD flags. */
public enum GmemFlag {
    /** GUEST_MEMFD_FLAG_MMAP (1 &lt;&lt; 0), 6.18. */
    MMAP("mmap", 1L),
    /** GUEST_MEMFD_FLAG_INIT_SHARED (1 &lt;&lt; 1), 6.18. */
    INIT_SHARED("init_shared", 1L << 1),
    /** GUEST_MEMFD_FLAG_NO_DIRECT_MAP (1 &lt;&lt; 2), the unmerged series. */
    NO_DIRECT_MAP("no_direct_map", 1L << 2);

    private final String keyword;
    private final long bit;

    GmemFlag(String keyword, long bit) {
        this.keyword = keyword;
        this.bit = bit;
    }

    public String keyword() {
        return keyword;
    }

    /** The uAPI bit. */
    public long bit() {
        return bit;
    }
}
