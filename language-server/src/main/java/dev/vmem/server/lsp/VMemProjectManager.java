package dev.vmem.server.lsp;

import com.google.inject.Inject;
import org.eclipse.xtext.ide.server.ProjectManager;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.resource.impl.ResourceDescriptionsData;

/**
 * Xtext's project manager, whose resource sets carry the server's {@link Session} for the language
 * services, and make {@code .vmem} resources {@link SizeLimitedResource}s (as the CLI, the server does
 * not parse a document over 4 MiB). The factory is set on each resource set, not in EMF's global
 * registry, which the language's standalone setup owns.
 */
public class VMemProjectManager extends ProjectManager {

    /** Makes the language's resources, of the size-limited kind. */
    private static final org.eclipse.emf.ecore.resource.Resource.Factory SIZE_LIMITED = uri -> {
        var resource = VMemLspSetup.injector().getInstance(SizeLimitedResource.class);
        resource.setURI(uri);
        return resource;
    };

    @Inject
    private Session session;

    @Override
    public XtextResourceSet createNewResourceSet(ResourceDescriptionsData newIndex) {
        XtextResourceSet set = super.createNewResourceSet(newIndex);
        session.attachTo(set);
        set.getResourceFactoryRegistry().getExtensionToFactoryMap().put("vmem", SIZE_LIMITED);
        return set;
    }
}
