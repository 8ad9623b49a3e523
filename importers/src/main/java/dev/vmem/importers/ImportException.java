package dev.vmem.importers;

/** A configuration the importer cannot read: malformed, an unknown field or option, past a limit. */
public final class ImportException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient SourcePosition position;

    public ImportException(String message, SourcePosition position) {
        super(message);
        this.position = position == null ? SourcePosition.START : position;
    }

    /** Where in the original file. */
    public SourcePosition position() {
        return position;
    }
}
