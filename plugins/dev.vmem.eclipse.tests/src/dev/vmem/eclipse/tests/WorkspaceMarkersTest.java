package dev.vmem.eclipse.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmem.eclipse.VMemPlugin;
import dev.vmem.eclipse.markers.VMemMarkers;
import dev.vmem.eclipse.markers.WorkspaceChecker;
import dev.vmem.eclipse.preferences.VMemPreferences;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.jobs.Job;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Markers on closed workspace files, kept up to date across imports by the workspace checker; the
 * preferences (per-code severity, default kernel profile). (A quick fix on a closed file goes through
 * workbench API: ClosedFileQuickFixTest in the UI tests.)
 */
class WorkspaceMarkersTest {

    @AfterAll
    static void noUiBundleStarted() {
        BundlesResolveTest.assertNoUiBundleStarted();
    }

    static final String LIB = """
            kernel k {
                version 6.8
                arch x86_64
            }
            """;

    static final String MAIN = """
            import "lib.vmem"

            vm fc {
                kernel k
                memory ram: memfd_secret 256MiB
                map ram shared
                slot 0 gpa 0x0 userspace ram
                clock kvmclock
            }
            """;

    private IProject project;

    @BeforeEach
    void setUp() throws Exception {
        assertNotNull(VMemPlugin.getDefault(), "the editor bundle is active");
        project = ResourcesPlugin.getWorkspace().getRoot().getProject("markers");
        if (!project.exists()) {
            project.create(null);
        }
        project.open(null);
    }

    @AfterEach
    void tearDown() throws Exception {
        VMemPreferences.node().clear();
        project.delete(true, null);
        waitForChecker();
    }

    @Test
    void closedFilesGetMarkersAndFollowTheirImports() throws Exception {
        write("lib.vmem", LIB);
        IFile main = write("main.vmem", MAIN);
        waitForChecker();
        assertEquals(List.of("error gup-on-secret-memory 7", "error pfncache-unmapped-pfn 8",
                "warning secretmem-gup-fast-bug 5"), problems(main));

        // The imported file changes: the kernel profile is gone, the importer's reference breaks.
        write("lib.vmem", LIB.replace("kernel k ", "kernel other "));
        waitForChecker();
        assertTrue(problems(main).contains("error unresolved-reference 4"), problems(main).toString());

        write("lib.vmem", LIB);
        waitForChecker();
        assertFalse(problems(main).toString().contains("unresolved-reference"), problems(main).toString());
    }

    @Test
    void markerAttributes() throws Exception {
        write("lib.vmem", LIB);
        IFile main = write("main.vmem", MAIN);
        waitForChecker();
        IMarker marker = marker(main, "pfncache-unmapped-pfn");
        assertEquals(IMarker.SEVERITY_ERROR, marker.getAttribute(IMarker.SEVERITY, -1));
        assertEquals(8, marker.getAttribute(IMarker.LINE_NUMBER, -1));
        assertEquals(8, marker.getAttribute(VMemMarkers.LINE_END, -1));
        int start = marker.getAttribute(IMarker.CHAR_START, -1);
        int end = marker.getAttribute(IMarker.CHAR_END, -1);
        assertEquals("kvmclock", MAIN.substring(start, end));
        assertEquals(MAIN.substring(0, start).lastIndexOf('\n') + 1 + marker.getAttribute(VMemMarkers.COLUMN, -1) - 1, start);
        assertTrue(VMemMarkers.data(marker).containsKey("outcome"), marker.getAttribute(VMemMarkers.DATA, ""));
    }

    @Test
    void severityPreference() throws Exception {
        write("lib.vmem", LIB);
        IFile main = write("main.vmem", MAIN);
        waitForChecker();
        VMemPreferences.node().put(VMemPreferences.SEVERITY_PREFIX + "secretmem-gup-fast-bug", VMemPreferences.ERROR);
        VMemPreferences.node().put(VMemPreferences.SEVERITY_PREFIX + "gup-on-secret-memory", VMemPreferences.IGNORE);
        VMemPlugin.getDefault().checker().checkAll();
        waitForChecker();
        assertEquals(List.of("error pfncache-unmapped-pfn 8", "error secretmem-gup-fast-bug 5"), problems(main));
    }

    @Test
    void defaultKernelPreference() throws Exception {
        IFile file = write("nokernel.vmem", MAIN.replace("import \"lib.vmem\"\n", "").replace("    kernel k\n", ""));
        waitForChecker();
        assertFalse(problems(file).toString().contains("secretmem-gup-fast-bug"), "the built-in default is a fixed kernel");
        VMemPreferences.node().put(VMemPreferences.DEFAULT_KERNEL, "version 6.8 arch x86_64");
        VMemPlugin.getDefault().checker().checkAll();
        waitForChecker();
        assertTrue(problems(file).toString().contains("warning secretmem-gup-fast-bug"), problems(file).toString());
    }

    // ------------------------------------------------------------------ helpers

    IFile write(String name, String text) throws CoreException {
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

    static void waitForChecker() throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            Job.getJobManager().join(WorkspaceChecker.FAMILY, null);
            if (Job.getJobManager().find(WorkspaceChecker.FAMILY).length == 0) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the workspace checker does not finish");
    }

    /** "severity code line" of the file's VMem markers, errors and warnings only, sorted. */
    static List<String> problems(IFile file) throws CoreException {
        var result = new ArrayList<String>();
        for (IMarker marker : file.findMarkers(VMemMarkers.TYPE, false, IResource.DEPTH_ZERO)) {
            int severity = marker.getAttribute(IMarker.SEVERITY, -1);
            if (severity == IMarker.SEVERITY_INFO) {
                continue;
            }
            result.add((severity == IMarker.SEVERITY_ERROR ? "error" : "warning") + " "
                    + marker.getAttribute(VMemMarkers.CODE, "") + " " + marker.getAttribute(IMarker.LINE_NUMBER, -1));
        }
        result.sort(null);
        return result;
    }

    static IMarker marker(IFile file, String code) throws CoreException {
        return Arrays.stream(file.findMarkers(VMemMarkers.TYPE, false, IResource.DEPTH_ZERO))
                .filter(m -> code.equals(m.getAttribute(VMemMarkers.CODE, ""))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + code + " marker on " + file));
    }
}
