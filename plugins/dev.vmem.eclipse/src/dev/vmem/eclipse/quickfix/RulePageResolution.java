package dev.vmem.eclipse.quickfix;

import dev.vmem.dsl.codes.Catalog;
import dev.vmem.eclipse.VMemPlugin;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.core.filesystem.EFS;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.Platform;
import org.eclipse.swt.graphics.Image;
import org.eclipse.ui.IMarkerResolution2;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.ide.IDE;

/**
 * "Open the rule page of CODE": the page shipped in the plugin (the same docs/rules/CODE.md that
 * vmem explain prints and the VS Code extension links to), offline. It is written to the plugin's
 * state folder (anew each time, so an edit there never sticks) and opened in a text editor.
 */
final class RulePageResolution implements IMarkerResolution2 {

    private final String code;

    RulePageResolution(String code) {
        this.code = code;
    }

    /** True when the catalogue has a page for {@code code}. */
    static boolean hasPage(String code) {
        return Catalog.pageUrl(code).isPresent();
    }

    @Override
    public String getLabel() {
        return "Open the rule page of " + code;
    }

    @Override
    public String getDescription() {
        return "What " + code + " means, an example, how to fix it, and the kernel sources it rests on.";
    }

    @Override
    public Image getImage() {
        return null;
    }

    @Override
    public void run(IMarker marker) {
        try {
            Path page = write(code);
            IWorkbenchPage workbenchPage = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
            IDE.openEditorOnFileStore(workbenchPage, EFS.getLocalFileSystem().getStore(page.toUri()));
        } catch (IOException | CoreException | RuntimeException e) {
            VMemPlugin.log("cannot open the rule page of " + code, e);
        }
    }

    /** The page as a file in the plugin's state folder (written anew, so it matches this plugin). */
    static Path write(String code) throws IOException {
        String text = Catalog.page(code).orElseThrow(() -> new IOException("no rule page for " + code));
        Path dir = Path.of(Platform.getStateLocation(Platform.getBundle(VMemPlugin.ID)).toOSString(), "rules");
        Files.createDirectories(dir);
        Path page = dir.resolve(code + ".md");
        Files.writeString(page, text, StandardCharsets.UTF_8);
        return page;
    }
}
