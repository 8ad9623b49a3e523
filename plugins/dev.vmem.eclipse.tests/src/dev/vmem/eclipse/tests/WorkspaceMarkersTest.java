package dev.vmem.eclipse.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmem.eclipse.VMemPlugin;
import dev.vmem.eclipse.markers.VMemMarkers;
import dev.vmem.eclipse.preferences.VMemPreferences;
import dev.vmem.eclipse.testing.Problems;
import dev.vmem.eclipse.testing.Samples;
import dev.vmem.eclipse.testing.TestWorkspace;
import java.util.List;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
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

    private IProject project;

    @BeforeEach
    void setUp() throws Exception {
        assertNotNull(VMemPlugin.getDefault(), "the editor bundle is active");
        project = TestWorkspace.project("markers");
    }

    @AfterEach
    void tearDown() throws Exception {
        VMemPreferences.node().clear();
        project.delete(true, null);
        TestWorkspace.waitForChecker();
    }

    @Test
    void closedFilesGetMarkersAndFollowTheirImports() throws Exception {
        IFile main = TestWorkspace.writeSample(project);
        TestWorkspace.waitForChecker();
        assertEquals(List.of("error gup-on-secret-memory " + Samples.MAIN_SLOT_LINE, "error pfncache-unmapped-pfn " + Samples.MAIN_CLOCK_LINE,
                "warning secretmem-gup-fast-bug " + Samples.MAIN_BACKING_LINE), Problems.of(main));

        // The imported file changes: the kernel profile is gone, the importer's reference breaks.
        TestWorkspace.write(project, "lib.vmem", Samples.LIB.replace("kernel linux_6_8 ", "kernel other "));
        TestWorkspace.waitForChecker();
        assertTrue(Problems.of(main).contains("error unresolved-reference " + Samples.MAIN_KERNEL_LINE), Problems.of(main).toString());

        TestWorkspace.write(project, "lib.vmem", Samples.LIB);
        TestWorkspace.waitForChecker();
        assertFalse(Problems.of(main).toString().contains("unresolved-reference"), Problems.of(main).toString());
    }

    @Test
    void markerAttributes() throws Exception {
        IFile main = TestWorkspace.writeSample(project);
        TestWorkspace.waitForChecker();
        IMarker marker = Problems.marker(main, "pfncache-unmapped-pfn");
        assertEquals(IMarker.SEVERITY_ERROR, marker.getAttribute(IMarker.SEVERITY, -1));
        assertEquals(Samples.MAIN_CLOCK_LINE, marker.getAttribute(IMarker.LINE_NUMBER, -1));
        assertEquals(Samples.MAIN_CLOCK_LINE, marker.getAttribute(VMemMarkers.LINE_END, -1));
        int start = marker.getAttribute(IMarker.CHAR_START, -1);
        int end = marker.getAttribute(IMarker.CHAR_END, -1);
        assertEquals("kvmclock", Samples.MAIN.substring(start, end));
        assertEquals(Samples.MAIN.substring(0, start).lastIndexOf('\n') + 1 + marker.getAttribute(VMemMarkers.COLUMN, -1) - 1, start);
        assertTrue(VMemMarkers.data(marker).containsKey("outcome"), marker.getAttribute(VMemMarkers.DATA, ""));
    }

    @Test
    void severityPreference() throws Exception {
        IFile main = TestWorkspace.writeSample(project);
        TestWorkspace.waitForChecker();
        VMemPreferences.node().put(VMemPreferences.SEVERITY_PREFIX + "secretmem-gup-fast-bug", VMemPreferences.ERROR);
        VMemPreferences.node().put(VMemPreferences.SEVERITY_PREFIX + "gup-on-secret-memory", VMemPreferences.IGNORE);
        VMemPlugin.getDefault().checker().checkAll();
        TestWorkspace.waitForChecker();
        assertEquals(List.of("error pfncache-unmapped-pfn " + Samples.MAIN_CLOCK_LINE, "error secretmem-gup-fast-bug " + Samples.MAIN_BACKING_LINE),
                Problems.of(main));
    }

    @Test
    void defaultKernelPreference() throws Exception {
        IFile file = TestWorkspace.write(project, "nokernel.vmem", Samples.VM.replace("    kernel linux_6_8\n", ""));
        TestWorkspace.waitForChecker();
        assertFalse(Problems.of(file).toString().contains("secretmem-gup-fast-bug"), "the built-in default is a fixed kernel");
        VMemPreferences.node().put(VMemPreferences.DEFAULT_KERNEL, "version 6.8 arch x86_64");
        VMemPlugin.getDefault().checker().checkAll();
        TestWorkspace.waitForChecker();
        assertTrue(Problems.of(file).toString().contains("warning secretmem-gup-fast-bug"), Problems.of(file).toString());
    }
}
