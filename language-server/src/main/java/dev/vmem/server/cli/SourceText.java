package dev.vmem.server.cli;

import dev.vmem.dsl.text.LineIndex;
import dev.vmem.server.cli.report.Span;

/**
 * One file's text for the CLI: 1-based {@link Span}s over the language's {@link LineIndex}, and the
 * whitespace-collapsed lines that fingerprints hash.
 */
public final class SourceText {

    private final LineIndex index;
    private final java.util.Map<Integer, String> normalized = new java.util.concurrent.ConcurrentHashMap<>();

    public SourceText(String text) {
        this.index = new LineIndex(text);
    }

    public String text() {
        return index.text();
    }

    public int lineCount() {
        return index.lineCount();
    }

    /** The span of {@code length} characters from {@code offset}; out-of-range values are clamped. */
    public Span span(int offset, int length) {
        int start = index.clamp(offset);
        int end = Math.max(start, index.clamp(start + Math.max(0, length)));
        return new Span(index.line1(start), index.column1(start), index.line1(end), index.column1(end));
    }

    /** The text of a 1-based line without its line end, or "" outside the text. */
    public String line(int line) {
        return index.lineText1(line);
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
