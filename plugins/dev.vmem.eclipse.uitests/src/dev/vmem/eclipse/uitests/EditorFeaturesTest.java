package dev.vmem.eclipse.uitests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmem.eclipse.editor.VMemHover;
import dev.vmem.eclipse.editor.VMemHyperlinkDetector;
import dev.vmem.eclipse.editor.VMemOutlinePage;
import dev.vmem.eclipse.markers.VMemMarkers;
import dev.vmem.eclipse.testing.Problems;
import dev.vmem.eclipse.testing.Samples;
import dev.vmem.eclipse.testing.TestWorkspace;
import dev.vmem.testing.Examples;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.jface.preference.PreferenceDialog;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.ITextSelection;
import org.eclipse.jface.text.Region;
import org.eclipse.jface.text.contentassist.ContentAssistant;
import org.eclipse.jface.text.contentassist.ICompletionProposal;
import org.eclipse.jface.text.contentassist.IContentAssistProcessor;
import org.eclipse.jface.text.contentassist.IContentAssistant;
import org.eclipse.jface.text.hyperlink.IHyperlink;
import org.eclipse.jface.text.source.ISourceViewer;
import org.eclipse.jface.text.source.SourceViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.ui.IMarkerResolution;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.dialogs.PreferencesUtil;
import org.eclipse.ui.handlers.IHandlerService;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.texteditor.ITextEditor;
import org.eclipse.ui.views.contentoutline.IContentOutlinePage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The editor's features in the real workbench, each through the path the user takes. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EditorFeaturesTest {

    private IProject project;
    private IFile lib;
    private IFile main;

    @BeforeEach
    void setUp() throws Exception {
        project = TestWorkspace.project("features");
        main = TestWorkspace.writeSample(project);
        lib = project.getFile("lib.vmem");
        Workbench.settle();
    }

    @AfterEach
    void tearDown() throws Exception {
        Workbench.page().closeAllEditors(false);
        project.delete(true, null);
        Workbench.settle();
    }

    @Test
    @Order(1)
    void markersWhileTypingAndAcrossImports() throws Exception {
        ITextEditor editor = Workbench.open(main);
        Workbench.waitUntil("engine markers", 30_000, () -> Problems.of(main).equals(List.of(
                "error gup-on-secret-memory " + Samples.MAIN_SLOT_LINE, "error pfncache-unmapped-pfn " + Samples.MAIN_CLOCK_LINE,
                "warning secretmem-gup-fast-bug " + Samples.MAIN_BACKING_LINE)));

        // Typing (no save): the markers follow the editor's text.
        IDocument document = Workbench.document(editor);
        document.replace(document.get().indexOf("    clock kvmclock"), 0, "    cpuid -kvmclock\n");
        Workbench.waitUntil("pfncache marker gone while typing", 30_000,
                () -> !Problems.of(main).toString().contains("pfncache-unmapped-pfn"));
        assertTrue(editor.isDirty());

        // An unsaved edit of the imported file in its own editor re-checks the importer.
        ITextEditor libEditor = Workbench.open(lib);
        IDocument libDocument = Workbench.document(libEditor);
        libDocument.replace(libDocument.get().indexOf("linux_6_8"), "linux_6_8".length(), "linux_7_0");
        Workbench.waitUntil("unresolved reference in the importer", 30_000,
                () -> Problems.of(main).contains("error unresolved-reference " + Samples.MAIN_KERNEL_LINE));
        libDocument.replace(libDocument.get().indexOf("linux_7_0"), "linux_7_0".length(), "linux_6_8");
        Workbench.waitUntil("reference resolved again", 30_000,
                () -> !Problems.of(main).toString().contains("unresolved-reference"));
    }

    @Test
    @Order(2)
    void contentAssistAtAPosition() throws Exception {
        ITextEditor editor = Workbench.open(main);
        ISourceViewer viewer = Workbench.viewer(editor);
        IDocument document = Workbench.document(editor);
        int offset = document.get().indexOf("ram shared");
        document.replace(offset, 0, "r");
        offset += 1; // "map r|ram shared": names of backings starting with r

        ICompletionProposal[] proposals = installedProcessor(viewer).computeCompletionProposals(viewer, offset);
        List<String> labels = Arrays.stream(proposals).map(ICompletionProposal::getDisplayString).toList();
        ICompletionProposal ram = Arrays.stream(proposals).filter(p -> p.getDisplayString().startsWith("ram")).findFirst()
                .orElseThrow(() -> new AssertionError("no 'ram' in " + labels));
        ram.apply(document);
        assertTrue(document.get().contains("    map ram ram shared\n") || document.get().contains("    map ramram shared\n")
                || document.get().contains("    map ram shared\n"), document.get());

        // Keywords at the start of a VM member.
        int memberStart = document.get().indexOf("    clock") + 4;
        List<String> keywords = Arrays.stream(installedProcessor(viewer).computeCompletionProposals(viewer, memberStart))
                .map(ICompletionProposal::getDisplayString).toList();
        assertTrue(keywords.stream().anyMatch(k -> k.startsWith("cpuid")), keywords.toString());
        assertTrue(keywords.stream().anyMatch(k -> k.startsWith("slot")), keywords.toString());
    }

    @Test
    @Order(3)
    void quickFixFromTheMarker() throws Exception {
        ITextEditor editor = Workbench.open(main);
        IMarker marker = Workbench.markerOnceThere(main, "pfncache-unmapped-pfn");
        IMarkerResolution[] resolutions = IDE.getMarkerHelpRegistry().getResolutions(marker);
        List<String> labels = Arrays.stream(resolutions).map(IMarkerResolution::getLabel).toList();
        assertTrue(labels.contains("Hide kvmclock from the guest: add 'cpuid -kvmclock' to vm fc_secret"), labels.toString());
        assertTrue(labels.contains("Turn memfd_secret backing ram into a guest_memfd with mmap | init_shared | no_direct_map, bound in its slots"), labels.toString());
        Arrays.stream(resolutions).filter(r -> r.getLabel().startsWith("Turn memfd_secret backing ram")).findFirst().orElseThrow()
                .run(marker);
        assertEquals(Samples.MAIN.replace("memory ram: memfd_secret 256MiB", "memory ram: guest_memfd 256MiB flags mmap | init_shared | no_direct_map")
                .replace("userspace ram\n", "userspace ram guest_memfd ram\n"), Workbench.document(editor).get());
        assertTrue(editor.isDirty(), "the fix edits the open editor; the user saves");
        Workbench.waitUntil("GUP finding gone", 30_000, () -> !Problems.of(main).toString().contains("gup-on-secret-memory"));
    }

    @Test
    @Order(4)
    void hoverShowsTheTrace() throws Exception {
        ITextEditor editor = Workbench.open(main);
        IMarker marker = Workbench.markerOnceThere(main, "pfncache-unmapped-pfn");
        int offset = marker.getAttribute(IMarker.CHAR_START, -1);
        String hover = new VMemHover().getHoverInfo(Workbench.viewer(editor), new Region(offset, 0));
        assertNotNull(hover);
        // The editor layer's hover content (the language server's), as plain text.
        assertTrue(hover.lines().anyMatch(l -> l.contains(" pfncache-unmapped-pfn: ")), "the finding's code: " + hover);
        assertTrue(hover.lines().anyMatch(l -> l.matches("\\d+\\. kernel: .*")), "a trace with kernel links: " + hover);
        assertTrue(hover.lines().anyMatch(l -> l.matches("\\d+\\. operation: .*")), hover);
        assertTrue(hover.lines().anyMatch(l -> l.equals("How to fix")), "the rule page's sections: " + hover);
        assertFalse(hover.contains("**") || hover.contains("`"), "no Markdown marks: " + hover);

        String note = new VMemHover().getHoverInfo(Workbench.viewer(editor),
                new Region(Workbench.document(editor).get().indexOf("slot 0") + 1, 0));
        assertNotNull(note, "a note on the memslot");
        String reference = new VMemHover().getHoverInfo(Workbench.viewer(editor),
                new Region(Workbench.document(editor).get().indexOf("kernel linux_6_8") + "kernel ".length() + 2, 0));
        assertNotNull(reference, "a reference shows the note of the element it names (the kernel profile in lib.vmem)");
    }

    @Test
    @Order(5)
    void goToDefinitionAcrossImports() throws Exception {
        ITextEditor editor = Workbench.open(main);
        int offset = Workbench.document(editor).get().indexOf("kernel linux_6_8") + "kernel ".length() + 2;
        IHyperlink[] links = new VMemHyperlinkDetector().detectHyperlinks(Workbench.viewer(editor), new Region(offset, 0), false);
        assertNotNull(links);
        links[0].open();
        Workbench.waitUntil("lib.vmem in the active editor", 10_000,
                () -> Workbench.page().getActiveEditor() != null && Workbench.page().getActiveEditor().getTitle().equals("lib.vmem"));
        ITextEditor target = (ITextEditor) Workbench.page().getActiveEditor();
        var selection = (ITextSelection) target.getSelectionProvider().getSelection();
        assertEquals("linux_6_8", selection.getText());
    }

    @Test
    @Order(6)
    void outline() throws Exception {
        ITextEditor editor = Workbench.open(main);
        IViewPart view = Workbench.page().showView(IPageLayout.ID_OUTLINE);
        assertNotNull(view);
        var page = (VMemOutlinePage) editor.getAdapter(IContentOutlinePage.class);
        assertNotNull(page);
        page.createControl(new org.eclipse.swt.widgets.Shell());
        Workbench.waitUntil("outline entries", 30_000, () -> !page.entries().isEmpty());
        var labels = new ArrayList<String>();
        for (var node : page.entries()) {
            labels.add(node.label());
            node.children().forEach(c -> labels.add("  " + c.label()));
        }
        assertEquals(List.of("vm fc_secret", "  memory ram: memfd_secret 256MiB", "  map ram shared", "  slot 0 gpa 0x0 userspace ram"),
                labels);
        page.getControl().getShell().dispose();
    }

    @Test
    @Order(7)
    void syntaxAndSemanticHighlighting() throws Exception {
        ITextEditor editor = Workbench.open(main);
        var text = Workbench.viewer(editor).getTextWidget();
        int vm = Workbench.document(editor).get().indexOf("vm fc_secret");
        Workbench.waitUntil("styles", 30_000, () -> text.getStyleRangeAtOffset(vm) != null
                && text.getStyleRangeAtOffset(vm + 3) != null && (text.getStyleRangeAtOffset(vm + 3).fontStyle & SWT.BOLD) != 0);
        StyleRange keyword = text.getStyleRangeAtOffset(vm);
        assertEquals(127, keyword.foreground.getRed(), "keyword colour");
        assertTrue((keyword.fontStyle & SWT.BOLD) != 0);
        StyleRange comment = text.getStyleRangeAtOffset(Workbench.document(editor).get().indexOf("// The"));
        assertEquals(63, comment.foreground.getRed(), "comment colour");
        int reference = Workbench.document(editor).get().indexOf("userspace ram") + "userspace ".length();
        Workbench.waitUntil("semantic style of a reference", 30_000, () -> text.getStyleRangeAtOffset(reference) != null
                && (text.getStyleRangeAtOffset(reference).fontStyle & SWT.ITALIC) != 0);
    }

    @Test
    @Order(8)
    void toggleCommentAndBrackets() throws Exception {
        ITextEditor editor = Workbench.open(main);
        IDocument document = Workbench.document(editor);
        int line = document.getLineOfOffset(document.get().indexOf("    clock kvmclock"));
        editor.selectAndReveal(document.getLineOffset(line) + 5, 0);
        PlatformUI.getWorkbench().getService(IHandlerService.class).executeCommand("dev.vmem.eclipse.toggleComment", null);
        assertTrue(document.get().contains("\n//     clock kvmclock\n"), document.get());
        PlatformUI.getWorkbench().getService(IHandlerService.class).executeCommand("dev.vmem.eclipse.toggleComment", null);
        assertTrue(document.get().contains("\n    clock kvmclock\n"), document.get());

        int open = document.get().indexOf('{');
        var matcher = new dev.vmem.eclipse.editor.VMemBracketMatcher();
        var region = matcher.match(document, open + 1);
        assertNotNull(region);
        assertEquals(document.get().lastIndexOf('}'), region.getOffset() + region.getLength() - 1);
    }

    @Test
    @Order(9)
    void preferencePageOpens() {
        PreferenceDialog dialog = PreferencesUtil.createPreferenceDialogOn(
                PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell(), "dev.vmem.eclipse.preferences", null, null);
        dialog.setBlockOnOpen(false);
        dialog.open();
        try {
            assertNotNull(dialog.getSelectedPage());
            assertEquals("VMem", ((org.eclipse.jface.preference.IPreferencePage) dialog.getSelectedPage()).getTitle());
        } finally {
            dialog.close();
        }
    }

    @Test
    @Order(10)
    void screenshot() throws Exception {
        // Only the example's problems in view: the other test projects go.
        Workbench.page().closeAllEditors(false);
        main.delete(true, null);
        lib.delete(true, null);
        var spec = org.eclipse.core.resources.ResourcesPlugin.getWorkspace().getRoot().getProject("spec");
        if (spec.exists()) {
            spec.delete(true, null);
        }
        var shell = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell();
        shell.setBounds(0, 0, 1400, 880);
        IFile example = TestWorkspace.write(project, "aws2024-secretmem-cold.vmem", Examples.read(
                Examples.root().resolve("spec/aws2024-secretmem-cold.vmem")));
        Workbench.settle();
        Workbench.page().showView("org.eclipse.ui.navigator.ProjectExplorer");
        var outline = (org.eclipse.ui.views.contentoutline.ContentOutline) Workbench.page().showView(IPageLayout.ID_OUTLINE);
        Workbench.page().showView(IPageLayout.ID_PROBLEM_VIEW);
        ITextEditor editor = Workbench.open(example);
        Workbench.waitUntil("outline of the example", 30_000, () -> outline.getCurrentPage() instanceof VMemOutlinePage page
                && !page.entries().isEmpty());
        Workbench.waitUntil("markers", 30_000, () -> Problems.of(example).size() == 3);
        IDocument document = Workbench.document(editor);
        editor.selectAndReveal(document.get().indexOf("clock kvmclock"), 0);
        Workbench.settle();
        expandTrees(shell);
        Workbench.settle();
        var file = Workbench.screenshot("workbench.png");
        assertTrue(java.nio.file.Files.size(file) > 10_000, "a screenshot at " + file);
        assertNotNull(VMemMarkers.TYPE);

        // The memory map of the same file (HTML in a Browser, or the SVG as an image without WebKitGTK).
        var map = (dev.vmem.eclipse.editor.MemoryMapView) Workbench.page().showView(dev.vmem.eclipse.editor.MemoryMapView.ID);
        Workbench.page().activate(editor);
        Workbench.waitUntil("memory map", 30_000, () -> map.html().contains("<svg"));
        assertTrue(map.html().contains("fc_secret"), "the VM is drawn");
        Workbench.waitUntil("memory map drawn", 30_000, () -> map.rendered() > 0);
        System.out.println("Memory Map view: " + map.fallback());
        Workbench.page().activate(map);
        Workbench.settle();
        Workbench.screenshot("memory-map.png");
    }

    /** Expands every tree of the window (Problems view groups, outline, project explorer). */
    private static void expandTrees(org.eclipse.swt.widgets.Composite parent) {
        for (var child : parent.getChildren()) {
            if (child instanceof org.eclipse.swt.widgets.Tree tree) {
                for (var item : tree.getItems()) {
                    var event = new org.eclipse.swt.widgets.Event();
                    event.item = item;
                    tree.notifyListeners(SWT.Expand, event);
                    item.setExpanded(true);
                }
            } else if (child instanceof org.eclipse.swt.widgets.Composite composite) {
                expandTrees(composite);
            }
        }
    }

    /** The content assist processor the Generic Editor installed for the document. */
    private static IContentAssistProcessor installedProcessor(ISourceViewer viewer) throws Exception {
        Field field = SourceViewer.class.getDeclaredField("fContentAssistant");
        field.setAccessible(true);
        IContentAssistant assistant = (IContentAssistant) field.get(viewer);
        IContentAssistProcessor processor = ((ContentAssistant) assistant).getContentAssistProcessor(IDocument.DEFAULT_CONTENT_TYPE);
        assertNotNull(processor, "the Generic Editor's content assist processor");
        return processor;
    }
}
