package dev.vmem.server.lsp;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Provider;
import com.google.inject.Singleton;
import dev.vmem.dsl.VMemRuntimeModule;
import dev.vmem.dsl.ide.VMemIdeModule;
import dev.vmem.dsl.ide.VMemIdeSetup;
import dev.vmem.dsl.vmem.VmemPackage;
import java.util.Map;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.xmi.impl.EcoreResourceFactoryImpl;
import org.eclipse.emf.ecore.xmi.impl.XMIResourceFactoryImpl;
import org.eclipse.xtext.XtextPackage;
import org.eclipse.xtext.resource.impl.BinaryGrammarResourceFactoryImpl;
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

                /**
                 * The generated set-up's steps with Guice first: making the injector needs neither EMF package, so
                 * at a server's start the packages' initialization (Xtext's and the language's metamodels, each a
                 * class initializer) runs on another thread meanwhile ({@link #initializePackages}); then the
                 * registrations, exactly as generated.
                 */
                @Override
                public Injector createInjectorAndDoEMFRegistration() {
                    Injector created = createInjector();
                    var factories = Resource.Factory.Registry.INSTANCE.getExtensionToFactoryMap();
                    if (!factories.containsKey("ecore")) {
                        factories.put("ecore", new EcoreResourceFactoryImpl());
                    }
                    if (!factories.containsKey("xmi")) {
                        factories.put("xmi", new XMIResourceFactoryImpl());
                    }
                    if (!factories.containsKey("xtextbin")) {
                        factories.put("xtextbin", new BinaryGrammarResourceFactoryImpl());
                    }
                    if (!EPackage.Registry.INSTANCE.containsKey(XtextPackage.eNS_URI)) {
                        EPackage.Registry.INSTANCE.put(XtextPackage.eNS_URI, XtextPackage.eINSTANCE);
                    }
                    register(created);
                    return created;
                }
            }.createInjectorAndDoEMFRegistration();
        }
        return injector;
    }

    /**
     * Initializes EMF's packages of Xtext's and the language's metamodels (their class initializers, which also
     * register them): what {@link #injector()} needs after Guice has made the injector. The server's start calls it on
     * a thread of its own beside the one that makes the injector; a class initializer runs once per process, and a
     * thread that needs it meanwhile waits for it to finish, so nothing is done twice.
     */
    public static void initializePackages() {
        XtextPackage.eINSTANCE.getClass();
        VmemPackage.eINSTANCE.getClass();
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
