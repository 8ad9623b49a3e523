package dev.vmem.eclipse;

import dev.vmem.dsl.validation.VMemEngineValidator;
import org.eclipse.xtext.ide.editor.syntaxcoloring.ISemanticHighlightingCalculator;
import org.eclipse.xtext.service.AbstractGenericModule;

/** What the Eclipse editor changes in the language's services. */
public class VMemEclipseModule extends AbstractGenericModule {

    /** The engine adapter with the editor's settings (default kernel profile) that keeps the report for hovers. */
    public Class<? extends VMemEngineValidator> bindVMemEngineValidator() {
        return EclipseEngineValidator.class;
    }

    public Class<? extends ISemanticHighlightingCalculator> bindISemanticHighlightingCalculator() {
        return VMemSemanticHighlightingCalculator.class;
    }
}
