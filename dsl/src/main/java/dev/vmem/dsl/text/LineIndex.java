package dev.vmem.dsl.text;

import java.util.Arrays;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.resource.XtextResource;

/**
 * Offsets of one text to lines and columns, and back: the one line-start scan of the project. Lines
 * and columns are 0-based here ({@link #line}, {@link #column}); {@link #line1}/{@link #column1} give
 * the 1-based view the CLI and Xtext issues use. Columns count UTF-16 code units (a Java {@code char}),
 * as Xtext offsets, LSP and SARIF ({@code columnKind: utf16CodeUnits}) do. Line ends are {@code \n},
 * {@code \r\n} or {@code \r}. Out-of-range offsets are clamped to the text.
 */
public final class LineIndex {

    private final String text;
    private final int[] lineStarts;

    public LineIndex(String text) {
        this.text = text;
        int[] starts = new int[16];
        int count = 0;
        starts[count++] = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
                if (count == starts.length) {
                    starts = Arrays.copyOf(starts, count * 2);
                }
                starts[count++] = i + 1;
            }
        }
        this.lineStarts = Arrays.copyOf(starts, count);
    }

    /** The index of the text {@code resource} was parsed from (empty text when it has none). */
    public static LineIndex of(Resource resource) {
        if (resource instanceof XtextResource x && x.getParseResult() != null) {
            return new LineIndex(x.getParseResult().getRootNode().getText());
        }
        return new LineIndex("");
    }

    public String text() {
        return text;
    }

    public int lineCount() {
        return lineStarts.length;
    }

    /** The offset clamped to the text. */
    public int clamp(int offset) {
        return Math.max(0, Math.min(offset, text.length()));
    }

    /** The 0-based line holding {@code offset}. */
    public int line(int offset) {
        int index = Arrays.binarySearch(lineStarts, clamp(offset));
        return index >= 0 ? index : -index - 2;
    }

    /** The 0-based column of {@code offset} on its line. */
    public int column(int offset) {
        int clamped = clamp(offset);
        return clamped - lineStarts[line(clamped)];
    }

    /** The 1-based line holding {@code offset}. */
    public int line1(int offset) {
        return line(offset) + 1;
    }

    /** The 1-based column of {@code offset}. */
    public int column1(int offset) {
        return column(offset) + 1;
    }

    /** The offset of a 0-based line and column (clamped to the line and the text). */
    public int offset(int line, int column) {
        if (line < 0) {
            return 0;
        }
        if (line >= lineStarts.length) {
            return text.length();
        }
        int start = lineStarts[line];
        int end = line + 1 < lineStarts.length ? lineStarts[line + 1] : text.length();
        return Math.min(start + Math.max(0, column), end);
    }

    /** The offset where the 0-based line starts ({@code text.length()} past the end). */
    public int lineStartOfLine(int line) {
        return offset(line, 0);
    }

    /** The text of a 1-based line without its line end, or "" outside the text. */
    public String lineText1(int line) {
        if (line < 1 || line > lineStarts.length) {
            return "";
        }
        int start = lineStarts[line - 1];
        int end = line < lineStarts.length ? lineStarts[line] : text.length();
        while (end > start && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        return text.substring(start, end);
    }
}
