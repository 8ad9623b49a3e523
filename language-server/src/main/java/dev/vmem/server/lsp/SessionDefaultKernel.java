package dev.vmem.server.lsp;

import dev.vmem.editor.settings.DefaultKernel;
import dev.vmem.engine.model.KernelDecl;
import java.util.Optional;
import org.eclipse.emf.ecore.resource.Resource;

/** The default kernel profile of the session whose resource set holds the resource (its settings). */
public class SessionDefaultKernel implements DefaultKernel {

    @Override
    public Optional<KernelDecl> of(Resource resource) {
        return Session.of(resource).defaultKernel();
    }
}
