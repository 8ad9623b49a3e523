package dev.vmem.eclipse.uitests;

import dev.vmem.eclipse.testing.Problems;
import dev.vmem.eclipse.testing.TestWorkspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.source.ISourceViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.texteditor.ITextEditor;

/**
 * Helpers for tests that drive the real workbench (on the UI thread); projects, files, samples and
 * marker rows come from the bundle both Eclipse test bundles share, {@code dev.vmem.eclipse.testing}.
 */
final class Workbench {

    private Workbench() {
    }

    static IWorkbenchPage page() {
        return PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
    }

    /** Runs the event loop until {@code condition} holds; fails after {@code millis}. */
    static void waitUntil(String what, long millis, BooleanSupplier condition) {
        Display display = Display.getCurrent();
        long end = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            if (!display.readAndDispatch()) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Lets the workspace checker finish, then runs the event loop a little longer for pending UI work. */
    static void settle() {
        waitUntil("the workspace checker", 30_000, () -> !TestWorkspace.checkerBusy());
        long end = System.currentTimeMillis() + 300;
        waitUntil("pending UI work", 1_000, () -> System.currentTimeMillis() >= end);
    }

    /** Waits until the file has a VMem marker of {@code code} (workspace checker or editor) and returns it. */
    static IMarker markerOnceThere(IFile file, String code) {
        waitUntil(code + " marker on " + file.getName(), 30_000,
                () -> Problems.withInfos(file).stream().anyMatch(row -> row.split(" ")[1].equals(code)));
        return Problems.marker(file, code);
    }

    static ITextEditor open(IFile file) throws CoreException {
        IEditorPart part = IDE.openEditor(page(), file, true);
        if (!(part instanceof ITextEditor editor)) {
            throw new AssertionError(file + " opened in " + part);
        }
        return editor;
    }

    static IDocument document(ITextEditor editor) {
        return editor.getDocumentProvider().getDocument(editor.getEditorInput());
    }

    static ISourceViewer viewer(ITextEditor editor) {
        return (ISourceViewer) editor.getAdapter(org.eclipse.jface.text.ITextOperationTarget.class);
    }

    /** Saves a PNG of the workbench window to the artifacts folder ({@code vmem.artifacts}). */
    static Path screenshot(String name) throws Exception {
        Display display = Display.getCurrent();
        Shell shell = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell();
        Rectangle bounds = shell.getBounds();
        Image image = new Image(display, bounds.width, bounds.height);
        GC gc = new GC(display);
        try {
            gc.copyArea(image, bounds.x, bounds.y);
        } finally {
            gc.dispose();
        }
        Path folder = Path.of(System.getProperty("vmem.artifacts", "target/ui-artifacts"));
        Files.createDirectories(folder);
        Path file = folder.resolve(name);
        var loader = new ImageLoader();
        loader.data = new org.eclipse.swt.graphics.ImageData[] {image.getImageData()};
        loader.save(file.toString(), SWT.IMAGE_PNG);
        image.dispose();
        return file;
    }
}
