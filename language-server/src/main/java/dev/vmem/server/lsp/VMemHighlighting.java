package dev.vmem.server.lsp;

import dev.vmem.dsl.vmem.Backing;
import dev.vmem.dsl.vmem.Device;
import dev.vmem.dsl.vmem.Kernel;
import dev.vmem.dsl.vmem.Scenario;
import dev.vmem.dsl.vmem.Vm;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.lsp4j.SemanticTokenModifiers;
import org.eclipse.lsp4j.SemanticTokenTypes;
import org.eclipse.xtext.AbstractRule;
import org.eclipse.xtext.Assignment;
import org.eclipse.xtext.CrossReference;
import org.eclipse.xtext.EnumLiteralDeclaration;
import org.eclipse.xtext.EnumRule;
import org.eclipse.xtext.GrammarUtil;
import org.eclipse.xtext.Keyword;
import org.eclipse.xtext.RuleCall;
import org.eclipse.xtext.TerminalRule;
import org.eclipse.xtext.ide.editor.syntaxcoloring.IHighlightedPositionAcceptor;
import org.eclipse.xtext.ide.editor.syntaxcoloring.ISemanticHighlightingCalculator;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;

/**
 * Semantic tokens. What a lexer cannot tell: a word is a name (declared here, or a reference) even
 * when it is spelled like a keyword ({@code memory shared: memfd 1GiB}), an enumeration value
 * ({@code memfd_secret}, {@code no_direct_map}, {@code efault}) differs from a keyword, and a size is
 * a number. Names get the type of what they name: kernel profiles {@code namespace}, VMs
 * {@code class}, backings {@code variable}, devices {@code property}, scenarios {@code function};
 * declarations carry the {@code declaration} modifier.
 */
public class VMemHighlighting implements ISemanticHighlightingCalculator {

    @Override
    public void provideHighlightingFor(XtextResource resource, IHighlightedPositionAcceptor acceptor,
            CancelIndicator cancel) {
        if (resource == null || resource.getParseResult() == null) {
            return;
        }
        for (ILeafNode leaf : resource.getParseResult().getRootNode().getLeafNodes()) {
            if (cancel != null && cancel.isCanceled()) {
                return;
            }
            if (leaf.isHidden() || leaf.getLength() == 0) {
                continue;
            }
            String[] ids = classify(leaf);
            if (ids != null) {
                acceptor.addPosition(leaf.getOffset(), leaf.getLength(), ids);
            }
        }
    }

    private static String[] classify(ILeafNode leaf) {
        EObject grammar = leaf.getGrammarElement();
        if (grammar instanceof EnumLiteralDeclaration || (grammar instanceof Keyword k
                && GrammarUtil.containingRule(k) instanceof EnumRule)) {
            return new String[] {SemanticTokenTypes.EnumMember};
        }
        // The nearest assignment above the leaf decides what it is.
        for (INode n = leaf; n != null; n = n.getParent()) {
            EObject g = n.getGrammarElement();
            if (g == null) {
                continue;
            }
            CrossReference ref = g instanceof CrossReference c ? c : GrammarUtil.containingCrossReference(g);
            Assignment a = GrammarUtil.containingAssignment(g);
            if (ref != null && a != null) {
                EObject owner = n.getSemanticElement();
                EReference feature = owner == null ? null
                        : (EReference) owner.eClass().getEStructuralFeature(a.getFeature());
                return new String[] {feature == null ? SemanticTokenTypes.Variable : type(feature.getEReferenceType())};
            }
            if (a != null) {
                if ("name".equals(a.getFeature())) {
                    EObject owner = n.getSemanticElement();
                    return new String[] {owner == null ? SemanticTokenTypes.Variable : type(owner.eClass()),
                            SemanticTokenModifiers.Declaration};
                }
                AbstractRule rule = a.getTerminal() instanceof RuleCall rc ? rc.getRule() : null;
                if (rule instanceof EnumRule) {
                    return new String[] {SemanticTokenTypes.EnumMember};
                }
                break;
            }
        }
        if (grammar instanceof Keyword) {
            return new String[] {SemanticTokenTypes.Keyword};
        }
        if (grammar instanceof RuleCall rc && rc.getRule() instanceof TerminalRule t) {
            return switch (t.getName()) {
                case "NUMBER", "VERSION" -> new String[] {SemanticTokenTypes.Number};
                case "STRING" -> new String[] {SemanticTokenTypes.String};
                default -> null;
            };
        }
        return null;
    }

    private static String type(EClass c) {
        if (c == null) {
            return SemanticTokenTypes.Variable;
        }
        Class<?> i = c.getInstanceClass();
        if (i == Kernel.class) {
            return SemanticTokenTypes.Namespace;
        }
        if (i == Vm.class) {
            return SemanticTokenTypes.Class;
        }
        if (i == Scenario.class) {
            return SemanticTokenTypes.Function;
        }
        if (i == Device.class) {
            return SemanticTokenTypes.Property;
        }
        if (i == Backing.class) {
            return SemanticTokenTypes.Variable;
        }
        return SemanticTokenTypes.Variable;
    }
}
