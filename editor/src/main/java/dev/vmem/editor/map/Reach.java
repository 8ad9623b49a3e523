package dev.vmem.editor.map;

import dev.vmem.engine.report.VmLayout;

/**
 * What the kernel can reach of a piece of guest memory through its direct map: the colour of every
 * slot, mapping and backing in the picture. A slot or mapping takes the colour of the backing its
 * guest memory comes from.
 */
enum Reach {
    /** In the direct map: any kernel code (and transient-execution gadgets) can read it. */
    IN_DIRECT_MAP("dm", "in the direct map", "in direct map"),
    /** In the direct map, but CoCo-private memory that the hardware protects (SEV-SNP, TDX). */
    HARDWARE_PROTECTED("hw", "hardware-protected (CoCo private)", "hw-protected"),
    /** Removed from the direct map once used (memfd_secret, NO_DIRECT_MAP guest_memfd). */
    REMOVED("rm", "removed from the direct map", "removed"),
    /** The backing could not be created. */
    NOT_CREATED("nc", "not created (refused)", "not created"),
    /** No memory behind it: a memslot without a mapped userspace_addr or a binding. */
    NO_MEMORY("nm", "no memory behind it", "no memory");

    private final String css;
    private final String legend;
    private final String brief;

    Reach(String css, String legend, String brief) {
        this.css = css;
        this.legend = legend;
        this.brief = brief;
    }

    /** The CSS class that colours it. */
    String css() {
        return css;
    }

    /** The legend's words. */
    String legend() {
        return legend;
    }

    /** One or two words for a label. */
    String brief() {
        return brief;
    }

    static Reach of(VmLayout.DirectMap directMap) {
        return switch (directMap) {
            case PRESENT -> IN_DIRECT_MAP;
            case HARDWARE_PROTECTED -> HARDWARE_PROTECTED;
            case REMOVED -> REMOVED;
            case NOT_CREATED -> NOT_CREATED;
        };
    }
}
