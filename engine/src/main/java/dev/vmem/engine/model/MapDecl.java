package dev.vmem.engine.model;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * The VMM's mmap of a backing: {@code map B shared|private [at ADDR] [populate] [mergeable] [OPTION...]}.
 *
 * @param backing       the backing's name
 * @param backingOrigin where the backing is named
 * @param sharing       MAP_SHARED or MAP_PRIVATE
 * @param at            the fixed address, if given (otherwise the engine picks one)
 * @param populate      MAP_POPULATE / prealloc: every page is faulted in at mmap time
 * @param mergeable     madvise(MADV_MERGEABLE)
 * @param origin        the whole declaration
 * @param options       thp, dontdump, noreserve, locked, numa ({@link MapOptions#NONE} when none is written)
 * @param mergeableOrigin where {@code mergeable} is written
 */
public record MapDecl(String backing, Origin backingOrigin, Sharing sharing, OptionalLong at, boolean populate,
        boolean mergeable, Origin origin, MapOptions options, Origin mergeableOrigin) {

    /** A mapping without the options of {@link MapOptions}. */
    public MapDecl(String backing, Origin backingOrigin, Sharing sharing, OptionalLong at, boolean populate,
            boolean mergeable, Origin origin) {
        this(backing, backingOrigin, sharing, at, populate, mergeable, origin, MapOptions.NONE, origin);
    }

    public MapDecl {
        Objects.requireNonNull(backing, "backing");
        Objects.requireNonNull(sharing, "sharing");
        at = at == null ? OptionalLong.empty() : at;
        backingOrigin = backingOrigin == null ? Origin.NONE : backingOrigin;
        origin = origin == null ? Origin.NONE : origin;
        options = options == null ? MapOptions.NONE : options;
        mergeableOrigin = mergeableOrigin == null ? origin : mergeableOrigin;
    }

    public static MapDecl of(String backing, Sharing sharing) {
        return new MapDecl(backing, Origin.named("map " + backing), sharing, OptionalLong.empty(), false, false,
                Origin.named("map " + backing));
    }

    public MapDecl populated() {
        return new MapDecl(backing, backingOrigin, sharing, at, true, mergeable, origin, options, mergeableOrigin);
    }

    /** This mapping with {@code options}. */
    public MapDecl with(MapOptions newOptions) {
        return new MapDecl(backing, backingOrigin, sharing, at, populate, mergeable, origin, newOptions, mergeableOrigin);
    }

    /** This mapping with madvise(MADV_MERGEABLE). */
    public MapDecl merged() {
        return new MapDecl(backing, backingOrigin, sharing, at, populate, true, origin, options, mergeableOrigin);
    }
}
