package dev.vmem.server.cli.report;

import java.util.Objects;

/**
 * A place in a checked file or in a file it imports.
 *
 * @param path     the file, as the user named it (or relative to the importing file's folder)
 * @param span     the range
 * @param lineText the text of the range's first line, whitespace collapsed (for fingerprints)
 * @param pointer  for a place in an imported VMM configuration (vmem check --from): its JSON pointer,
 *                 XPath or argument index; null otherwise
 */
public record Location(String path, Span span, String lineText, String pointer) {
    public Location {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(span, "span");
        lineText = lineText == null ? "" : lineText;
    }

    public Location(String path, Span span, String lineText) {
        this(path, span, lineText, null);
    }
}
