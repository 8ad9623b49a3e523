package dev.vmem.server.lsp;

import com.google.inject.Inject;
import org.eclipse.xtext.ide.server.ProjectManager;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.resource.impl.ResourceDescriptionsData;

/** Xtext's project manager, whose resource sets carry the server's {@link Session} for the language services. */
public class VMemProjectManager extends ProjectManager {

    @Inject
    private Session session;

    @Override
    public XtextResourceSet createNewResourceSet(ResourceDescriptionsData newIndex) {
        XtextResourceSet set = super.createNewResourceSet(newIndex);
        session.attachTo(set);
        return set;
    }
}
