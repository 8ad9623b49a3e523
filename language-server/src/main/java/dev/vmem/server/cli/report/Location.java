package dev.vmem.server.cli.report;

import java.util.Objects;

/**
 * A place in a checked file or in a file it imports.
 *
 * @param path     the file, as the user named it (or relative to the importing file's folder)
 * @param span     the range
 * @param lineText the text of the range's first line, whitespace collapsed (for fingerprints)
 */
public record Location(String path, Span span, String lineText) {
    public Location {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(span, "span");
        lineText = lineText == null ? "" : lineText;
    }
}
