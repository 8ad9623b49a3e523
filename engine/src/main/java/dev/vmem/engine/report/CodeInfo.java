package dev.vmem.engine.report;

import dev.vmem.engine.kb.KernelFact;
import java.util.List;

/**
 * The one shape of every code a user can see: the engine's {@link Rule}s, the language's codes and the
 * tools' codes are enums of this shape, and the catalogue that unions them is the only place that
 * knows a code's severity, help text and page.
 */
public interface CodeInfo {

    /** The stable kebab-case code; once released it never changes meaning. */
    String code();

    /** The default severity. */
    Severity severity();

    /** One line. */
    String title();

    /** One sentence: when it is reported. */
    String whenItFires();

    /** How to fix it ("" when there is nothing to fix in the file). */
    String fix();

    /** The knowledge-base facts it rests on (none for the language's and the tools' codes). */
    List<KernelFact> facts();

    /** The code's page, relative to the repository root (shipped in the jars under {@code vmem/rules/}). */
    default String docPath() {
        return "docs/rules/" + code() + ".md";
    }
}
