package dev.vmem.eclipse.editor;

import dev.vmem.editor.outline.Outline;
import dev.vmem.eclipse.Analysis;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.viewers.ITreeContentProvider;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.LabelProvider;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.ui.ISharedImages;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.texteditor.ITextEditor;
import org.eclipse.ui.views.contentoutline.ContentOutlinePage;

/**
 * The Outline view of a VMem editor: the editor layer's {@link Outline} (kernel profiles, VMs with their
 * backings, mappings, slots and devices, scenarios with their steps), each entry labelled with its first line.
 */
public class VMemOutlinePage extends ContentOutlinePage {

    private final ITextEditor editor;
    private final IDocument document;
    private final Consumer<Analysis> onAnalysis = analysis -> refresh(Outline.of(analysis.resource()));

    public VMemOutlinePage(ITextEditor editor, IDocument document) {
        this.editor = editor;
        this.document = document;
    }

    @Override
    public void createControl(Composite parent) {
        super.createControl(parent);
        TreeViewer viewer = getTreeViewer();
        viewer.setContentProvider(new ITreeContentProvider() {
            @Override
            public Object[] getElements(Object input) {
                return ((List<?>) input).toArray();
            }

            @Override
            public Object[] getChildren(Object parent) {
                return ((Outline.Entry) parent).children().toArray();
            }

            @Override
            public Object getParent(Object element) {
                return null;
            }

            @Override
            public boolean hasChildren(Object element) {
                return !((Outline.Entry) element).children().isEmpty();
            }
        });
        viewer.setLabelProvider(new LabelProvider() {
            @Override
            public String getText(Object element) {
                return ((Outline.Entry) element).label();
            }

            @Override
            public Image getImage(Object element) {
                ISharedImages images = PlatformUI.getWorkbench().getSharedImages();
                return switch (((Outline.Entry) element).kind()) {
                    case KERNEL, VM, SCENARIO -> images.getImage(ISharedImages.IMG_OBJ_FOLDER);
                    default -> images.getImage(ISharedImages.IMG_OBJ_ELEMENT);
                };
            }
        });
        viewer.addSelectionChangedListener(event -> {
            if (event.getSelection() instanceof IStructuredSelection s && s.getFirstElement() instanceof Outline.Entry node) {
                editor.selectAndReveal(node.offset(), node.length());
            }
        });
        Analysis latest = Documents.state(document).latest();
        viewer.setInput(latest == null ? List.of() : Outline.of(latest.resource()));
        viewer.expandAll();
        Documents.state(document).addListener(onAnalysis);
    }

    private void refresh(List<Outline.Entry> nodes) {
        OnUiThread.later(getControl(), () -> {
            getTreeViewer().setInput(nodes);
            getTreeViewer().expandAll();
        });
    }

    /** The entries shown (for tests). */
    @SuppressWarnings("unchecked")
    public List<Outline.Entry> entries() {
        Object input = getTreeViewer() == null ? null : getTreeViewer().getInput();
        return input == null ? List.of() : (List<Outline.Entry>) input;
    }

    @Override
    public void dispose() {
        Documents.state(document).removeListener(onAnalysis);
        super.dispose();
    }
}
