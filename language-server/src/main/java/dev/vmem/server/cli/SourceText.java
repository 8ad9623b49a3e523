package dev.vmem.server.cli;

import dev.vmem.server.cli.report.Span;
import java.util.Arrays;

/**
 * Offsets to 1-based lines and columns for one file's text. Columns count UTF-16 code units, as
 * Xtext offsets, LSP and SARIF ({@code columnKind: utf16CodeUnits}) do. Line ends are {@code \n},
 * {@code \r\n} or {@code \r}.
 */
public final class SourceText {

    private final String text;
    private final int[] lineStarts;
    private final java.util.Map<Integer, String> normalized = new java.util.concurrent.ConcurrentHashMap<>();

    public SourceText(String text) {
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

    public String text() {
        return text;
    }

    public int lineCount() {
        return lineStarts.length;
    }

    /** The 0-based line index containing {@code offset} (clamped to the text). */
    private int lineIndex(int offset) {
        int clamped = Math.max(0, Math.min(offset, text.length()));
        int index = Arrays.binarySearch(lineStarts, clamped);
        return index >= 0 ? index : -index - 2;
    }

    /** The span of {@code length} characters from {@code offset}; out-of-range values are clamped. */
    public Span span(int offset, int length) {
        int start = Math.max(0, Math.min(offset, text.length()));
        int end = Math.max(start, Math.min(start + Math.max(0, length), text.length()));
        int startLine = lineIndex(start);
        int endLine = lineIndex(end);
        return new Span(startLine + 1, start - lineStarts[startLine] + 1, endLine + 1, end - lineStarts[endLine] + 1);
    }

    /** The text of a 1-based line without its line end, or "" outside the text. */
    public String line(int line) {
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

    /**
     * A line with runs of whitespace collapsed to one space and trimmed: what fingerprints hash.
     * Computed once per line: every problem asks for its line, and 100,000 problems on one 600 KB line
     * took minutes when each collapsed the whole line again.
     */
    public String normalizedLine(int line) {
        return normalized.computeIfAbsent(line, l -> collapse(line(l)));
    }

    /** Collapses runs of whitespace to one space and trims; long texts are cut at 200 characters. */
    public static String collapse(String s) {
        String collapsed = s.strip().replaceAll("\\s+", " ");
        return collapsed.length() > 200 ? collapsed.substring(0, 200) : collapsed;
    }
}
