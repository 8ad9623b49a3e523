package dev.vmem.eclipse;

import dev.vmem.dsl.validation.VMemEngineValidator;
import dev.vmem.eclipse.preferences.VMemPreferences;
import dev.vmem.engine.EngineOptions;
import dev.vmem.engine.report.Report;
import org.eclipse.emf.ecore.resource.Resource;

/**
 * {@link VMemEngineValidator} with the editor's settings: VMs that name no kernel profile run under
 * the default profile of the preferences, and the report is kept on the resource
 * ({@link ReportAdapter}) so hovers can show traces and notes without running the engine again.
 * Findings become markers exactly as in the language's own validator.
 */
public class EclipseEngineValidator extends VMemEngineValidator {

    @Override
    protected EngineOptions engineOptions(EngineOptions defaults) {
        return VMemPreferences.defaultKernel().map(defaults::withDefaultKernel).orElse(defaults);
    }

    @Override
    protected void analysed(Resource resource, Report report) {
        ReportAdapter.attach(resource, report);
    }
}
