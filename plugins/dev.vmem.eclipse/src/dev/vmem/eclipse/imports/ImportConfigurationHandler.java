package dev.vmem.eclipse.imports;

import dev.vmem.importers.ImportException;
import dev.vmem.importers.VmmFormat;
import java.util.Arrays;
import java.util.Optional;
import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.Adapters;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.LabelProvider;
import org.eclipse.jface.window.Window;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.dialogs.ListDialog;
import org.eclipse.ui.handlers.HandlerUtil;
import org.eclipse.ui.ide.IDE;

/**
 * "VMem: Import VMM configuration…" on a .json, .xml, .sh, .args, .txt or .cmdline file, from the
 * Project Explorer or the editor's context menu: saves the file if its editor has changes, asks for
 * the format when the content does not show it, asks before replacing an existing .vmem, writes it
 * beside the source ({@link ConfigImport}) and opens it. A configuration the importer refuses gives a
 * dialog with the place in the file.
 */
public final class ImportConfigurationHandler extends AbstractHandler {

    static final String TITLE = "VMem: Import VMM configuration";

    /** Format labels, in the order the chooser lists them. */
    static String label(VmmFormat f) {
        return switch (f) {
            case FIRECRACKER -> "Firecracker (--config-file JSON or an API body)";
            case CLOUD_HYPERVISOR -> "Cloud Hypervisor (command line or VmConfig JSON)";
            case LIBVIRT -> "libvirt (domain XML)";
            case QEMU -> "QEMU (command line or argument file)";
        };
    }

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        IWorkbenchWindow window = HandlerUtil.getActiveWorkbenchWindowChecked(event);
        Shell shell = window.getShell();
        IFile source = source(HandlerUtil.getCurrentSelection(event), HandlerUtil.getActiveEditorInput(event));
        if (source == null) {
            MessageDialog.openInformation(shell, TITLE, "Select a VMM configuration file (.json, .xml, .sh, .args, .txt).");
            return null;
        }
        if (!IDE.saveAllEditors(new IResource[] {source}, true)) {
            return null;
        }
        try {
            String text = ConfigImport.read(source);
            Optional<VmmFormat> format = ConfigImport.guess(text).or(() -> choose(shell, source));
            if (format.isEmpty()) {
                return null;
            }
            boolean exists = ConfigImport.targetExists(source, null);
            if (exists && !MessageDialog.openQuestion(shell, TITLE, ConfigImport.target(source).getName()
                    + " already exists. Replace it with the import of " + source.getName() + "?")) {
                return null;
            }
            ConfigImport.Written written = ConfigImport.run(source, format.get(), exists, null);
            IWorkbenchPage page = window.getActivePage();
            if (page != null) {
                IDE.openEditor(page, written.target(), true);
            }
        } catch (ImportException e) {
            MessageDialog.openError(shell, TITLE, "The configuration cannot be imported:\n" + ConfigImport.describe(source, e));
        } catch (PartInitException e) {
            MessageDialog.openError(shell, TITLE, "The imported file cannot be opened: " + e.getMessage());
        } catch (CoreException e) {
            MessageDialog.openError(shell, TITLE, e.getStatus().getMessage());
        }
        return null;
    }

    /** The file of a one-element selection, else the active editor's. */
    static IFile source(ISelection selection, IEditorInput input) {
        if (selection instanceof IStructuredSelection s && s.size() == 1) {
            IFile file = Adapters.adapt(s.getFirstElement(), IFile.class);
            if (file != null) {
                return file;
            }
        }
        return input == null ? null : Adapters.adapt(input, IFile.class);
    }

    private static Optional<VmmFormat> choose(Shell shell, IFile source) {
        var dialog = new ListDialog(shell);
        dialog.setTitle(TITLE);
        dialog.setMessage("The content of " + source.getName() + " does not show which VMM it configures. Its format:");
        dialog.setContentProvider(ArrayContentProvider.getInstance());
        dialog.setLabelProvider(new LabelProvider() {
            @Override
            public String getText(Object element) {
                return label((VmmFormat) element);
            }
        });
        dialog.setInput(Arrays.asList(VmmFormat.values()));
        dialog.setHelpAvailable(false);
        if (dialog.open() != Window.OK || dialog.getResult() == null || dialog.getResult().length == 0) {
            return Optional.empty();
        }
        return Optional.of((VmmFormat) dialog.getResult()[0]);
    }
}
