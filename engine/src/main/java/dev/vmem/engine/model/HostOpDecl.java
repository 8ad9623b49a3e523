package dev.vmem.engine.model;

import java.util.Objects;

/** One item of {@code host a, b}. */
public record HostOpDecl(HostOperation operation, Origin origin) {
    public HostOpDecl {
        Objects.requireNonNull(operation, "operation");
        origin = origin == null ? Origin.NONE : origin;
    }
}
