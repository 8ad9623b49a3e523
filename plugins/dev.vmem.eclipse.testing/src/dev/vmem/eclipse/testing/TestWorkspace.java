package dev.vmem.eclipse.testing;

import dev.vmem.eclipse.markers.WorkspaceChecker;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.jobs.Job;

/** Projects and files in the test workspace, and waiting for the plugin's workspace checker. */
public final class TestWorkspace {

    private TestWorkspace() {
    }

    /** The open project {@code name}, created when it does not exist. */
    public static IProject project(String name) throws CoreException {
        IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject(name);
        if (!project.exists()) {
            project.create(null);
        }
        project.open(null);
        return project;
    }

    /** Writes {@code text} (UTF-8) to the file {@code name} of {@code project}, creating or replacing it. */
    public static IFile write(IProject project, String name, String text) throws CoreException {
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

    /** {@link Samples#LIB} as {@code lib.vmem} and {@link Samples#MAIN} as {@code main.vmem}; returns the latter. */
    public static IFile writeSample(IProject project) throws CoreException {
        write(project, "lib.vmem", Samples.LIB);
        return write(project, "main.vmem", Samples.MAIN);
    }

    /** The file's content on disk. */
    public static String read(IFile file) throws CoreException, IOException {
        try (InputStream in = file.getContents(true)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * Waits until the workspace checker has no job left (joins its jobs: not for the UI thread, whose
     * tests run the event loop instead).
     */
    public static void waitForChecker() throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            Job.getJobManager().join(WorkspaceChecker.FAMILY, null);
            if (!checkerBusy()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the workspace checker does not finish");
    }

    /** Whether the workspace checker has a job scheduled or running. */
    public static boolean checkerBusy() {
        return Job.getJobManager().find(WorkspaceChecker.FAMILY).length != 0;
    }
}
