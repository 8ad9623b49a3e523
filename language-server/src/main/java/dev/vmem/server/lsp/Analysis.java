package dev.vmem.server.lsp;

import dev.vmem.dsl.analysis.CheckedFile;
import dev.vmem.dsl.analysis.Checker;
import dev.vmem.dsl.analysis.Placed;
import dev.vmem.dsl.vmem.Model;
import dev.vmem.engine.report.Report;
import java.util.List;
import java.util.Optional;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.resource.XtextResource;

/**
 * One check of one file (with its imports) by the language's {@link Checker}, as of one build of the
 * workspace. Diagnostics, hovers, inlay hints and code lenses of that file all read the same run.
 *
 * @param resource   the file
 * @param generation the workspace build the run belongs to
 * @param checked    what the checker found
 * @param nanos      how long the check took
 */
public record Analysis(XtextResource resource, long generation, CheckedFile checked, long nanos) {

    /** The engine's report, or null when the engine did not run (see {@link #skipped}). */
    public Report report() {
        return checked.report();
    }

    /** Why the engine did not run ("" when it ran). */
    public String skipped() {
        return checked.skipped();
    }

    /** The engine's findings placed on this file (an internal error when the engine failed). */
    public List<Placed> placed() {
        return checked.findings();
    }

    public boolean ran() {
        return checked.ran();
    }

    /** The model of the file. */
    public Optional<Model> model() {
        return checked.model();
    }

    static Optional<INode> nameNode(EObject element) {
        return Checker.nameNode(element);
    }
}
