package dev.vmem.server.lsp;

import dev.vmem.dsl.text.LineIndex;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.xtext.nodemodel.INode;

/**
 * Offsets of a text to LSP positions (0-based lines, UTF-16 columns: a Java {@code char} index), over
 * the language's {@link LineIndex}. Works on the text a resource was parsed from, so it can place
 * elements of files that are not open.
 */
public final class TextPositions {

    private final LineIndex index;

    public TextPositions(String text) {
        this(new LineIndex(text));
    }

    private TextPositions(LineIndex index) {
        this.index = index;
    }

    /** The positions of the text {@code resource} was parsed from (empty text when it has none). */
    public static TextPositions of(Resource resource) {
        return new TextPositions(LineIndex.of(resource));
    }

    public String text() {
        return index.text();
    }

    public Position position(int offset) {
        return new Position(index.line(offset), index.column(offset));
    }

    public Range range(int offset, int length) {
        return new Range(position(offset), position(offset + length));
    }

    public Range range(INode node) {
        return range(node.getOffset(), node.getLength());
    }

    public int offset(Position p) {
        return index.offset(p.getLine(), p.getCharacter());
    }

    /** The offset where the line holding {@code offset} starts. */
    public int lineStart(int offset) {
        return index.lineStartOfLine(index.line(offset));
    }

    /** The whitespace a line starts with. */
    public String indentation(int offset) {
        String text = index.text();
        int i = lineStart(offset);
        int j = i;
        while (j < text.length() && (text.charAt(j) == ' ' || text.charAt(j) == '\t')) {
            j++;
        }
        return text.substring(i, j);
    }
}
