package dev.vmem.engine.model;

import java.util.Objects;

/** One memslot flag with its own origin. */
public record SlotFlagDecl(SlotFlag flag, Origin origin) {
    public SlotFlagDecl {
        Objects.requireNonNull(flag, "flag");
        origin = origin == null ? Origin.NONE : origin;
    }
}
