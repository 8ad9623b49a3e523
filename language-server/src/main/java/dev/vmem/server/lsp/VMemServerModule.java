package dev.vmem.server.lsp;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.Singleton;
import com.google.inject.util.Modules;
import org.eclipse.lsp4j.services.LanguageServer;
import org.eclipse.xtext.ide.server.IMultiRootWorkspaceConfigFactory;
import org.eclipse.xtext.ide.server.LanguageServerImpl;
import org.eclipse.xtext.ide.server.ProjectManager;
import org.eclipse.xtext.ide.server.ServerModule;
import org.eclipse.xtext.ide.server.concurrent.IRequestManager;
import org.eclipse.xtext.resource.IResourceServiceProvider;

/**
 * The server injector: Xtext's {@link ServerModule} with the VMem server, its workspace (open
 * documents and their imports only), its project manager (which hands the {@link Session} to the
 * language services) and a registry holding just the VMem language. One injector per connection.
 */
public final class VMemServerModule extends AbstractModule {

    private final Module[] overrides;

    /** @param overrides bindings that replace these (tests: an exit handler that does not exit) */
    public VMemServerModule(Module... overrides) {
        this.overrides = overrides;
    }

    @Override
    protected void configure() {
        Module vmem = new AbstractModule() {
            @Override
            protected void configure() {
                bind(VMemLanguageServer.class).in(Singleton.class);
                bind(LanguageServerImpl.class).to(VMemLanguageServer.class);
                bind(LanguageServer.class).to(VMemLanguageServer.class);
                bind(IResourceServiceProvider.Registry.class).toProvider(VMemLspSetup.Registry.class).in(Singleton.class);
                bind(IMultiRootWorkspaceConfigFactory.class).to(VMemWorkspaceConfigFactory.class);
                bind(ProjectManager.class).to(VMemProjectManager.class);
                bind(IRequestManager.class).to(VMemRequestManager.class);
            }
        };
        Module server = Modules.override(new ServerModule()).with(vmem);
        // Each override level records and rewrites every binding again: none when there is nothing to override.
        install(overrides.length == 0 ? server : Modules.override(server).with(overrides));
    }
}
