package dev.vmem.eclipse.markers;

import org.eclipse.ui.IStartup;

/**
 * Starts the bundle with the workbench, so that closed {@code .vmem} files get markers before any is
 * opened (the activator starts the {@link WorkspaceChecker}).
 */
public class VMemStartup implements IStartup {
    @Override
    public void earlyStartup() {
        // Loading this class activated the bundle; nothing more to do.
    }
}
