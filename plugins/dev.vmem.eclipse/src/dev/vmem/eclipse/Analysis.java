package dev.vmem.eclipse;

import dev.vmem.engine.report.Report;
import java.util.List;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.validation.Issue;

/**
 * One look at one text: the parsed resource (imports loaded into its resource set), the issues of
 * the Xtext validator (structural checks and the engine's findings) and the engine's report.
 *
 * @param text     the text that was analysed
 * @param resource the parsed text; do not change it, it may be shared with hovers and the outline
 * @param issues   the issues about this text, with the severities the preferences give
 * @param report   the engine's report, or null when the engine did not run (syntax or linking errors)
 */
public record Analysis(String text, XtextResource resource, List<Issue> issues, Report report) {

    public Analysis {
        issues = List.copyOf(issues);
    }
}
