package dev.vmem.engine.model;

/**
 * What an operation ends in, as the kernel reports it (or fails to). The first fifteen are the
 * outcome keywords of the VMem language; the rest are errnos the engine can also produce, and
 * {@link #UNKNOWN} for an outcome the engine does not decide.
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
    SIGSEGV("sigsegv"),
    /** ENOTTY: the ioctl does not exist in this build. */
    ENOTTY("enotty"),
    /**
     * The engine cannot say: the outcome depends on a race, a build option, a point release or an
     * inferred fact, or the combination is not modelled. The step lists the possible outcomes.
     */
    UNKNOWN("unknown");

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
