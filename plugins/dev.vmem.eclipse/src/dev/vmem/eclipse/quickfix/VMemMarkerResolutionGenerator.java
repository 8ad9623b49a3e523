package dev.vmem.eclipse.quickfix;

import dev.vmem.eclipse.VMemAnalyzer;
import dev.vmem.eclipse.VMemPlugin;
import dev.vmem.eclipse.markers.VMemMarkers;
import dev.vmem.editor.fix.Edit;
import dev.vmem.editor.fix.Fix;
import dev.vmem.editor.fix.QuickFixes;
import java.util.List;
import org.eclipse.core.filebuffers.FileBuffers;
import org.eclipse.core.filebuffers.ITextFileBuffer;
import org.eclipse.core.filebuffers.ITextFileBufferManager;
import org.eclipse.core.filebuffers.LocationKind;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IPath;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.swt.graphics.Image;
import org.eclipse.ui.IMarkerResolution;
import org.eclipse.ui.IMarkerResolution2;
import org.eclipse.ui.IMarkerResolutionGenerator2;

/**
 * Quick fixes on VMem markers (Problems view, Ctrl+1 and the hover in the editor): the editor layer's
 * {@link QuickFixes}, keyed by the marker's code, with the fixes that edit only the marker's file. Each fix is computed again on the file's current text when it runs and edits the
 * document: an open editor's (the user saves), or the file's, which is then saved.
 */
public class VMemMarkerResolutionGenerator implements IMarkerResolutionGenerator2 {

    @Override
    public boolean hasResolutions(IMarker marker) {
        String code = marker.getAttribute(VMemMarkers.CODE, "");
        return RulePageResolution.hasPage(code) || QuickFixes.CODES.contains(code) && !fixes(marker).isEmpty();
    }

    /** The fixes of the marker's code, then "Open the rule page of CODE" (the page shipped in the plugin). */
    @Override
    public IMarkerResolution[] getResolutions(IMarker marker) {
        String code = marker.getAttribute(VMemMarkers.CODE, "");
        List<Fix> fixes = QuickFixes.CODES.contains(code) ? fixes(marker) : List.of();
        var resolutions = new java.util.ArrayList<IMarkerResolution>();
        for (int i = 0; i < fixes.size(); i++) {
            resolutions.add(new Resolution(fixes.get(i).label(), i));
        }
        if (RulePageResolution.hasPage(code)) {
            resolutions.add(new RulePageResolution(code));
        }
        return resolutions.toArray(IMarkerResolution[]::new);
    }

    /** The fixes of a marker, computed on its file's current text. */
    public static List<Fix> fixes(IMarker marker) {
        if (!(marker.getResource() instanceof IFile file)) {
            return List.of();
        }
        try {
            return withDocument(file, document -> {
                var resource = VMemAnalyzer.parse(VMemAnalyzer.uri(file), document.get());
                int offset = marker.getAttribute(IMarker.CHAR_START, -1);
                if (offset < 0) {
                    offset = lineOffset(document, marker.getAttribute(IMarker.LINE_NUMBER, 1));
                }
                return QuickFixes.fixes(resource, marker.getAttribute(VMemMarkers.CODE, ""), VMemMarkers.data(marker), offset)
                        .stream().filter(f -> f.editsOnly(resource)).toList();
            }, false);
        } catch (CoreException | RuntimeException e) {
            return List.of();
        }
    }

    private static int lineOffset(IDocument document, int line) {
        try {
            return document.getLineOffset(Math.max(0, line - 1));
        } catch (BadLocationException e) {
            return 0;
        }
    }

    interface DocumentFunction<T> {
        T apply(IDocument document) throws CoreException;
    }

    /** Runs {@code function} on the file's document (connecting a buffer if no editor has it); saves if asked and not open. */
    static <T> T withDocument(IFile file, DocumentFunction<T> function, boolean saveIfClosed) throws CoreException {
        ITextFileBufferManager manager = FileBuffers.getTextFileBufferManager();
        IPath path = file.getFullPath();
        boolean wasOpen = manager.getTextFileBuffer(path, LocationKind.IFILE) != null;
        manager.connect(path, LocationKind.IFILE, new NullProgressMonitor());
        try {
            ITextFileBuffer buffer = manager.getTextFileBuffer(path, LocationKind.IFILE);
            T result = function.apply(buffer.getDocument());
            if (saveIfClosed && !wasOpen && buffer.isDirty()) {
                buffer.commit(new NullProgressMonitor(), true);
            }
            return result;
        } finally {
            manager.disconnect(path, LocationKind.IFILE, new NullProgressMonitor());
        }
    }

    /** Applies the fix with the given label (recomputed on the current text). */
    static final class Resolution implements IMarkerResolution2 {
        private final String label;
        private final int index;

        Resolution(String label, int index) {
            this.label = label;
            this.index = index;
        }

        @Override
        public String getLabel() {
            return label;
        }

        @Override
        public String getDescription() {
            return label;
        }

        @Override
        public Image getImage() {
            return null;
        }

        @Override
        public void run(IMarker marker) {
            if (!(marker.getResource() instanceof IFile file)) {
                return;
            }
            List<Fix> fixes = fixes(marker);
            Fix fix = fixes.stream().filter(f -> f.label().equals(label)).findFirst()
                    .orElse(index < fixes.size() ? fixes.get(index) : null);
            if (fix == null) {
                return;
            }
            try {
                withDocument(file, document -> {
                    apply(document, fix);
                    return null;
                }, true);
            } catch (CoreException | RuntimeException e) {
                VMemPlugin.log("cannot apply quick fix '" + label + "' to " + file.getFullPath(), e);
            }
        }
    }

    /** Applies a fix's edits to a document, last first so offsets stay valid. */
    public static void apply(IDocument document, Fix fix) {
        var edits = fix.edits().stream().sorted((a, b) -> Integer.compare(b.offset(), a.offset())).toList();
        try {
            for (Edit edit : edits) {
                document.replace(edit.offset(), edit.length(), edit.text());
            }
        } catch (BadLocationException e) {
            throw new IllegalStateException(e);
        }
    }
}
