package dev.vmem.server.lsp;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;

/**
 * Test text with Langium-style markers: {@code <|…|>} marks a range, {@code <|>} a position. The markers
 * are removed; the ranges and positions are kept in the order they appear, so a test says where a
 * diagnostic belongs or where the cursor is without counting lines and columns.
 */
record Marked(String text, List<Range> ranges) {

    static Marked parse(String marked) {
        var text = new StringBuilder();
        var starts = new ArrayList<Integer>();
        var found = new ArrayList<int[]>();
        for (int i = 0; i < marked.length(); i++) {
            if (marked.startsWith("<|>", i)) {
                found.add(new int[] {text.length(), text.length()});
                i += 2;
            } else if (marked.startsWith("<|", i)) {
                starts.add(text.length());
                found.add(null); // keeps document order of range starts
                i++;
            } else if (marked.startsWith("|>", i)) {
                int start = starts.remove(starts.size() - 1);
                int slot = found.lastIndexOf(null);
                found.set(slot, new int[] {start, text.length()});
                i++;
            } else {
                text.append(marked.charAt(i));
            }
        }
        if (!starts.isEmpty()) {
            throw new IllegalArgumentException("unclosed <| in test text");
        }
        var positions = new TextPositions(text.toString());
        var ranges = new ArrayList<Range>();
        for (int[] r : found) {
            ranges.add(new Range(positions.position(r[0]), positions.position(r[1])));
        }
        return new Marked(text.toString(), List.copyOf(ranges));
    }

    Range range(int i) {
        return ranges.get(i);
    }

    Position position(int i) {
        return ranges.get(i).getStart();
    }
}
