package dev.vmem.engine.model;

import java.util.Objects;

/**
 * A guest feature in use: {@code clock kvmclock} or an item of {@code uses a, b}.
 *
 * @param feature the feature
 * @param origin  where it is written
 */
public record FeatureUseDecl(GuestFeature feature, Origin origin) {
    public FeatureUseDecl {
        Objects.requireNonNull(feature, "feature");
        origin = origin == null ? Origin.NONE : origin;
    }
}
