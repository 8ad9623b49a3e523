package dev.vmem.server.cli.report;

/**
 * A source range with 1-based lines and columns; the end is exclusive (the column just after the
 * last character), as in LSP and SARIF regions.
 *
 * @param line      first line, from 1
 * @param column    first column, from 1 (UTF-16 code units)
 * @param endLine   last line, from 1
 * @param endColumn column after the last character, from 1
 */
public record Span(int line, int column, int endLine, int endColumn) {

    /** The start of a file, for problems about the whole file. */
    public static final Span FILE_START = new Span(1, 1, 1, 1);

    public Span {
        if (line < 1 || column < 1 || endLine < line || (endLine == line && endColumn < column)) {
            throw new IllegalArgumentException("bad span " + line + ":" + column + "-" + endLine + ":" + endColumn);
        }
    }
}
