package dev.vmem.engine.report;

import dev.vmem.engine.kb.KernelFact;
import dev.vmem.engine.model.Origin;
import java.util.List;

/**
 * What the kernel does with one declared element under its VM's profile, for hovers: e.g. on a
 * memslot its fault path, direct-map status and exposure bytes.
 *
 * @param origin the element
 * @param title  a short heading ("slot 0: guest_memfd-only memslot")
 * @param lines  one statement per line
 * @param facts  the knowledge-base facts behind the statements
 */
public record ElementNote(Origin origin, String title, List<String> lines, List<KernelFact> facts) {
    public ElementNote {
        lines = List.copyOf(lines);
        facts = List.copyOf(facts);
    }
}
