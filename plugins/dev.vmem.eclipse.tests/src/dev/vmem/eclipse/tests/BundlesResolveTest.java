package dev.vmem.eclipse.tests;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleWiring;

/**
 * Our bundles and the third-party bundles the feature ships resolve in Equinox; and the headless
 * tests leave every UI bundle unstarted (they must pass on a machine without GTK or a display).
 */
class BundlesResolveTest {

    /** Bundles that need a display (SWT loads GTK) or start the workbench. */
    static final List<String> UI_PREFIXES = List.of("org.eclipse.swt", "org.eclipse.jface", "org.eclipse.ui");

    /**
     * No UI bundle was activated. Equinox puts every lazy bundle in STARTING, waiting for its first
     * class load, which would make it ACTIVE; so an ACTIVE UI bundle means one of its classes was
     * loaded. Called after the tests that drive the editor bundle headless.
     */
    static void assertNoUiBundleStarted() {
        BundleContext context = FrameworkUtil.getBundle(BundlesResolveTest.class).getBundleContext();
        List<String> started = Arrays.stream(context.getBundles())
                .filter(b -> UI_PREFIXES.stream().anyMatch(b.getSymbolicName()::startsWith))
                .filter(b -> b.getState() == Bundle.ACTIVE)
                .map(Bundle::getSymbolicName).toList();
        assertTrue(started.isEmpty(), "UI bundles activated by headless tests: " + started);
    }

    static final List<String> BUNDLES = List.of("dev.vmem.engine", "dev.vmem.dsl", "dev.vmem.dsl.ide", "dev.vmem.eclipse",
            "dev.vmem.importers", "com.fasterxml.jackson.core.jackson-core",
            "org.eclipse.xtext", "org.eclipse.xtext.util", "org.eclipse.xtext.ide", "org.eclipse.xtext.xbase.lib",
            "org.eclipse.lsp4j", "org.eclipse.lsp4j.jsonrpc", "com.google.gson", "com.google.inject", "com.google.guava",
            "org.antlr.runtime", "org.eclipse.ui.genericeditor");

    @Test
    void bundlesResolve() {
        BundleContext context = FrameworkUtil.getBundle(BundlesResolveTest.class).getBundleContext();
        for (String name : BUNDLES) {
            Bundle bundle = Arrays.stream(context.getBundles()).filter(b -> b.getSymbolicName().equals(name)).findFirst()
                    .orElse(null);
            assertNotNull(bundle, name + " is installed");
            if (bundle.getState() == Bundle.INSTALLED) {
                try {
                    bundle.start(Bundle.START_TRANSIENT);
                } catch (Exception e) {
                    throw new AssertionError(name + " does not start", e);
                }
            }
            assertTrue(bundle.getState() != Bundle.INSTALLED, name + " is resolved");
        }
    }

    /**
     * The Eclipse plugin depends on the editor bundle, never on the language server: no installed bundle
     * exports a {@code dev.vmem.server} package, and the plugin (whose class loader this fragment shares)
     * cannot load the server's classes.
     */
    @Test
    void thePluginReachesNoServerCode() {
        BundleContext context = FrameworkUtil.getBundle(BundlesResolveTest.class).getBundleContext();
        for (Bundle bundle : context.getBundles()) {
            BundleWiring wiring = bundle.adapt(BundleWiring.class);
            if (wiring == null) {
                continue;
            }
            for (var capability : wiring.getCapabilities(PackageNamespace.PACKAGE_NAMESPACE)) {
                String pkg = String.valueOf(capability.getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE));
                assertTrue(!pkg.startsWith("dev.vmem.server"), bundle.getSymbolicName() + " exports " + pkg);
            }
        }
        for (String name : List.of("dev.vmem.server.lsp.VMemLanguageServer", "dev.vmem.server.cli.Cli")) {
            assertThrows(ClassNotFoundException.class, () -> Class.forName(name, false, BundlesResolveTest.class.getClassLoader()),
                    name);
        }
        // and it does reach the editor layer
        assertNotNull(assertDoesNotThrowLoading("dev.vmem.editor.fix.QuickFixes"));
    }

    private static Class<?> assertDoesNotThrowLoading(String name) {
        try {
            return Class.forName(name, false, BundlesResolveTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new AssertionError(name + " is not visible to the plugin", e);
        }
    }
}
