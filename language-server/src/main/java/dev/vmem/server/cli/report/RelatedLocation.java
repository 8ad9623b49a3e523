package dev.vmem.server.cli.report;

import java.util.Objects;

/**
 * An element that contributed to a problem: the backing, the slot, the kernel profile.
 *
 * @param message  what it contributed
 * @param location where it is declared
 */
public record RelatedLocation(String message, Location location) {
    public RelatedLocation {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(location, "location");
    }
}
