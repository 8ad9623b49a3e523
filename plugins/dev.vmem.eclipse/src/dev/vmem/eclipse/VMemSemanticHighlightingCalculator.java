package dev.vmem.eclipse;

import java.util.List;
import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EEnum;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.xtext.ide.editor.syntaxcoloring.IHighlightedPositionAcceptor;
import org.eclipse.xtext.ide.editor.syntaxcoloring.ISemanticHighlightingCalculator;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;

/**
 * Semantic styles, decided by the model rather than the lexer: declared names (a VM may be called
 * {@code tdx}, which the lexer sees as a keyword), references to kernels, VMs and backings, and
 * enumerated values (flags, VM types, outcomes), which the lexer cannot tell from structural keywords.
 * Protocol-free: the Eclipse editor maps the style ids to colours; an LSP server could map them to
 * semantic token types.
 */
public class VMemSemanticHighlightingCalculator implements ISemanticHighlightingCalculator {

    /** A declared name: kernel, VM, backing, device, scenario. */
    public static final String DECLARATION = "vmem.declaration";
    /** A reference to a declaration. */
    public static final String REFERENCE = "vmem.reference";
    /** An enumerated value: flag, VM type, arch, outcome, … */
    public static final String CONSTANT = "vmem.constant";

    @Override
    public void provideHighlightingFor(XtextResource resource, IHighlightedPositionAcceptor acceptor,
            CancelIndicator cancel) {
        if (resource == null || resource.getParseResult() == null) {
            return;
        }
        var contents = resource.getAllContents();
        while (contents.hasNext()) {
            if (cancel != null && cancel.isCanceled()) {
                return;
            }
            EObject object = contents.next();
            for (EStructuralFeature feature : object.eClass().getEAllStructuralFeatures()) {
                String style = style(feature);
                if (style == null || !object.eIsSet(feature)) {
                    continue;
                }
                List<INode> nodes = NodeModelUtils.findNodesForFeature(object, feature);
                for (INode node : nodes) {
                    acceptor.addPosition(node.getOffset(), node.getLength(), style);
                }
            }
        }
    }

    private static String style(EStructuralFeature feature) {
        if (feature instanceof EReference reference) {
            return reference.isContainment() ? null : REFERENCE;
        }
        if (feature instanceof EAttribute attribute) {
            if ("name".equals(attribute.getName())) {
                return DECLARATION;
            }
            if (attribute.getEAttributeType() instanceof EEnum) {
                return CONSTANT;
            }
        }
        return null;
    }
}
