package dev.vmem.editor.fix;

import java.util.Comparator;
import java.util.List;
import org.eclipse.emf.ecore.resource.Resource;

/**
 * One quick fix: a label and its edits, which do not overlap. An editor converts the edits to its
 * own (an LSP {@code WorkspaceEdit}, edits of Eclipse documents).
 *
 * @param label what the fix does, e.g. "Hide kvmclock from the guest: add 'cpuid -kvmclock' to vm fc"
 * @param edits in the order made
 */
public record Fix(String label, List<Edit> edits) {

    public Fix {
        edits = List.copyOf(edits);
    }

    /** True when every edit is in {@code resource}. */
    public boolean editsOnly(Resource resource) {
        return edits.stream().allMatch(e -> e.resource() == resource);
    }

    /** {@code text} (the text of {@code resource}) with the fix's edits of that resource applied. */
    public String apply(Resource resource, String text) {
        var out = new StringBuilder(text);
        for (Edit edit : edits.stream().filter(e -> e.resource() == resource)
                .sorted(Comparator.comparingInt(Edit::offset).reversed()).toList()) {
            out.replace(edit.offset(), edit.offset() + edit.length(), edit.text());
        }
        return out.toString();
    }
}
