package dev.vmem.importers;

import java.util.Objects;

/**
 * Something the importer says about the configuration itself, located in the original file.
 *
 * @param code     {@code import-not-modelled}, {@code import-default-kernel}, {@code vmm-refuses}
 * @param severity {@code error}, {@code warning} or {@code info}
 * @param message  one line
 * @param position where
 */
public record Note(String code, String severity, String message, SourcePosition position) {

    /** A setting VMem knows but does not model: said, never silently dropped. */
    public static final String NOT_MODELLED = "import-not-modelled";
    /** No {@code --kernel}: the VM runs on the built-in default profile. */
    public static final String DEFAULT_KERNEL = "import-default-kernel";
    /** A combination the VMM itself refuses to start with (its own validation, cited). */
    public static final String VMM_REFUSES = "vmm-refuses";
    /** What {@code --kernel host} could not determine about the running machine. */
    public static final String HOST_UNKNOWN = "host-kernel-unknown";

    public Note {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(position, "position");
    }

    public static Note info(String code, String message, SourcePosition position) {
        return new Note(code, "info", message, position);
    }
}
