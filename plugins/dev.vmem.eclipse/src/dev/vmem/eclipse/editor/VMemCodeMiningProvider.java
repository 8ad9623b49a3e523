package dev.vmem.eclipse.editor;

import dev.vmem.eclipse.Analysis;
import dev.vmem.eclipse.preferences.VMemPreferences;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.Position;
import org.eclipse.jface.text.codemining.AbstractCodeMiningProvider;
import org.eclipse.jface.text.codemining.ICodeMining;
import org.eclipse.jface.text.codemining.ICodeMiningProvider;
import org.eclipse.jface.text.codemining.LineContentCodeMining;
import org.eclipse.jface.text.codemining.LineHeaderCodeMining;
import org.eclipse.jface.text.source.ISourceViewerExtension5;

/**
 * The code minings of a VMem editor (contributed to the Generic Editor through
 * {@code org.eclipse.ui.workbench.texteditor.codeMiningProviders}; the editor installs one provider per
 * viewer): the {@link Minings} of the document's latest analysis, the one the reconciler made, as
 * line-content minings (the exposure hints) and line-header minings (each scenario's result). Like the
 * language server's code lenses, a scenario's result is a label: a click does nothing.
 *
 * <p>Each new analysis of the document (the reconciler's, or the workspace checker's after an imported
 * file or a preference changed) updates the minings. Nothing is computed here: while the document's text
 * is ahead of its latest analysis, the minings shown stay where the edits move them until the next one.
 */
public class VMemCodeMiningProvider extends AbstractCodeMiningProvider {

    private final Documents.Watch watch = new Documents.Watch(analysis -> refresh());
    private volatile ITextViewer viewer;

    @Override
    public CompletableFuture<List<? extends ICodeMining>> provideCodeMinings(ITextViewer textViewer, IProgressMonitor monitor) {
        IDocument document = textViewer.getDocument();
        if (document == null) {
            return CompletableFuture.completedFuture(List.of());
        }
        viewer = textViewer;
        watch.follow(document);
        Analysis latest = Documents.state(document).latest();
        if (latest == null || !latest.text().equals(document.get())) {
            return CompletableFuture.completedFuture(List.of());
        }
        boolean hints = VMemPreferences.showInlayHints();
        boolean lenses = VMemPreferences.showCodeLenses();
        return CompletableFuture.supplyAsync(() -> minings(Minings.of(latest, hints, lenses), document, this));
    }

    /** The JFace minings of {@code minings} on {@code document}; those the document no longer holds are left out. */
    static List<ICodeMining> minings(List<Minings.Mining> minings, IDocument document, ICodeMiningProvider provider) {
        var result = new ArrayList<ICodeMining>();
        for (Minings.Mining m : minings) {
            try {
                result.add(switch (m.kind()) {
                    case INLINE -> new Hint(m, document, provider);
                    case HEADER -> new Lens(m, document, provider);
                });
            } catch (BadLocationException e) {
                // the document changed under the analysis: the next analysis brings the minings back
            }
        }
        return result;
    }

    /**
     * Asks the viewer for the minings again (on the UI thread), unless the text has moved on since the
     * latest analysis: then the minings shown stay (their positions follow the edits) until the next one.
     */
    private void refresh() {
        ITextViewer v = viewer;
        OnUiThread.later(v == null ? null : v.getTextWidget(), () -> {
            IDocument document = v.getDocument();
            Analysis latest = document == null ? null : Documents.state(document).latest();
            if (latest != null && latest.text().equals(document.get()) && v instanceof ISourceViewerExtension5 minings) {
                minings.updateCodeMinings();
            }
        });
    }

    @Override
    public void dispose() {
        watch.follow(null);
        viewer = null;
        super.dispose();
    }

    /** An exposure hint: drawn in the line before the character at its offset (after the last one at the text's end). */
    static final class Hint extends LineContentCodeMining {
        Hint(Minings.Mining m, IDocument document, ICodeMiningProvider provider) throws BadLocationException {
            super(position(m.offset(), document), m.offset() >= document.getLength(), provider);
            setLabel(m.label());
        }

        private static Position position(int offset, IDocument document) throws BadLocationException {
            if (offset < 0 || offset > document.getLength()) {
                throw new BadLocationException(offset + " is outside the document");
            }
            return offset < document.getLength() ? new Position(offset, 1) : new Position(Math.max(0, offset - 1), 1);
        }
    }

    /** A scenario's result: a header above the scenario's line. */
    static final class Lens extends LineHeaderCodeMining {
        Lens(Minings.Mining m, IDocument document, ICodeMiningProvider provider) throws BadLocationException {
            super(m.line(), document, provider);
            setLabel(m.label());
        }
    }
}
