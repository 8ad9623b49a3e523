package dev.vmem.editor.settings;

import dev.vmem.engine.model.KernelDecl;
import java.util.Optional;
import org.eclipse.emf.ecore.resource.Resource;

/**
 * Where an editor keeps its default kernel profile setting ({@link DefaultProfile}): the language
 * server per session, Eclipse in its preferences. The editor services ask it for the profile that
 * applies to VMs of a resource that name none; an editor binds its own in its Guice module.
 */
public interface DefaultKernel {

    /** The default profile for VMs of {@code resource} that name none; empty: the engine's built-in default. */
    Optional<KernelDecl> of(Resource resource);

    /** No setting: the engine's built-in default (the ide module's binding). */
    final class None implements DefaultKernel {
        @Override
        public Optional<KernelDecl> of(Resource resource) {
            return Optional.empty();
        }
    }
}
