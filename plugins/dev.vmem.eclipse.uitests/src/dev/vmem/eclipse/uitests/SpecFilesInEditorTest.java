package dev.vmem.eclipse.uitests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.vmem.eclipse.testing.Problems;
import dev.vmem.eclipse.testing.TestWorkspace;
import dev.vmem.dsl.text.ExpectHeaders;
import dev.vmem.testing.Examples;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.ui.texteditor.ITextEditor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every examples/spec file opened in the real workbench, in the Generic Editor: its markers (codes,
 * severities, lines) are those of the CLI's golden report, and its warnings and errors those of its
 * {@code // expect:} lines.
 */
class SpecFilesInEditorTest {

    private static IProject project;

    @BeforeAll
    static void copyExamples() throws Exception {
        project = TestWorkspace.project("spec");
        for (Path file : Examples.spec()) {
            TestWorkspace.write(project, file.getFileName().toString(), Examples.read(file));
        }
        Workbench.settle();
    }

    @AfterAll
    static void closeEditors() {
        Workbench.page().closeAllEditors(false);
    }

    static Stream<Path> specFiles() {
        return Examples.spec().stream();
    }

    @Test
    void thereAreExamples() {
        assertFalse(Examples.spec().isEmpty());
    }

    @ParameterizedTest
    @MethodSource("specFiles")
    void markersInTheEditor(Path example) throws Exception {
        IFile file = project.getFile(example.getFileName().toString());
        ITextEditor editor = Workbench.open(file);
        assertEquals("org.eclipse.ui.genericeditor.GenericEditor", editor.getSite().getId());
        List<String> golden = Examples.cliGoldenFindings(example);
        Workbench.waitUntil("markers of " + file.getName(), 30_000, () -> Problems.withInfos(file).equals(golden));
        var codes = new TreeSet<String>();
        for (String marker : Problems.of(file)) {
            codes.add(marker.split(" ")[1]);
        }
        assertEquals(Examples.expectedCodes(example, ExpectHeaders::codes), codes, file.getName());
    }
}
