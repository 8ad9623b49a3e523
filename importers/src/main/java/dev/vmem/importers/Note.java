package dev.vmem.importers;

import dev.vmem.dsl.codes.ImportCode;
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
    public static final String NOT_MODELLED = ImportCode.IMPORT_NOT_MODELLED.code();
    /** No {@code --kernel}: the VM runs on the built-in default profile. */
    public static final String DEFAULT_KERNEL = ImportCode.IMPORT_DEFAULT_KERNEL.code();
    /** A combination the VMM itself refuses to start with (its own validation, cited). */
    public static final String VMM_REFUSES = ImportCode.VMM_REFUSES.code();
    /** What {@code --kernel host} could not determine about the running machine. */
    public static final String HOST_UNKNOWN = ImportCode.HOST_KERNEL_UNKNOWN.code();

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
