package dev.vmem.eclipse;

import dev.vmem.dsl.mapping.EObjectOrigin;
import dev.vmem.dsl.mapping.ModelMapper;
import dev.vmem.dsl.validation.VMemEngineValidator;
import dev.vmem.dsl.vmem.Model;
import dev.vmem.dsl.vmem.Vm;
import dev.vmem.dsl.vmem.VmemPackage;
import dev.vmem.eclipse.preferences.VMemPreferences;
import dev.vmem.engine.Engine;
import dev.vmem.engine.EngineOptions;
import dev.vmem.engine.report.Finding;
import dev.vmem.engine.report.Related;
import dev.vmem.engine.report.Report;
import java.util.ArrayList;
import java.util.Map;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CancelableDiagnostician;
import org.eclipse.xtext.validation.ValidationMessageAcceptor;

/**
 * {@link VMemEngineValidator} with the editor's settings: VMs that name no kernel profile run under
 * the default profile of the preferences, and the report is kept on the resource
 * ({@link ReportAdapter}) so hovers can show traces and notes without running the engine again.
 *
 * <p>The placement of findings is the one of {@link VMemEngineValidator} (its helpers are private, so
 * they are repeated here; the issue data has the same keys). Xtext collects the composed check
 * methods from {@code VMemEngineValidator} and calls them on this instance, so only this override runs.
 */
public class EclipseEngineValidator extends VMemEngineValidator {

    private final ModelMapper mapper = new ModelMapper();

    @Override
    public void runEngine(Model model) {
        Resource resource = model.eResource();
        if (resource == null || !resource.getErrors().isEmpty()) {
            return;
        }
        Object cancel = getContext() == null ? null : getContext().get(CancelableDiagnostician.CANCEL_INDICATOR);
        EngineOptions options = EngineOptions.defaults();
        if (cancel instanceof CancelIndicator indicator) {
            options = options.withCancellation(indicator::isCanceled);
        }
        var defaultKernel = VMemPreferences.defaultKernel();
        if (defaultKernel.isPresent()) {
            options = options.withDefaultKernel(defaultKernel.get());
        }
        Report report;
        try {
            report = Engine.run(mapper.map(model), options);
        } catch (RuntimeException e) {
            return; // an unloadable import (reported by the structural checks) or a cancelled run
        }
        ReportAdapter.attach(resource, report);
        for (Finding f : report.findings()) {
            place(model, resource, f);
        }
    }

    private void place(Model model, Resource resource, Finding f) {
        EObject element;
        EStructuralFeature feature = null;
        int index = ValidationMessageAcceptor.INSIGNIFICANT_INDEX;
        if (f.origin() instanceof EObjectOrigin o && o.element().eResource() == resource) {
            element = o.element();
            feature = o.feature();
            index = o.index() < 0 ? ValidationMessageAcceptor.INSIGNIFICANT_INDEX : o.index();
        } else {
            element = EcoreUtil2.typeSelect(model.getDeclarations(), Vm.class).stream()
                    .filter(vm -> f.vm().equals(vm.getName())).findFirst().orElse(null);
            if (element == null) {
                return;
            }
            feature = VmemPackage.eINSTANCE.getDeclaration_Name();
        }
        String[] data = data(f);
        switch (f.severity()) {
            case ERROR -> acceptError(f.message(), element, feature, index, f.code(), data);
            case WARNING -> acceptWarning(f.message(), element, feature, index, f.code(), data);
            case INFO -> acceptInfo(f.message(), element, feature, index, f.code(), data);
        }
    }

    private static String[] data(Finding f) {
        var out = new ArrayList<String>();
        out.add(DATA_OUTCOME + "=" + f.outcome().keyword());
        for (Map.Entry<String, String> e : f.data().entrySet()) {
            out.add(e.getKey() + "=" + e.getValue());
        }
        if (!f.data().containsKey("vm") && !f.vm().isEmpty()) {
            out.add("vm=" + f.vm());
        }
        for (Related r : f.related()) {
            if (r.origin() instanceof EObjectOrigin o && o.element().eResource() != null) {
                out.add(DATA_RELATED + "=" + EcoreUtil.getURI(o.element()) + "|" + r.message());
            }
        }
        return out.toArray(String[]::new);
    }
}
