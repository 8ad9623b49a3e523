package dev.vmem.engine.model;

import java.util.List;
import java.util.Objects;

/**
 * A backing object: {@code memory NAME: KIND SIZE [hugetlb SIZE] [flags ...]}.
 *
 * @param name          the backing's name, unique within its VM
 * @param kind          what creates it
 * @param size          size in bytes
 * @param sizeOrigin    where the size is written
 * @param hugePageSize  the hugetlb page size in bytes, 0 for normal pages
 * @param hugetlbOrigin where {@code hugetlb SIZE} is written, or {@link Origin#NONE}
 * @param flags         guest_memfd flags (empty for other kinds)
 * @param path          the file path for {@link BackingKind#FILE}, else {@code null}
 * @param origin        the whole declaration
 * @param fileSystem    the file system of a {@link BackingKind#FILE} backing's file ({@code on FS}), or {@code null} when not written
 * @param fileSystemOrigin where {@code on FS} is written
 */
public record BackingDecl(String name, BackingKind kind, long size, Origin sizeOrigin, long hugePageSize,
        Origin hugetlbOrigin, List<GmemFlagDecl> flags, String path, Origin origin, FileSystem fileSystem,
        Origin fileSystemOrigin) {

    /** A backing whose file system is not written. */
    public BackingDecl(String name, BackingKind kind, long size, Origin sizeOrigin, long hugePageSize,
            Origin hugetlbOrigin, List<GmemFlagDecl> flags, String path, Origin origin) {
        this(name, kind, size, sizeOrigin, hugePageSize, hugetlbOrigin, flags, path, origin, null, null);
    }

    public BackingDecl {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        sizeOrigin = sizeOrigin == null ? Origin.NONE : sizeOrigin;
        hugetlbOrigin = hugetlbOrigin == null ? Origin.NONE : hugetlbOrigin;
        flags = List.copyOf(flags);
        origin = origin == null ? Origin.NONE : origin;
        fileSystemOrigin = fileSystemOrigin == null ? origin : fileSystemOrigin;
    }

    /** A backing without huge pages, flags or path. */
    public static BackingDecl of(String name, BackingKind kind, long size, GmemFlag... flags) {
        var origin = Origin.named(name);
        return new BackingDecl(name, kind, size, origin, 0, Origin.NONE,
                java.util.Arrays.stream(flags).map(f -> new GmemFlagDecl(f, Origin.named(name + "." + f.keyword())))
                        .toList(),
                null, origin);
    }

    public boolean hasFlag(GmemFlag flag) {
        return flags.stream().anyMatch(f -> f.flag() == flag);
    }

    /** This backing with its file system stated. */
    public BackingDecl on(FileSystem fs, Origin where) {
        return new BackingDecl(name, kind, size, sizeOrigin, hugePageSize, hugetlbOrigin, flags, path, origin, fs, where);
    }

    public boolean hugetlb() {
        return hugePageSize != 0;
    }
}
