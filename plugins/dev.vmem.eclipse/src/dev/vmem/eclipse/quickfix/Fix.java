package dev.vmem.eclipse.quickfix;

import java.util.Comparator;
import java.util.List;

/**
 * One quick fix: a label and the edits to one file's text, which do not overlap.
 *
 * @param label what the fix does, e.g. "Hide kvmclock from the guest (cpuid -kvmclock)"
 * @param edits edits against the text the fix was computed for
 */
public record Fix(String label, List<TextEdit> edits) {

    public Fix {
        edits = List.copyOf(edits);
    }

    /** The text with the edits applied. */
    public String apply(String text) {
        var out = new StringBuilder(text);
        for (TextEdit edit : edits.stream().sorted(Comparator.comparingInt(TextEdit::offset).reversed()).toList()) {
            out.replace(edit.offset(), edit.offset() + edit.length(), edit.text());
        }
        return out.toString();
    }
}
