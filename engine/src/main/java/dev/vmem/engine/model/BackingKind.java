package dev.vmem.engine.model;

/** What creates a backing object. */
public enum BackingKind {
    /** mmap(MAP_ANONYMOUS): private anonymous memory, or shmem when mapped shared. */
    ANONYMOUS("anonymous"),
    /** memfd_create(): a shmem file (MFD_HUGETLB with a huge page size). */
    MEMFD("memfd"),
    /** memfd_secret(): secretmem, removed from the direct map at first fault. */
    MEMFD_SECRET("memfd_secret"),
    /** KVM_CREATE_GUEST_MEMFD. */
    GUEST_MEMFD("guest_memfd"),
    /** A file mapping (hugetlbfs, tmpfs, DAX). */
    FILE("file");

    private final String keyword;

    BackingKind(String keyword) {
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }
}
