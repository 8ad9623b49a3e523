package dev.vmem.eclipse.uitests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmem.eclipse.VMemPlugin;
import dev.vmem.eclipse.editor.Documents;
import dev.vmem.eclipse.editor.Minings;
import dev.vmem.eclipse.preferences.VMemPreferences;
import dev.vmem.eclipse.testing.TestWorkspace;
import dev.vmem.testing.Examples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.eclipse.core.filesystem.EFS;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.codemining.ICodeMining;
import org.eclipse.jface.text.source.Annotation;
import org.eclipse.jface.text.source.ISourceViewer;
import org.eclipse.jface.text.source.inlined.AbstractInlinedAnnotation;
import org.eclipse.jface.text.source.inlined.LineHeaderAnnotation;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.texteditor.ITextEditor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An open VMem editor shows the editor layer's inlay hints and code lenses as code minings: the exposure
 * after the VM's name and at the end of its backing, the scenario's result above it; they follow the
 * text and the preferences, and a file outside the workspace has them too.
 */
class CodeMiningsTest {

    /** One VM with one backing, and a scenario of six steps whose expectations all hold. */
    static final String EXAMPLE = "memfd-secret-2024-2-cold.vmem";

    private IProject project;
    private ITextEditor editor;
    private ISourceViewer viewer;
    private IDocument document;

    /** The example open in an editor that shows its three minings. */
    @BeforeEach
    void setUp() throws Exception {
        project = TestWorkspace.project("minings");
        IFile file = TestWorkspace.write(project, EXAMPLE, Examples.read(Examples.root().resolve(EXAMPLE)));
        Workbench.settle();
        editor = Workbench.open(file);
        viewer = Workbench.viewer(editor);
        document = Workbench.document(editor);
        Workbench.waitUntil("the minings", 30_000, () -> shown(viewer).size() == 3);
    }

    @AfterEach
    void tearDown() throws Exception {
        Workbench.page().closeAllEditors(false);
        VMemPreferences.node().remove(VMemPreferences.SHOW_INLAY_HINTS);
        VMemPreferences.node().remove(VMemPreferences.SHOW_CODE_LENSES);
        project.delete(true, null);
        Workbench.settle();
    }

    @Test
    void theEditorShowsTheHintsAndTheScenarioResult() throws Exception {
        List<String> shown = shown(viewer);
        assertEquals(expected(document), shown);
        int vmName = document.get().indexOf("vm fc_secret") + "vm fc_secret".length();
        assertTrue(shown.get(0).startsWith("inline " + vmName + "  direct map: "), shown.toString());
        int backingEnd = document.get().indexOf("memfd_secret 256MiB") + "memfd_secret 256MiB".length();
        assertTrue(shown.get(1).startsWith("inline " + backingEnd + "  in direct map: "), shown.toString());
        int scenarioLine = document.getLineOfOffset(document.get().indexOf("scenario prefault_after_the_fact"));
        assertEquals("header " + scenarioLine + " passed (6 steps)", shown.get(2));
        // The header takes room above the scenario's line once the line is in view.
        editor.selectAndReveal(document.get().indexOf("scenario prefault_after_the_fact"), 0);
        Workbench.waitUntil("room above the scenario", 10_000,
                () -> viewer.getTextWidget().getLineVerticalIndent(scenarioLine) > 0);
    }

    @Test
    void theyFollowTheText() throws Exception {
        // The VMM's write of its mapping is now expected to fail: one step of six fails.
        String step = "step touch ram write                    expect ok";
        document.replace(document.get().indexOf(step) + step.length() - "ok".length(), "ok".length(), "efault");
        Workbench.waitUntil("the scenario's new result", 30_000,
                () -> shown(viewer).stream().anyMatch(row -> row.endsWith(" 1 of 6 steps failed")));
        Workbench.waitUntil("the minings of the new text", 30_000, () -> shown(viewer).equals(expected(document)));
    }

    @Test
    void thePreferencesHideThem() throws Exception {
        VMemPreferences.node().putBoolean(VMemPreferences.SHOW_CODE_LENSES, false);
        VMemPlugin.getDefault().checker().checkAll(); // what the preference page does on OK
        Workbench.waitUntil("the hints alone", 30_000,
                () -> shown(viewer).size() == 2 && shown(viewer).stream().allMatch(row -> row.startsWith("inline ")));

        VMemPreferences.node().putBoolean(VMemPreferences.SHOW_INLAY_HINTS, false);
        VMemPlugin.getDefault().checker().checkAll();
        Workbench.waitUntil("no minings", 30_000, () -> shown(viewer).isEmpty());

        VMemPreferences.node().remove(VMemPreferences.SHOW_CODE_LENSES);
        VMemPreferences.node().remove(VMemPreferences.SHOW_INLAY_HINTS);
        VMemPlugin.getDefault().checker().checkAll();
        Workbench.waitUntil("the minings again", 30_000, () -> shown(viewer).size() == 3);
    }

    @Test
    void aFileOutsideTheWorkspaceHasThemToo() throws Exception {
        Path outside = Files.createTempDirectory("vmem-minings").resolve(EXAMPLE);
        Files.writeString(outside, document.get());
        try {
            var part = (ITextEditor) IDE.openEditorOnFileStore(Workbench.page(), EFS.getLocalFileSystem().getStore(outside.toUri()));
            ISourceViewer other = Workbench.viewer(part);
            Workbench.waitUntil("the minings of the file outside the workspace", 30_000, () -> shown(other).size() == 3);
            assertEquals(shown(viewer), shown(other));
        } finally {
            Workbench.page().closeAllEditors(false);
            Files.delete(outside);
            Files.delete(outside.getParent());
        }
    }

    /**
     * The minings the viewer shows, as "inline OFFSET LABEL" (before the character at OFFSET) and
     * "header LINE LABEL" (above the 0-based LINE), in text order.
     */
    static List<String> shown(ISourceViewer viewer) {
        var rows = new ArrayList<String>();
        IDocument document = viewer.getDocument();
        Iterator<Annotation> annotations = viewer.getAnnotationModel().getAnnotationIterator();
        var inlined = new ArrayList<AbstractInlinedAnnotation>();
        while (annotations.hasNext()) {
            if (annotations.next() instanceof AbstractInlinedAnnotation a && !a.isMarkedDeleted() && a.getPosition() != null
                    && !a.getPosition().isDeleted()) {
                inlined.add(a);
            }
        }
        inlined.sort((a, b) -> Integer.compare(a.getPosition().getOffset(), b.getPosition().getOffset()));
        for (AbstractInlinedAnnotation a : inlined) {
            for (ICodeMining mining : a.getMinings()) {
                if (mining.getLabel() == null || mining.getLabel().isEmpty()) {
                    continue;
                }
                try {
                    rows.add(a instanceof LineHeaderAnnotation
                            ? "header " + document.getLineOfOffset(a.getPosition().getOffset()) + " " + mining.getLabel()
                            : "inline " + a.getPosition().getOffset() + " " + mining.getLabel());
                } catch (BadLocationException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return rows;
    }

    /** The same rows from the document's latest analysis (the editor layer's data, through {@link Minings}). */
    static List<String> expected(IDocument document) {
        var rows = new ArrayList<String>();
        for (Minings.Mining m : Minings.of(Documents.state(document).latest(), true, true)) {
            rows.add(m.kind() == Minings.Kind.HEADER ? "header " + m.line() + " " + m.label() : "inline " + m.offset() + " " + m.label());
        }
        return rows;
    }
}
