package dev.vmem.eclipse.editor;

import dev.vmem.eclipse.Analysis;
import dev.vmem.engine.report.Report;
import dev.vmem.editor.map.MemoryMapRenderer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.eclipse.jface.text.IDocument;
import org.eclipse.swt.SWT;
import org.eclipse.swt.SWTError;
import org.eclipse.swt.browser.Browser;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.IPartListener2;
import org.eclipse.ui.IWorkbenchPart;
import org.eclipse.ui.IWorkbenchPartReference;
import org.eclipse.ui.part.ViewPart;
import org.eclipse.ui.texteditor.ITextEditor;

/**
 * The memory map picture of the active VMem editor (language-server's {@link MemoryMapRenderer}, the
 * same picture as the language server's vmem.showMemoryMap): memslots, mappings and backings of each
 * VM, coloured by what the kernel's direct map can reach, with the findings marked. Shown as the
 * renderer's HTML page in an SWT Browser; where the platform has no browser engine (no WebKitGTK),
 * as the SVG drawn into an image when SWT can read SVG, else as a note.
 */
public class MemoryMapView extends ViewPart {

    public static final String ID = "dev.vmem.eclipse.memoryMap";

    private Composite parent;
    private Browser browser;
    private ScrolledComposite scrolled;
    private Label picture;
    private Image image;
    private volatile String html = "";
    private volatile String svg = "";
    private int rendered;
    private final Documents.Watch watch = new Documents.Watch(analysis -> show(analysis.report()));

    private final IPartListener2 partListener = new IPartListener2() {
        @Override
        public void partActivated(IWorkbenchPartReference ref) {
            IWorkbenchPart part = ref.getPart(false);
            if (part instanceof ITextEditor editor) {
                follow(editor);
            }
        }
    };

    @Override
    public void createPartControl(Composite parent) {
        this.parent = parent;
        parent.setLayout(new FillLayout());
        try {
            browser = new Browser(parent, SWT.NONE);
        } catch (SWTError noBrowserEngine) {
            browser = null;
            scrolled = new ScrolledComposite(parent, SWT.H_SCROLL | SWT.V_SCROLL);
            picture = new Label(scrolled, SWT.NONE);
            picture.setText("Open a .vmem file to see its memory map.");
            scrolled.setContent(picture);
            picture.pack();
        }
        getSite().getPage().addPartListener(partListener);
        if (getSite().getPage().getActiveEditor() instanceof ITextEditor editor) {
            follow(editor);
        }
    }

    private void follow(ITextEditor editor) {
        if (editor.getEditorInput() == null || !editor.getEditorInput().getName().endsWith(".vmem")) {
            return;
        }
        IDocument document = editor.getDocumentProvider().getDocument(editor.getEditorInput());
        if (document == null || document == watch.document()) {
            return;
        }
        watch.follow(document);
        Analysis latest = Documents.state(document).latest();
        if (latest != null) {
            show(latest.report());
        }
    }

    private void show(Report report) {
        if (report == null || MemoryMapRenderer.vms(report).isEmpty()) {
            return; // keep the last picture while the file has errors
        }
        html = MemoryMapRenderer.html(report);
        svg = MemoryMapRenderer.svg(report);
        OnUiThread.later(parent, this::render);
    }

    private void render() {
        if (parent == null || parent.isDisposed()) {
            return;
        }
        rendered++;
        if (browser != null) {
            browser.setText(html);
            return;
        }
        try {
            Image next = new Image(parent.getDisplay(), new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
            picture.setImage(next);
            if (image != null) {
                image.dispose();
            }
            image = next;
        } catch (RuntimeException | SWTError | LinkageError cannotReadSvg) {
            picture.setText("No browser engine (WebKitGTK) and no SVG support in this SWT: the memory map cannot be shown here.\n"
                    + "The language server's vmem.showMemoryMap command and the CLI draw the same picture.");
        }
        picture.pack();
        scrolled.setMinSize(picture.getSize());
        parent.layout(true, true);
    }

    /** How often the picture was drawn (for tests). */
    public int rendered() {
        return rendered;
    }

    /** What the fallback shows: "image", the note's text, or "browser". */
    public String fallback() {
        return browser != null ? "browser" : picture.getImage() != null ? "image" : picture.getText();
    }

    /** The HTML page last rendered (for tests). */
    public String html() {
        return html;
    }

    /** True when an SWT Browser shows the page (false: the image or note fallback). */
    public boolean usesBrowser() {
        return browser != null;
    }

    @Override
    public void setFocus() {
        if (browser != null) {
            browser.setFocus();
        } else if (scrolled != null) {
            scrolled.setFocus();
        }
    }

    @Override
    public void dispose() {
        getSite().getPage().removePartListener(partListener);
        watch.follow(null);
        if (image != null) {
            image.dispose();
        }
        super.dispose();
    }
}
