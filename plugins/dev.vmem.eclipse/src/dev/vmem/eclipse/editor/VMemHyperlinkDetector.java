package dev.vmem.eclipse.editor;

import dev.vmem.eclipse.Analysis;
import dev.vmem.eclipse.VMemAnalyzer;
import dev.vmem.eclipse.VMemPlugin;
import org.eclipse.core.resources.IFile;
import org.eclipse.emf.common.util.URI;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.Region;
import org.eclipse.jface.text.hyperlink.AbstractHyperlinkDetector;
import org.eclipse.jface.text.hyperlink.IHyperlink;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.texteditor.ITextEditor;

/** Go to definition (Ctrl+click, F3 on a hyperlink): kernels, VMs and backings, across imports; imported files. */
public class VMemHyperlinkDetector extends AbstractHyperlinkDetector {

    @Override
    public IHyperlink[] detectHyperlinks(ITextViewer viewer, IRegion region, boolean canShowMultipleHyperlinks) {
        try {
            // Runs on the UI thread while Ctrl is held: parse and link only, no validation or engine run.
            var document = viewer.getDocument();
            String text = document.get();
            Analysis latest = Documents.state(document).latest();
            var resource = latest != null && latest.text().equals(text) ? latest.resource()
                    : VMemAnalyzer.parse(Documents.uri(document), text);
            return Definitions.at(resource, region.getOffset())
                    .map(d -> new IHyperlink[] {new Link(d)}).orElse(null);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Opens the declaration's file and selects its name. */
    static final class Link implements IHyperlink {
        private final Definitions definition;

        Link(Definitions definition) {
            this.definition = definition;
        }

        @Override
        public IRegion getHyperlinkRegion() {
            return new Region(definition.linkOffset(), definition.linkLength());
        }

        @Override
        public String getTypeLabel() {
            return "Go to declaration";
        }

        @Override
        public String getHyperlinkText() {
            return "Open declaration";
        }

        @Override
        public void open() {
            URI uri = definition.targetUri();
            IFile file = VMemAnalyzer.file(uri);
            if (file == null || !file.exists()) {
                return;
            }
            IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
            try {
                IEditorPart editor = IDE.openEditor(page, file, true);
                if (editor instanceof ITextEditor text) {
                    text.selectAndReveal(definition.targetOffset(), definition.targetLength());
                }
            } catch (PartInitException e) {
                VMemPlugin.log("cannot open " + file.getFullPath(), e);
            }
        }
    }
}
