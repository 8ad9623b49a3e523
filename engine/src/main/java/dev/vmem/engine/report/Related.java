package dev.vmem.engine.report;

import dev.vmem.engine.model.Origin;
import java.util.Objects;

/**
 * An element that contributed to a finding (the backing, the slot, the feature, the kernel profile).
 *
 * @param origin  where it is declared
 * @param message what it contributed, e.g. "the memfd_secret backing"
 */
public record Related(Origin origin, String message) {
    public Related {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(message, "message");
    }
}
