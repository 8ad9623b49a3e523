package dev.vmem.dsl.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vmem.dsl.mapping.EObjectOrigin;
import dev.vmem.engine.model.Origin;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.xtext.nodemodel.INode;

/**
 * Test text with ranges marked by {@code <|} and {@code |>}: the markers are removed and the ranges
 * they enclosed are kept, so that a test can say where a diagnostic belongs without counting offsets.
 */
public record Marked(String text, List<Range> ranges) {

    /** A marked range: offset and length in the text without markers. */
    public record Range(int offset, int length) {
    }

    public static Marked parse(String marked) {
        var text = new StringBuilder();
        var ranges = new ArrayList<Range>();
        var starts = new ArrayList<Integer>();
        for (int i = 0; i < marked.length(); i++) {
            if (marked.startsWith("<|", i)) {
                starts.add(text.length());
                i++;
            } else if (marked.startsWith("|>", i)) {
                int start = starts.remove(starts.size() - 1);
                ranges.add(new Range(start, text.length() - start));
                i++;
            } else {
                text.append(marked.charAt(i));
            }
        }
        if (!starts.isEmpty()) {
            throw new IllegalArgumentException("unclosed <| in test text");
        }
        ranges.sort((a, b) -> Integer.compare(a.offset(), b.offset()));
        return new Marked(text.toString(), List.copyOf(ranges));
    }

    public Range range() {
        if (ranges.size() != 1) {
            throw new IllegalStateException("expected exactly one marked range, found " + ranges.size());
        }
        return ranges.get(0);
    }

    /** Asserts that each origin's node covers the marked range of the same index. */
    public void assertOriginsAtRanges(List<Origin> origins) {
        assertThat(origins).hasSameSizeAs(ranges);
        for (int i = 0; i < origins.size(); i++) {
            INode node = ((EObjectOrigin) origins.get(i)).node();
            Range expected = ranges.get(i);
            assertThat(node.getOffset()).as("origin %d: %s", i, origins.get(i).describe()).isEqualTo(expected.offset());
            assertThat(node.getLength()).as("origin %d", i).isEqualTo(expected.length());
        }
    }
}
