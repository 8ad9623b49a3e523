package dev.vmem.eclipse.markers;

import dev.vmem.eclipse.Analysis;
import dev.vmem.eclipse.VMemAnalyzer;
import dev.vmem.eclipse.VMemPlugin;
import dev.vmem.eclipse.editor.Documents;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.core.filebuffers.ITextFileBuffer;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IResourceChangeEvent;
import org.eclipse.core.resources.IResourceChangeListener;
import org.eclipse.core.resources.IResourceDelta;
import org.eclipse.core.resources.IWorkspace;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.jobs.Job;

/**
 * Keeps VMem markers on every {@code .vmem} file of the workspace, open or closed: checks all of them
 * once at start, then, after each change to a {@code .vmem} file (save, create, rename, delete, or an
 * edit in an editor), the changed file and the files of the same project that import it. Files open
 * in an editor are checked against their editor text; imports are read from open editors too.
 */
public final class WorkspaceChecker implements IResourceChangeListener {

    /** Job family of the checker's jobs, for tests that wait for it. */
    public static final Object FAMILY = WorkspaceChecker.class;

    private final IWorkspace workspace;
    private final Set<IFile> pending = new LinkedHashSet<>();
    private final Job job;

    public WorkspaceChecker(IWorkspace workspace) {
        this.workspace = workspace;
        this.job = new Job("Checking VMem files") {
            @Override
            protected IStatus run(IProgressMonitor monitor) {
                return checkPending(monitor);
            }

            @Override
            public boolean belongsTo(Object family) {
                return family == FAMILY;
            }
        };
        job.setPriority(Job.BUILD);
    }

    public void start() {
        workspace.addResourceChangeListener(this, IResourceChangeEvent.POST_CHANGE);
        checkAll();
    }

    public void stop() {
        workspace.removeResourceChangeListener(this);
        job.cancel();
    }

    /** Checks every {@code .vmem} file of the workspace (at start and after a preference change). */
    public void checkAll() {
        var files = new ArrayList<IFile>();
        try {
            workspace.getRoot().accept(resource -> {
                if (isVMem(resource) && resource instanceof IFile file) {
                    files.add(file);
                }
                return true;
            });
        } catch (CoreException e) {
            VMemPlugin.log("cannot list the workspace's .vmem files", e);
        }
        schedule(files, 0);
    }

    /**
     * Checks the files of {@code changed}'s project that import it (found by name: a file whose text
     * names {@code changed}'s file name in an import). Called after an edit in an editor.
     */
    public void checkImporters(IFile changed) {
        var importers = new ArrayList<IFile>();
        try {
            changed.getProject().accept(resource -> {
                if (isVMem(resource) && resource instanceof IFile file && !file.equals(changed) && mentions(file, changed)) {
                    importers.add(file);
                }
                return true;
            });
        } catch (CoreException e) {
            return; // a closed or deleted project
        }
        schedule(importers, 300);
    }

    /** Checks the given files (and nothing else) soon. */
    public void schedule(List<IFile> files, long delay) {
        if (files.isEmpty()) {
            return;
        }
        synchronized (pending) {
            pending.addAll(files);
        }
        job.schedule(delay);
    }

    @Override
    public void resourceChanged(IResourceChangeEvent event) {
        IResourceDelta delta = event.getDelta();
        if (delta == null) {
            return;
        }
        var changed = new ArrayList<IFile>();
        try {
            delta.accept(d -> {
                IResource resource = d.getResource();
                if (isVMem(resource) && resource instanceof IFile file) {
                    boolean content = d.getKind() == IResourceDelta.ADDED || d.getKind() == IResourceDelta.REMOVED
                            || (d.getFlags() & (IResourceDelta.CONTENT | IResourceDelta.REPLACED | IResourceDelta.MOVED_FROM
                                    | IResourceDelta.MOVED_TO)) != 0;
                    if (content) {
                        changed.add(file);
                    }
                }
                return true;
            });
        } catch (CoreException e) {
            return;
        }
        if (changed.isEmpty()) {
            return;
        }
        // A change can break or fix the files that import the changed one: re-check its projects.
        var toCheck = new LinkedHashSet<IFile>();
        for (IFile file : changed) {
            if (file.exists()) {
                toCheck.add(file);
            }
            try {
                if (file.getProject().isAccessible()) {
                    file.getProject().accept(resource -> {
                        if (isVMem(resource) && resource instanceof IFile other) {
                            toCheck.add(other);
                        }
                        return true;
                    });
                }
            } catch (CoreException e) {
                // a closed project: nothing to check
            }
        }
        schedule(new ArrayList<>(toCheck), 200);
    }

    private IStatus checkPending(IProgressMonitor monitor) {
        List<IFile> files;
        synchronized (pending) {
            files = new ArrayList<>(pending);
            pending.clear();
        }
        SubMonitor sub = SubMonitor.convert(monitor, files.size());
        for (IFile file : files) {
            if (sub.isCanceled()) {
                synchronized (pending) {
                    pending.addAll(files);
                }
                return Status.CANCEL_STATUS;
            }
            sub.subTask(file.getFullPath().toString());
            check(file, sub);
            sub.worked(1);
        }
        return Status.OK_STATUS;
    }

    /**
     * Checks one file now: parse, validate (structure and engine), replace its markers; an open editor's
     * views of the file (highlighting, outline, code minings) hear of the new analysis.
     */
    public static void check(IFile file, IProgressMonitor monitor) {
        try {
            if (!file.exists()) {
                return;
            }
            String text = text(file);
            Analysis analysis = VMemAnalyzer.analyze(VMemAnalyzer.uri(file), text, monitor::isCanceled);
            if (!monitor.isCanceled()) {
                VMemMarkers.replace(file, analysis.issues());
                Documents.publishIfCurrent(file, analysis);
            }
        } catch (CoreException | IOException | RuntimeException e) {
            if (!monitor.isCanceled()) {
                VMemPlugin.log("cannot check " + file.getFullPath(), e);
            }
        }
    }

    /** The text of a file: its editor's when it is open, its content otherwise. */
    static String text(IFile file) throws CoreException, IOException {
        ITextFileBuffer buffer = Documents.openBuffer(file);
        if (buffer != null) {
            return buffer.getDocument().get();
        }
        try (InputStream in = file.getContents(true)) {
            String charset = file.getCharset();
            return new String(in.readAllBytes(), charset == null ? StandardCharsets.UTF_8.name() : charset);
        }
    }

    private static boolean mentions(IFile file, IFile imported) {
        try {
            String text = text(file);
            return text.contains("import") && text.contains(imported.getName());
        } catch (CoreException | IOException e) {
            return false;
        }
    }

    static boolean isVMem(IResource resource) {
        return resource.getType() == IResource.FILE && "vmem".equals(resource.getFileExtension());
    }
}
