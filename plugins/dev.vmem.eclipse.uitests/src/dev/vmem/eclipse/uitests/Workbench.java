package dev.vmem.eclipse.uitests;

import dev.vmem.eclipse.markers.VMemMarkers;
import dev.vmem.eclipse.markers.WorkspaceChecker;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.jobs.Job;
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

/** Helpers for tests that drive the real workbench (on the UI thread). */
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
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Lets pending UI work and the workspace checker finish. */
    static void settle() {
        waitUntil("the workspace checker", 30_000, () -> Job.getJobManager().find(WorkspaceChecker.FAMILY).length == 0);
        long end = System.currentTimeMillis() + 300;
        Display display = Display.getCurrent();
        while (System.currentTimeMillis() < end) {
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

    static IProject project(String name) throws CoreException {
        IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject(name);
        if (!project.exists()) {
            project.create(null);
        }
        project.open(null);
        return project;
    }

    static IFile write(IProject project, String name, String text) throws CoreException {
        IFile file = project.getFile(name);
        var in = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
        if (file.exists()) {
            file.setContents(in, IResource.FORCE, null);
        } else {
            file.create(in, IResource.FORCE, null);
            file.setCharset("UTF-8", null);
        }
        return file;
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

    /** "severity code line" of the file's VMem markers, sorted; infos only when asked. */
    static List<String> markers(IFile file, boolean withInfo) {
        var result = new ArrayList<String>();
        try {
            for (IMarker marker : file.findMarkers(VMemMarkers.TYPE, false, IResource.DEPTH_ZERO)) {
                int severity = marker.getAttribute(IMarker.SEVERITY, -1);
                if (severity == IMarker.SEVERITY_INFO && !withInfo) {
                    continue;
                }
                String name = severity == IMarker.SEVERITY_ERROR ? "error" : severity == IMarker.SEVERITY_WARNING ? "warning" : "info";
                result.add(name + " " + marker.getAttribute(VMemMarkers.CODE, "") + " " + marker.getAttribute(IMarker.LINE_NUMBER, -1));
            }
        } catch (CoreException e) {
            throw new AssertionError(e);
        }
        result.sort(null);
        return result;
    }

    static IMarker marker(IFile file, String code) throws CoreException {
        for (IMarker marker : file.findMarkers(VMemMarkers.TYPE, false, IResource.DEPTH_ZERO)) {
            if (code.equals(marker.getAttribute(VMemMarkers.CODE, ""))) {
                return marker;
            }
        }
        throw new AssertionError("no " + code + " marker on " + file + ": " + markers(file, true));
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
