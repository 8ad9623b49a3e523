package dev.vmem.server.lsp;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Provider;
import com.google.inject.Singleton;
import dev.vmem.dsl.VMemRuntimeModule;
import dev.vmem.dsl.ide.VMemIdeModule;
import dev.vmem.dsl.ide.VMemIdeSetup;
import java.util.Map;
import org.eclipse.emf.common.util.URI;
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

    /**
     * The server's registry of languages: just VMem, with the services above. The language's injector is
     * made on first use (the server's {@code initialize}), not when the server is constructed, so the
     * server, its JSON-RPC launcher and the reading of {@code initialize} overlap with it (the launcher
     * starts making it on a second thread at once).
     */
    @Singleton
    public static final class Registry implements Provider<IResourceServiceProvider.Registry> {
        @Override
        public IResourceServiceProvider.Registry get() {
            return new Lazy();
        }
    }

    private static final class Lazy implements IResourceServiceProvider.Registry {
        private volatile IResourceServiceProvider.Registry delegate;

        private IResourceServiceProvider.Registry delegate() {
            var d = delegate;
            if (d == null) {
                synchronized (this) {
                    if (delegate == null) {
                        var r = new ResourceServiceProviderRegistryImpl();
                        r.getExtensionToFactoryMap().put("vmem", injector().getInstance(IResourceServiceProvider.class));
                        delegate = r;
                    }
                    d = delegate;
                }
            }
            return d;
        }

        @Override
        public IResourceServiceProvider getResourceServiceProvider(URI uri, String contentType) {
            return delegate().getResourceServiceProvider(uri, contentType);
        }

        @Override
        public IResourceServiceProvider getResourceServiceProvider(URI uri) {
            return delegate().getResourceServiceProvider(uri);
        }

        @Override
        public Map<String, Object> getContentTypeToFactoryMap() {
            return delegate().getContentTypeToFactoryMap();
        }

        @Override
        public Map<String, Object> getExtensionToFactoryMap() {
            return delegate().getExtensionToFactoryMap();
        }

        @Override
        public Map<String, Object> getProtocolToFactoryMap() {
            return delegate().getProtocolToFactoryMap();
        }
    }
}
