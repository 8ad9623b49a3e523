package dev.vmem.importers;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an importer made of a configuration: the {@code .vmem} text, where each of its lines came
 * from, and what the importer has to say about the configuration itself.
 *
 * @param text      the generated {@code .vmem} file
 * @param sourceMap generated line (from 1) → the place in the original file it came from
 * @param notes     not-modelled settings, the default kernel, combinations the VMM refuses
 */
public record ImportResult(String text, Map<Integer, SourcePosition> sourceMap, List<Note> notes) {

    public ImportResult {
        sourceMap = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(sourceMap));
        notes = List.copyOf(notes);
    }

    /**
     * The original place of a generated line: the line's own construct, else the nearest mapped line
     * above it (a member's block), else the file's start.
     */
    public SourcePosition origin(int generatedLine) {
        var tree = (java.util.SortedMap<Integer, SourcePosition>) sourceMap;
        SourcePosition exact = tree.get(generatedLine);
        if (exact != null) {
            return exact;
        }
        var head = tree.headMap(generatedLine);
        return head.isEmpty() ? SourcePosition.START : head.get(head.lastKey());
    }
}
