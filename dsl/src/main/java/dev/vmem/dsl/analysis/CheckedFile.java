package dev.vmem.dsl.analysis;

import dev.vmem.dsl.vmem.Model;
import dev.vmem.engine.report.Report;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.validation.Issue;

/**
 * One check of one file by the {@link Checker}: its syntax, linking and structural problems, whether
 * the engine ran (and why not), the engine's report and its findings placed on the file's text.
 *
 * @param resource   the checked file (its resource set holds what it imports)
 * @param issues     Xtext's issues of the file (syntax, linking, structural), as validated
 * @param structural those issues placed on the text, in the order Xtext gave them
 * @param report     the engine's report, or null when the engine did not run
 * @param skipped    why the engine did not run ("" when it ran)
 * @param findings   the engine's findings placed on this file (an internal error when the engine failed)
 * @param failure    what the engine or the mapper threw, or null
 */
public record CheckedFile(XtextResource resource, List<Issue> issues, List<Placed> structural, Report report,
        String skipped, List<Placed> findings, Throwable failure) {

    public CheckedFile {
        issues = List.copyOf(issues);
        structural = List.copyOf(structural);
        findings = List.copyOf(findings);
    }

    /** True when the engine ran to the end (its report may still say "analysis incomplete"). */
    public boolean ran() {
        return report != null;
    }

    /** True when a syntax error kept the file from parsing completely. */
    public boolean unparsable() {
        return structural.stream().anyMatch(p -> p.kind() == Placed.Kind.SYNTAX);
    }

    /** Every problem: the structural ones, then the engine's. */
    public List<Placed> all() {
        var all = new ArrayList<Placed>(structural.size() + findings.size());
        all.addAll(structural);
        all.addAll(findings);
        return all;
    }

    /** The file's model, if it parsed to one. */
    public Optional<Model> model() {
        return resource.getContents().isEmpty() || !(resource.getContents().get(0) instanceof Model m)
                ? Optional.empty()
                : Optional.of(m);
    }
}
