package dev.vmem.eclipse.uitests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmem.eclipse.quickfix.VMemMarkerResolutionGenerator;
import java.nio.charset.StandardCharsets;
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
        project = Workbench.project("closed-quick-fix");
    }

    @AfterEach
    void tearDown() throws Exception {
        project.delete(true, null);
    }

    @Test
    void quickFixOnAClosedFile() throws Exception {
        Workbench.write(project, "lib.vmem", LIB);
        IFile main = Workbench.write(project, "main.vmem", MAIN);
        Workbench.waitUntil("pfncache marker", 30_000, () -> Workbench.markers(main, false).toString().contains("pfncache-unmapped-pfn"));
        IMarker marker = Workbench.marker(main, "pfncache-unmapped-pfn");
        var generator = new VMemMarkerResolutionGenerator();
        assertTrue(generator.hasResolutions(marker));
        IMarkerResolution hide = Arrays.stream(generator.getResolutions(marker))
                .filter(r -> r.getLabel().contains("cpuid -kvmclock")).findFirst().orElseThrow();
        hide.run(marker);
        assertEquals(MAIN.replace("    clock kvmclock\n", "    clock kvmclock\n    cpuid -kvmclock\n"), read(main));
        Workbench.waitUntil("pfncache finding gone", 30_000,
                () -> !Workbench.markers(main, false).toString().contains("pfncache-unmapped-pfn"));
        assertFalse(Workbench.markers(main, false).toString().contains("pfncache-unmapped-pfn"));
    }

    /** Every VMem marker offers its rule page, shipped in the plugin, opened offline in an editor. */
    @Test
    void rulePageFromTheMarker() throws Exception {
        Workbench.write(project, "lib.vmem", LIB);
        IFile main = Workbench.write(project, "main.vmem", MAIN);
        Workbench.waitUntil("pfncache marker", 30_000, () -> Workbench.markers(main, false).toString().contains("pfncache-unmapped-pfn"));
        IMarker marker = Workbench.marker(main, "pfncache-unmapped-pfn");
        IMarkerResolution page = Arrays.stream(new VMemMarkerResolutionGenerator().getResolutions(marker))
                .filter(r -> r.getLabel().equals("Open the rule page of pfncache-unmapped-pfn")).findFirst().orElseThrow();
        page.run(marker);
        Workbench.settle();
        var editor = Workbench.page().getActiveEditor();
        assertTrue(editor instanceof org.eclipse.ui.texteditor.ITextEditor, String.valueOf(editor));
        String text = Workbench.document((org.eclipse.ui.texteditor.ITextEditor) editor).get();
        assertTrue(text.startsWith("# pfncache-unmapped-pfn"), text);
        assertTrue(text.contains("## How to fix"), text);
        Workbench.page().closeAllEditors(false);
    }

    static String read(IFile file) throws Exception {
        try (var in = file.getContents(true)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
