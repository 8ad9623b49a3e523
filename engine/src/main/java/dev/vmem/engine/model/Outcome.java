package dev.vmem.engine.model;

/**
 * What an operation ends in, as the kernel reports it (or fails to). The first fifteen are the
 * outcome keywords of the VMem language; the rest are errnos the engine can also produce.
 */
public enum Outcome {
    OK("ok"),
    EFAULT("efault"),
    EINVAL("einval"),
    EEXIST("eexist"),
    ENODEV("enodev"),
    ENOSYS("enosys"),
    EAGAIN("eagain"),
    EPERM("eperm"),
    EIO("eio"),
    EOPNOTSUPP("eopnotsupp"),
    /** SIGBUS delivered to the VMM. */
    SIGBUS("sigbus"),
    /** KVM_RUN fails with EFAULT and exit_reason KVM_EXIT_MEMORY_FAULT. */
    MEMORY_FAULT("memory_fault"),
    /** An MMIO exit to userspace. */
    MMIO("mmio"),
    /** The kernel skips the work and tells nobody. */
    SILENT("silent"),
    /** The kernel touches a direct-map address that is not present: a kernel page fault and an oops. */
    OOPS("oops"),
    /** A closed or never-opened file descriptor. */
    EBADF("ebadf"),
    /** madvise over a range with no mapping. */
    ENOMEM("enomem"),
    /** SIGSEGV delivered to the VMM: an access outside any mapping. */
    SIGSEGV("sigsegv");

    private final String keyword;

    Outcome(String keyword) {
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }

    /** Whether the operation did what was asked. */
    public boolean ok() {
        return this == OK;
    }
}
