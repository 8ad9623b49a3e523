package dev.vmem.engine.model;

/**
 * The file system a {@link BackingKind#FILE} backing's file lives on: {@code memory B: file "PATH" on FS SIZE}.
 * It decides what GUP allows on a shared mapping of the file (kernel-facts.md §10.2 item 18).
 */
public enum FileSystem {
    /** tmpfs / shmem (/dev/shm, /run): no dirty tracking, long-term pins allowed. */
    TMPFS("tmpfs"),
    /** hugetlbfs: hugetlb pages, long-term pins allowed. */
    HUGETLBFS("hugetlbfs"),
    /** ext4: needs dirty tracking. */
    EXT4("ext4"),
    /** xfs: needs dirty tracking. */
    XFS("xfs"),
    /** btrfs: needs dirty tracking. */
    BTRFS("btrfs"),
    /** A file system DAX mount (ext4/xfs -o dax): every long-term pin is refused. */
    FSDAX("fsdax"),
    /** A device-DAX character device (/dev/daxX.Y): long-term pins allowed. */
    DEVDAX("devdax");

    private final String keyword;

    FileSystem(String keyword) {
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }

    /** A file system whose shared writable mappings need dirty tracking (writable_file_mapping_allowed() is false). */
    public boolean needsDirtyTracking() {
        return this == EXT4 || this == XFS || this == BTRFS;
    }
}
