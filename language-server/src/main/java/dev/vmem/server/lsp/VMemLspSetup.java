package dev.vmem.server.lsp;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Provider;
import com.google.inject.Singleton;
import dev.vmem.dsl.VMemRuntimeModule;
import dev.vmem.dsl.ide.VMemIdeModule;
import dev.vmem.dsl.ide.VMemIdeSetup;
import org.eclipse.xtext.resource.IResourceServiceProvider;
import org.eclipse.xtext.resource.impl.ResourceServiceProviderRegistryImpl;
import org.eclipse.xtext.util.Modules2;

/**
 * The language as the language server sees it: runtime, ide and {@link VMemLspModule} in one injector,
 * created once per process (creating it and registering EMF is the expensive part of a cold start),
 * and registered for {@code .vmem} files. Servers in one process (tests) share it; each finds its own
 * state through {@link Session#of}.
 */
public final class VMemLspSetup {

    private static Injector injector;

    private VMemLspSetup() {
    }

    public static synchronized Injector injector() {
        if (injector == null) {
            injector = new VMemIdeSetup() {
                @Override
                public Injector createInjector() {
                    return Guice.createInjector(
                            Modules2.mixin(new VMemRuntimeModule(), new VMemIdeModule(), new VMemLspModule()));
                }
            }.createInjectorAndDoEMFRegistration();
        }
        return injector;
    }

    /** The server's registry of languages: just VMem, with the services above. */
    @Singleton
    public static final class Registry implements Provider<IResourceServiceProvider.Registry> {
        private IResourceServiceProvider.Registry registry;

        @Override
        public synchronized IResourceServiceProvider.Registry get() {
            if (registry == null) {
                var r = new ResourceServiceProviderRegistryImpl();
                r.getExtensionToFactoryMap().put("vmem", injector().getInstance(IResourceServiceProvider.class));
                registry = r;
            }
            return registry;
        }
    }
}
