package dev.vmem.server.cli.report;

import java.util.List;

/**
 * The direct-map exposure of one VM after bring-up (engine {@code VmExposure}, with a position).
 * Byte counts are unsigned 64-bit values.
 */
public record Exposure(String vm, Span span, long guestBytes, long directMapBytes, long removedBytes,
        long largePagesSplit, List<BackingExposure> backings) {

    public Exposure {
        backings = List.copyOf(backings);
    }

    /** The same for one backing. */
    public record BackingExposure(String backing, String kind, Span span, long guestBytes, long directMapBytes,
            long hardwareProtectedBytes, long removedBytes, String reason) {
    }
}
