package dev.vmem.eclipse.editor;

import dev.vmem.eclipse.Analysis;
import dev.vmem.eclipse.VMemAnalyzer;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.eclipse.core.filebuffers.FileBuffers;
import org.eclipse.core.filebuffers.ITextFileBuffer;
import org.eclipse.core.filebuffers.LocationKind;
import org.eclipse.core.resources.IFile;
import org.eclipse.emf.common.util.URI;
import org.eclipse.jface.text.IDocument;
import org.eclipse.xtext.util.CancelIndicator;

/**
 * The editor side's view of open VMem documents: which file a document belongs to, and the latest
 * {@link Analysis} of each document (made by the reconciler, or by the workspace checker when an import
 * or a preference changed; read by highlighting, outline, hover, code minings, the memory map).
 */
public final class Documents {

    private static final Map<IDocument, State> STATES = new WeakHashMap<>();

    private Documents() {
    }

    /** The latest analysis of a document and who wants to hear of the next one. */
    public static final class State {
        private volatile Analysis latest;
        private final CopyOnWriteArrayList<Consumer<Analysis>> listeners = new CopyOnWriteArrayList<>();

        public Analysis latest() {
            return latest;
        }

        public void addListener(Consumer<Analysis> listener) {
            listeners.add(listener);
        }

        public void removeListener(Consumer<Analysis> listener) {
            listeners.remove(listener);
        }

        void publish(Analysis analysis) {
            latest = analysis;
            for (Consumer<Analysis> listener : listeners) {
                listener.accept(analysis);
            }
        }
    }

    /** A listener that hears the analyses of one document at a time: the one it last {@linkplain #follow follows}. */
    public static final class Watch {
        private final Consumer<Analysis> listener;
        private IDocument watched;

        public Watch(Consumer<Analysis> listener) {
            this.listener = listener;
        }

        /** Hears {@code document}'s analyses from now on, and no longer the previous document's (none for null). */
        public synchronized void follow(IDocument document) {
            if (document == watched) {
                return;
            }
            if (watched != null) {
                state(watched).removeListener(listener);
            }
            watched = document;
            if (document != null) {
                state(document).addListener(listener);
            }
        }

        /** The document followed, or null. */
        public synchronized IDocument document() {
            return watched;
        }
    }

    public static synchronized State state(IDocument document) {
        return STATES.computeIfAbsent(document, d -> new State());
    }

    /** The open buffer of a workspace file, or null when no editor has it open. */
    public static ITextFileBuffer openBuffer(IFile file) {
        return FileBuffers.getTextFileBufferManager().getTextFileBuffer(file.getFullPath(), LocationKind.IFILE);
    }

    /** The workspace file of a document, or null (a file outside the workspace, or no file at all). */
    public static IFile file(IDocument document) {
        ITextFileBuffer buffer = FileBuffers.getTextFileBufferManager().getTextFileBuffer(document);
        if (buffer == null || buffer.getLocation() == null) {
            return null;
        }
        return FileBuffers.getWorkspaceFileAtLocation(buffer.getLocation());
    }

    /** The URI the language sees for a document: platform:/resource for workspace files, file: otherwise. */
    public static URI uri(IDocument document) {
        IFile file = file(document);
        if (file != null) {
            return VMemAnalyzer.uri(file);
        }
        ITextFileBuffer buffer = FileBuffers.getTextFileBufferManager().getTextFileBuffer(document);
        if (buffer != null && buffer.getLocation() != null) {
            return URI.createFileURI(buffer.getLocation().toOSString());
        }
        return URI.createURI("synthetic:/untitled.vmem");
    }

    /**
     * The analysis of the document's current text: the latest one when the text has not changed
     * since, a fresh one otherwise (hovers and hyperlinks need offsets that match the text).
     */
    public static Analysis current(IDocument document) {
        String text = document.get();
        Analysis latest = state(document).latest();
        if (latest != null && latest.text().equals(text)) {
            return latest;
        }
        return VMemAnalyzer.analyze(uri(document), text, CancelIndicator.NullImpl);
    }

    /**
     * Tells the listeners of the open document of {@code file} about {@code analysis}, made elsewhere (the
     * workspace checker's, after an imported file or a preference changed), if it is of the document's
     * current text.
     */
    public static void publishIfCurrent(IFile file, Analysis analysis) {
        ITextFileBuffer buffer = openBuffer(file);
        IDocument document = buffer == null ? null : buffer.getDocument();
        if (document != null && analysis.text().equals(document.get())) {
            state(document).publish(analysis);
        }
    }

    /** Analyses the document's current text and tells the listeners. */
    public static Analysis reanalyze(IDocument document, CancelIndicator cancel) {
        Analysis analysis = VMemAnalyzer.analyze(uri(document), document.get(), cancel);
        if (!cancel.isCanceled()) {
            state(document).publish(analysis);
        }
        return analysis;
    }
}
