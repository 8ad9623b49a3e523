package dev.vmem.eclipse.uitests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmem.eclipse.quickfix.VMemMarkerResolutionGenerator;
import dev.vmem.eclipse.testing.Problems;
import dev.vmem.eclipse.testing.Samples;
import dev.vmem.eclipse.testing.TestWorkspace;
import java.util.Arrays;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.ui.IMarkerResolution;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A quick fix on a file no editor has open: the marker resolution edits the file in the workspace.
 * (The resolutions are workbench API, so this lives with the UI tests; the fix computation itself
 * is tested headless in dev.vmem.eclipse.tests.)
 */
class ClosedFileQuickFixTest {

    private IProject project;
    private IMarker pfncache;

    @BeforeEach
    void setUp() throws Exception {
        project = TestWorkspace.project("closed-quick-fix");
        pfncache = Workbench.markerOnceThere(TestWorkspace.writeSample(project), "pfncache-unmapped-pfn");
    }

    @AfterEach
    void tearDown() throws Exception {
        project.delete(true, null);
    }

    @Test
    void quickFixOnAClosedFile() throws Exception {
        var generator = new VMemMarkerResolutionGenerator();
        assertTrue(generator.hasResolutions(pfncache));
        IMarkerResolution hide = Arrays.stream(generator.getResolutions(pfncache))
                .filter(r -> r.getLabel().contains("cpuid -kvmclock")).findFirst().orElseThrow();
        IFile main = (IFile) pfncache.getResource();
        hide.run(pfncache);
        assertEquals(Samples.MAIN.replace("    clock kvmclock\n", "    clock kvmclock\n    cpuid -kvmclock\n"), TestWorkspace.read(main));
        Workbench.waitUntil("pfncache finding gone", 30_000, () -> !Problems.of(main).toString().contains("pfncache-unmapped-pfn"));
    }

    /** Every VMem marker offers its rule page, shipped in the plugin, opened offline in an editor. */
    @Test
    void rulePageFromTheMarker() throws Exception {
        IMarkerResolution page = Arrays.stream(new VMemMarkerResolutionGenerator().getResolutions(pfncache))
                .filter(r -> r.getLabel().equals("Open the rule page of pfncache-unmapped-pfn")).findFirst().orElseThrow();
        page.run(pfncache);
        Workbench.settle();
        var editor = Workbench.page().getActiveEditor();
        assertTrue(editor instanceof org.eclipse.ui.texteditor.ITextEditor, String.valueOf(editor));
        String text = Workbench.document((org.eclipse.ui.texteditor.ITextEditor) editor).get();
        assertTrue(text.startsWith("# pfncache-unmapped-pfn"), text);
        assertTrue(text.contains("## How to fix"), text);
        Workbench.page().closeAllEditors(false);
    }
}
