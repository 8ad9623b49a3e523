package dev.vmem.engine.model;

/** How a device's data reaches guest memory. */
public enum DevicePath {
    /** The VMM process reads and writes its own mapping (virtio emulated in userspace). */
    VMM("vmm"),
    /** In-kernel vhost worker: copy_to_user/copy_from_user on the HVAs of VHOST_SET_MEM_TABLE. */
    VHOST("vhost"),
    /** vhost-net zero-copy TX: guest buffers pinned with GUP. */
    VHOST_ZEROCOPY("vhost_zerocopy"),
    /** A vhost-user daemon that maps guest memory from fds the VMM passes. */
    VHOST_USER("vhost_user"),
    /** io_uring fixed buffers over guest RAM (pin_user_pages, FOLL_LONGTERM). */
    IO_URING("io_uring"),
    /** O_DIRECT I/O straight into guest RAM (iov_iter_extract_pages). */
    O_DIRECT("o_direct"),
    /** VFIO type1 / iommufd DMA mapping of all guest RAM (pin_user_pages_remote, FOLL_LONGTERM). */
    VFIO("vfio");

    private final String keyword;

    DevicePath(String keyword) {
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }
}
