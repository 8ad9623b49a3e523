package dev.vmem.engine.model;

/** Memslot flags a user may set (KVM_MEM_GUEST_MEMFD is implied by a guest_memfd binding). */
public enum SlotFlag {
    LOG_DIRTY_PAGES("log_dirty_pages"),
    READONLY("readonly");

    private final String keyword;

    SlotFlag(String keyword) {
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }
}
