package dev.vmem.eclipse;

import org.eclipse.xtext.ide.editor.syntaxcoloring.ISemanticHighlightingCalculator;
import org.eclipse.xtext.service.AbstractGenericModule;

/** What the Eclipse editor changes in the language's services. */
public class VMemEclipseModule extends AbstractGenericModule {

    public Class<? extends ISemanticHighlightingCalculator> bindISemanticHighlightingCalculator() {
        return VMemSemanticHighlightingCalculator.class;
    }
}
