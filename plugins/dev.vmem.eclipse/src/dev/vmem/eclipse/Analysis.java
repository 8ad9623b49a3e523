package dev.vmem.eclipse;

import dev.vmem.dsl.analysis.CheckedFile;
import dev.vmem.engine.report.Report;
import java.util.List;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.validation.Issue;

/**
 * One look at one text: the parsed resource (imports loaded into its resource set), the issues of
 * the language's checker (structural checks and the engine's findings) and what the checker found.
 *
 * @param text     the text that was analysed
 * @param resource the parsed text; do not change it, it may be shared with hovers and the outline
 * @param issues   the issues about this text, with the severities the preferences give
 * @param checked  the checker's result for the text (what the editor layer's services read)
 */
public record Analysis(String text, XtextResource resource, List<Issue> issues, CheckedFile checked) {

    public Analysis {
        issues = List.copyOf(issues);
    }

    /** The engine's report, or null when the engine did not run (syntax or linking errors). */
    public Report report() {
        return checked.report();
    }
}
