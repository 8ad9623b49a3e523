package dev.vmem.eclipse;

import dev.vmem.eclipse.preferences.PreferencesDefaultKernel;
import dev.vmem.editor.settings.DefaultKernel;
import org.eclipse.xtext.service.AbstractGenericModule;

/**
 * What the Eclipse editor changes in the language's services: the default kernel profile comes from
 * the preferences. Completion and semantic highlighting are the ide module's (the editor bundle's).
 */
public class VMemEclipseModule extends AbstractGenericModule {

    public Class<? extends DefaultKernel> bindDefaultKernel() {
        return PreferencesDefaultKernel.class;
    }
}
