package dev.vmem.eclipse.preferences;

import dev.vmem.editor.settings.DefaultKernel;
import dev.vmem.engine.model.KernelDecl;
import java.util.Optional;
import org.eclipse.emf.ecore.resource.Resource;

/** The default kernel profile of the workspace preferences, for the editor services (completion). */
public class PreferencesDefaultKernel implements DefaultKernel {

    @Override
    public Optional<KernelDecl> of(Resource resource) {
        return VMemPreferences.defaultKernel();
    }
}
