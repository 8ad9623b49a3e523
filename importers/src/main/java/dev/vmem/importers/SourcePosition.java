package dev.vmem.importers;

import java.util.Objects;

/**
 * A place in the original configuration file.
 *
 * @param line    from 1
 * @param column  from 1
 * @param pointer where in the document's structure: a JSON pointer ({@code /machine-config/huge_pages}),
 *                an XPath ({@code /domain/memoryBacking/hugepages}) or an argument index
 *                ({@code argv[4]})
 */
public record SourcePosition(int line, int column, String pointer) {

    public static final SourcePosition START = new SourcePosition(1, 1, "");

    public SourcePosition {
        line = Math.max(1, line);
        column = Math.max(1, column);
        pointer = Objects.requireNonNullElse(pointer, "");
    }

    @Override
    public String toString() {
        return line + ":" + column + (pointer.isEmpty() ? "" : " (" + pointer + ")");
    }
}
