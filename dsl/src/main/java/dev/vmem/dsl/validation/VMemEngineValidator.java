package dev.vmem.dsl.validation;

import dev.vmem.dsl.mapping.EObjectOrigin;
import dev.vmem.dsl.mapping.ModelMapper;
import dev.vmem.dsl.vmem.Model;
import dev.vmem.dsl.vmem.Vm;
import dev.vmem.dsl.vmem.VmemPackage;
import dev.vmem.engine.Engine;
import dev.vmem.engine.EngineOptions;
import dev.vmem.engine.report.Finding;
import dev.vmem.engine.report.Related;
import dev.vmem.engine.report.Report;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.AbstractDeclarativeValidator;
import org.eclipse.xtext.validation.CancelableDiagnostician;
import org.eclipse.xtext.validation.Check;
import org.eclipse.xtext.validation.CheckType;
import org.eclipse.xtext.validation.EValidatorRegistrar;
import org.eclipse.xtext.validation.ValidationMessageAcceptor;

/**
 * The thin adapter from the engine to Xtext: maps the file (with its imports) to the engine's model,
 * runs the engine, and turns each finding about an element of this file into an Xtext issue on the
 * element, feature and list entry its origin names. No kernel knowledge lives here.
 *
 * <p>It runs as a NORMAL check, after the structural ones, and only on files without syntax or
 * linking errors (a half-parsed file would only produce noise). Issue data carries, as
 * {@code key=value} strings, the finding's outcome, its quick-fix data, its VM ({@code vm=}) and its
 * related elements ({@code related=<uri>|<message>}), so editors can show them without running the
 * engine again. Editors adapt it through {@link #engineOptions} and {@link #analysed}.
 */
public class VMemEngineValidator extends AbstractDeclarativeValidator {

    /** Issue data key of the outcome. */
    public static final String DATA_OUTCOME = "outcome";
    /** Issue data key of a related element: {@code <EMF URI of the element>|<message>}. */
    public static final String DATA_RELATED = "related";

    private final ModelMapper mapper = new ModelMapper();

    @Override
    protected List<EPackage> getEPackages() {
        return List.of(VmemPackage.eINSTANCE);
    }

    @Override
    public void register(EValidatorRegistrar registrar) {
        // Composed into VMemValidator; registering it on its own would run it twice.
    }

    @Check(CheckType.NORMAL)
    public void runEngine(Model model) {
        Resource resource = model.eResource();
        if (resource == null || !resource.getErrors().isEmpty()) {
            return;
        }
        Object cancel = getContext() == null ? null : getContext().get(CancelableDiagnostician.CANCEL_INDICATOR);
        var options = engineOptions(EngineOptions.defaults());
        if (cancel instanceof CancelIndicator indicator) {
            options = options.withCancellation(indicator::isCanceled);
        }
        Report report;
        try {
            report = Engine.run(mapper.map(model), options);
        } catch (RuntimeException e) {
            // An import that cannot be loaded (reported by the structural checks) or a cancelled
            // build: the structural issues must still reach the user.
            return;
        }
        analysed(resource, report);
        for (Finding f : report.findings()) {
            place(model, resource, f);
        }
    }

    /** The engine's options for a run; an editor adds its settings (the default kernel profile). */
    protected EngineOptions engineOptions(EngineOptions defaults) {
        return defaults;
    }

    /** Called with each complete report before its findings become issues (an editor keeps it for hovers). */
    protected void analysed(Resource resource, Report report) {
        // nothing to keep here
    }

    private void place(Model model, Resource resource, Finding f) {
        EObject element;
        var feature = (org.eclipse.emf.ecore.EStructuralFeature) null;
        int index = ValidationMessageAcceptor.INSIGNIFICANT_INDEX;
        if (f.origin() instanceof EObjectOrigin o && o.element().eResource() == resource) {
            element = o.element();
            feature = o.feature();
            index = o.index() < 0 ? ValidationMessageAcceptor.INSIGNIFICANT_INDEX : o.index();
        } else {
            // About an element of another file (or of no file): show it on this file's VM, if it has it.
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
