package dev.vmem.engine.model;

import java.util.Objects;

/**
 * An out-of-tree patch series on a kernel profile.
 *
 * @param patch    which series
 * @param revision the posting revision (9, 10, 12, …) for {@link Patch#NO_DIRECT_MAP}; 0 when the series
 *                 has no revisions that matter
 * @param origin   where it is written
 */
public record PatchDecl(Patch patch, int revision, Origin origin) {

    public PatchDecl {
        Objects.requireNonNull(patch, "patch");
        origin = origin == null ? Origin.NONE : origin;
    }

    /** Patch series the knowledge base knows. */
    public enum Patch {
        /** "Direct Map Removal Support for guest_memfd" (GUEST_MEMFD_FLAG_NO_DIRECT_MAP), not merged. */
        NO_DIRECT_MAP("no_direct_map"),
        /** "KVM: pfncache: Add guest_memfd support to pfncache" (Itazuri RFC, Mar 2026). */
        PFNCACHE_GMEM("pfncache_gmem"),
        /** The 2024 AWS experiment that removed the secretmem check from GUP. */
        SECRETMEM_GUP_ALLOWED("secretmem_gup_allowed");

        private final String keyword;

        Patch(String keyword) {
            this.keyword = keyword;
        }

        public String keyword() {
            return keyword;
        }
    }
}
