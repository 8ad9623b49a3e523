package dev.vmem.engine.model;

import java.util.Objects;

/** One flag in a guest_memfd's flag list, with its own origin so a fix can drop just that flag. */
public record GmemFlagDecl(GmemFlag flag, Origin origin) {
    public GmemFlagDecl {
        Objects.requireNonNull(flag, "flag");
        origin = origin == null ? Origin.NONE : origin;
    }
}
