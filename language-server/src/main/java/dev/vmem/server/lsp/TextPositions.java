package dev.vmem.server.lsp;

import java.util.Arrays;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.resource.XtextResource;

/**
 * Offsets of a text to LSP positions (0-based lines, UTF-16 columns: a Java {@code char} index).
 * Works on the text a resource was parsed from, so it can place elements of files that are not open.
 */
public final class TextPositions {

    private final String text;
    private final int[] lineStarts;

    public TextPositions(String text) {
        this.text = text;
        int[] starts = new int[16];
        int n = 0;
        starts[n++] = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
                if (n == starts.length) {
                    starts = Arrays.copyOf(starts, n * 2);
                }
                starts[n++] = i + 1;
            }
        }
        this.lineStarts = Arrays.copyOf(starts, n);
    }

    /** The positions of the text {@code resource} was parsed from (empty text when it has none). */
    public static TextPositions of(Resource resource) {
        if (resource instanceof XtextResource x && x.getParseResult() != null) {
            return new TextPositions(x.getParseResult().getRootNode().getText());
        }
        return new TextPositions("");
    }

    public String text() {
        return text;
    }

    public Position position(int offset) {
        int clamped = Math.max(0, Math.min(offset, text.length()));
        int line = Arrays.binarySearch(lineStarts, clamped);
        if (line < 0) {
            line = -line - 2;
        }
        return new Position(line, clamped - lineStarts[line]);
    }

    public Range range(int offset, int length) {
        return new Range(position(offset), position(offset + length));
    }

    public Range range(INode node) {
        return range(node.getOffset(), node.getLength());
    }

    public int offset(Position p) {
        if (p.getLine() >= lineStarts.length) {
            return text.length();
        }
        int start = lineStarts[p.getLine()];
        int end = p.getLine() + 1 < lineStarts.length ? lineStarts[p.getLine() + 1] : text.length();
        return Math.min(start + Math.max(0, p.getCharacter()), end);
    }

    /** The offset where the line holding {@code offset} starts. */
    public int lineStart(int offset) {
        return offset(new Position(position(offset).getLine(), 0));
    }

    /** The whitespace a line starts with. */
    public String indentation(int offset) {
        int i = lineStart(offset);
        int j = i;
        while (j < text.length() && (text.charAt(j) == ' ' || text.charAt(j) == '\t')) {
            j++;
        }
        return text.substring(i, j);
    }
}
