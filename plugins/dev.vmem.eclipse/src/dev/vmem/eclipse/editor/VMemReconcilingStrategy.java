package dev.vmem.eclipse.editor;

import dev.vmem.eclipse.Analysis;
import dev.vmem.eclipse.VMemPlugin;
import dev.vmem.eclipse.markers.VMemMarkers;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.reconciler.DirtyRegion;
import org.eclipse.jface.text.reconciler.IReconcilingStrategy;
import org.eclipse.jface.text.reconciler.IReconcilingStrategyExtension;
import org.eclipse.xtext.service.OperationCanceledError;

/**
 * Runs in the Generic Editor's reconciler thread after the user stops typing: parses and validates
 * the editor's text (structural checks and the engine, cancellable), replaces the file's markers,
 * tells highlighting and outline, and has the files that import this one re-checked.
 */
public class VMemReconcilingStrategy implements IReconcilingStrategy, IReconcilingStrategyExtension {

    private IDocument document;
    private IProgressMonitor monitor = new NullProgressMonitor();

    @Override
    public void setDocument(IDocument document) {
        this.document = document;
    }

    @Override
    public void setProgressMonitor(IProgressMonitor monitor) {
        this.monitor = monitor == null ? new NullProgressMonitor() : monitor;
    }

    @Override
    public void initialReconcile() {
        reconcile();
    }

    @Override
    public void reconcile(DirtyRegion dirtyRegion, IRegion subRegion) {
        reconcile();
    }

    @Override
    public void reconcile(IRegion partition) {
        reconcile();
    }

    private void reconcile() {
        IDocument doc = document;
        if (doc == null) {
            return;
        }
        IProgressMonitor m = monitor;
        try {
            Analysis analysis = Documents.reanalyze(doc, m::isCanceled);
            if (m.isCanceled()) {
                return;
            }
            IFile file = Documents.file(doc);
            if (file != null) {
                VMemMarkers.replace(file, analysis.issues());
                VMemPlugin plugin = VMemPlugin.getDefault();
                if (plugin != null && plugin.checker() != null) {
                    plugin.checker().checkImporters(file);
                }
            }
        } catch (CoreException | RuntimeException | OperationCanceledError | LinkageError e) {
            // Never let anything end the reconciler thread: the editor would hang when it closes.
            if (!m.isCanceled() && !(e instanceof OperationCanceledException) && !(e instanceof OperationCanceledError)) {
                VMemPlugin.log("VMem reconciler failed", e);
            }
        }
    }
}
