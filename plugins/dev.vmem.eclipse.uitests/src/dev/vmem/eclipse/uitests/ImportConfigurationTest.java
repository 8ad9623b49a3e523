package dev.vmem.eclipse.uitests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmem.eclipse.testing.TestWorkspace;
import dev.vmem.testing.Examples;
import dev.vmem.testing.Repository;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.handlers.IHandlerService;
import org.eclipse.ui.navigator.CommonNavigator;
import org.eclipse.ui.part.ISetSelectionTarget;
import org.eclipse.ui.texteditor.ITextEditor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * "VMem: Import VMM Configuration…" in the workbench: offered in the Project Explorer's menu for a
 * configuration file and not for a .vmem file; run on a Firecracker JSON whose format its content shows
 * (no dialog), it writes the .vmem beside it, as the CLI would, and opens it.
 */
class ImportConfigurationTest {

    static final String COMMAND = "dev.vmem.eclipse.importConfiguration";
    static final String LABEL = "VMem: Import VMM Configuration\u2026";

    private static IProject project;

    @BeforeAll
    static void createProject() throws Exception {
        project = TestWorkspace.project("imports");
    }

    @AfterAll
    static void deleteProject() throws Exception {
        Workbench.page().closeAllEditors(false);
        project.delete(true, null);
    }

    static IViewPart explorerWithSelection(IFile file) throws Exception {
        IViewPart explorer = Workbench.page().showView("org.eclipse.ui.navigator.ProjectExplorer");
        Workbench.page().activate(explorer);
        var selection = new StructuredSelection(file);
        if (explorer instanceof ISetSelectionTarget target) {
            target.selectReveal(selection);
        } else {
            explorer.getSite().getSelectionProvider().setSelection(selection);
        }
        explorer.setFocus();
        Workbench.settle();
        return explorer;
    }

    /** The labels of the Project Explorer's context menu, as it shows them for the selection. */
    static List<String> contextMenu(IViewPart explorer) {
        Control tree = ((CommonNavigator) explorer).getCommonViewer().getControl();
        Menu menu = tree.getMenu();
        assertNotNull(menu, "the tree has a context menu");
        menu.notifyListeners(SWT.Show, new Event());
        var labels = new ArrayList<String>();
        for (MenuItem item : menu.getItems()) {
            labels.add(item.getText().replace("&", ""));
        }
        menu.notifyListeners(SWT.Hide, new Event());
        return labels;
    }

    @Test
    void offeredForConfigurationFilesOnly() throws Exception {
        IFile json = TestWorkspace.write(project, "offered.json", "{}\n");
        IFile vmem = TestWorkspace.write(project, "not-offered.vmem", "// nothing\n");
        List<String> forJson = contextMenu(explorerWithSelection(json));
        assertTrue(forJson.contains(LABEL), forJson.toString());
        List<String> forVmem = contextMenu(explorerWithSelection(vmem));
        assertFalse(forVmem.contains(LABEL), forVmem.toString());
        assertFalse(forVmem.isEmpty(), "the menu was built");
    }

    @Test
    void importsAFirecrackerConfigurationBesideItAndOpensIt() throws Exception {
        String text = Examples.read(Repository.resolve("importers/src/test/resources/corpus/firecracker/default.json"));
        IFile source = TestWorkspace.write(project, "default.json", text);
        explorerWithSelection(source);

        PlatformUI.getWorkbench().getService(IHandlerService.class).executeCommand(COMMAND, null);

        IFile target = project.getFile("default.vmem");
        Workbench.waitUntil("the imported file in an editor", 30_000, () -> {
            IEditorPart active = Workbench.page().getActiveEditor();
            return active != null && target.equals(active.getEditorInput().getAdapter(IFile.class));
        });
        assertTrue(target.exists());
        var editor = (ITextEditor) Workbench.page().getActiveEditor();
        assertEquals(Examples.read(Repository.resolve("importers/src/test/resources/golden/firecracker/default.vmem")),
                Workbench.document(editor).get());
    }
}
