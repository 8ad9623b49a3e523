package dev.vmem.eclipse;

import dev.vmem.eclipse.markers.WorkspaceChecker;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Plugin;
import org.eclipse.core.runtime.Status;
import org.osgi.framework.BundleContext;

/**
 * The editor bundle's activator. Starting it starts the workspace checker, which keeps VMem markers
 * on every {@code .vmem} file of the workspace, open or closed. A core-runtime plugin, not a UI one:
 * activating the bundle (headless, in the markers tests or a headless build) loads no UI bundle.
 */
public class VMemPlugin extends Plugin {

    public static final String ID = "dev.vmem.eclipse";

    private static volatile VMemPlugin instance;

    private WorkspaceChecker checker;

    @Override
    public void start(BundleContext context) throws Exception {
        super.start(context);
        instance = this;
        checker = new WorkspaceChecker(ResourcesPlugin.getWorkspace());
        checker.start();
    }

    @Override
    public void stop(BundleContext context) throws Exception {
        if (checker != null) {
            checker.stop();
            checker = null;
        }
        instance = null;
        super.stop(context);
    }

    public static VMemPlugin getDefault() {
        return instance;
    }

    /** The workspace checker (markers for closed files, re-checks after saves and preference changes). */
    public WorkspaceChecker checker() {
        return checker;
    }

    public static void log(String message, Throwable error) {
        ILog.of(VMemPlugin.class).log(new Status(IStatus.ERROR, ID, message, error));
    }
}
