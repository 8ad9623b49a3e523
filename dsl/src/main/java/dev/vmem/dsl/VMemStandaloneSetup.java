package dev.vmem.dsl;

import com.google.inject.Injector;
import dev.vmem.dsl.analysis.Background;
import dev.vmem.dsl.vmem.VmemPackage;
import java.util.concurrent.FutureTask;
import org.eclipse.xtext.XtextPackage;

/**
 * Sets the language up without OSGi: EMF registrations and the Guice injector (tests, CLI, server, and the
 * Eclipse plugin through {@code VMemIdeSetup}).
 *
 * <p>The generated steps run with Guice first: making the injector needs no EMF package, so a start may initialize
 * the packages ({@link #initializePackages}) on another thread meanwhile — Xtext's and the language's metamodels,
 * each a class initializer of tens of milliseconds — instead of before Guice on the same thread; the registrations
 * that need them wait for them after Guice (docs/benchmarks.md, fifth and seventh passes).
 */
public class VMemStandaloneSetup extends VMemStandaloneSetupGenerated {

    /** The packages' initialization, once per process; their class initializers also register them with EMF. */
    private static final FutureTask<Void> PACKAGES = new FutureTask<>(() -> {
        XtextPackage.eINSTANCE.getClass();
        VmemPackage.eINSTANCE.getClass();
        return null;
    });

    public static void doSetup() {
        new VMemStandaloneSetup().createInjectorAndDoEMFRegistration();
    }

    /**
     * Initializes EMF's packages on this thread, unless another thread does or did; returns without throwing (a failure
     * reaches {@link #createInjectorAndDoEMFRegistration}, which waits for this work either way).
     */
    public static void initializePackages() {
        PACKAGES.run();
    }

    /** {@link #initializePackages} on a daemon thread of its own, started now: a start's, beside the injector's. */
    public static void initializePackagesInBackground() {
        Thread thread = new Thread(VMemStandaloneSetup::initializePackages, "vmem-emf-packages");
        thread.setDaemon(true);
        thread.start();
    }

    /** The generated set-up: the injector, then (once the packages are initialized) the registrations, as generated. */
    @Override
    public Injector createInjectorAndDoEMFRegistration() {
        Injector injector = createInjector();
        PACKAGES.run();
        Background.join(PACKAGES, "initializing EMF's packages");
        return registerAfter(injector);
    }

    /**
     * The generated {@link VMemStandaloneSetupGenerated#createInjectorAndDoEMFRegistration} (EMF's resource factories and
     * Xtext's package, then {@link #register}) with its {@code createInjector} answering the injector made already:
     * the generated registrations are run, not copied.
     */
    private Injector registerAfter(Injector injector) {
        var registered = new VMemStandaloneSetupGenerated() {
            @Override
            public Injector createInjector() {
                return injector;
            }

            @Override
            public void register(Injector made) {
                VMemStandaloneSetup.this.register(made);
            }
        };
        return registered.createInjectorAndDoEMFRegistration();
    }
}
