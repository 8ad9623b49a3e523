package dev.vmem.server.lsp;

import dev.vmem.editor.annotations.Annotations;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.lsp4j.CodeLens;
import org.eclipse.lsp4j.CodeLensParams;
import org.eclipse.lsp4j.Command;
import org.eclipse.xtext.ide.server.Document;
import org.eclipse.xtext.ide.server.codelens.ICodeLensService;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;

/**
 * A code lens on each scenario of the file with its result (the editor layer's {@link Annotations#lenses}):
 * "passed (6 steps)", "2 of 6 steps failed", or why it did not run. The lens carries no command to run;
 * it is a label.
 */
public class CodeLenses implements ICodeLensService {

    /** The command of the label-only lenses (clients show the title and do nothing on a click). */
    public static final String NO_COMMAND = "";

    @Override
    public List<? extends CodeLens> computeCodeLenses(Document document, XtextResource resource, CodeLensParams params,
            CancelIndicator cancel) {
        if (document == null || resource == null) {
            return List.of();
        }
        Analysis analysis = Session.of(resource).analyze(resource, cancel);
        if (!analysis.ran()) {
            return List.of();
        }
        var text = new TextPositions(document.getContents());
        var lenses = new ArrayList<CodeLens>();
        for (Annotations.Lens lens : Annotations.lenses(analysis.report(), resource)) {
            lenses.add(new CodeLens(text.range(lens.offset(), lens.length()), new Command(lens.title(), NO_COMMAND), null));
        }
        return lenses;
    }
}
