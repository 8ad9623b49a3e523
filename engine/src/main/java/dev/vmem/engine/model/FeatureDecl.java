package dev.vmem.engine.model;

import java.util.Objects;

/**
 * A CPU or linear-map fact of the host.
 *
 * @param feature which feature
 * @param origin  where it is written
 */
public record FeatureDecl(Feature feature, Origin origin) {

    public FeatureDecl {
        Objects.requireNonNull(feature, "feature");
        origin = origin == null ? Origin.NONE : origin;
    }

    /** Host features the knowledge base knows. */
    public enum Feature {
        /** arm64 ARM64_HAS_STAGE2_FWB: stage-2 maps need no cache maintenance through the linear map. */
        STAGE2_FWB("stage2_fwb"),
        /** arm64 linear map built at 4 KiB granularity (rodata_full and friends): can_set_direct_map(). */
        LINEAR_MAP_4K("linear_map_4k");

        private final String keyword;

        Feature(String keyword) {
            this.keyword = keyword;
        }

        public String keyword() {
            return keyword;
        }
    }
}
