package dev.vmem.eclipse.preferences;

import dev.vmem.eclipse.VMemPlugin;
import dev.vmem.engine.report.Rule;
import org.eclipse.core.runtime.preferences.AbstractPreferenceInitializer;
import org.eclipse.core.runtime.preferences.DefaultScope;

/** Defaults: every rule at its own severity, the engine's built-in default kernel profile, hints and results shown. */
public class VMemPreferenceInitializer extends AbstractPreferenceInitializer {

    @Override
    public void initializeDefaultPreferences() {
        var node = DefaultScope.INSTANCE.getNode(VMemPlugin.ID);
        node.put(VMemPreferences.DEFAULT_KERNEL, "");
        node.putBoolean(VMemPreferences.SHOW_INLAY_HINTS, true);
        node.putBoolean(VMemPreferences.SHOW_CODE_LENSES, true);
        for (Rule rule : Rule.values()) {
            node.put(VMemPreferences.SEVERITY_PREFIX + rule.code(), VMemPreferences.DEFAULT);
        }
    }
}
