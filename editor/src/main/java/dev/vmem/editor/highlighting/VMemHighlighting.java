package dev.vmem.editor.highlighting;

import dev.vmem.dsl.vmem.Backing;
import dev.vmem.dsl.vmem.Device;
import dev.vmem.dsl.vmem.Kernel;
import dev.vmem.dsl.vmem.Scenario;
import dev.vmem.dsl.vmem.Vm;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
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
 * declarations carry the {@code declaration} modifier. The ids are {@link Tokens}: the first a token
 * type, the rest modifiers, spelled as LSP spells them (the language server passes them on as they
 * are; Eclipse maps them to styles). Bound in the ide module, so every editor highlights the same.
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
            return new String[] {Tokens.ENUM_MEMBER};
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
                return new String[] {feature == null ? Tokens.VARIABLE : type(feature.getEReferenceType())};
            }
            if (a != null) {
                if ("name".equals(a.getFeature())) {
                    EObject owner = n.getSemanticElement();
                    return new String[] {owner == null ? Tokens.VARIABLE : type(owner.eClass()),
                            Tokens.DECLARATION};
                }
                AbstractRule rule = a.getTerminal() instanceof RuleCall rc ? rc.getRule() : null;
                if (rule instanceof EnumRule) {
                    return new String[] {Tokens.ENUM_MEMBER};
                }
                break;
            }
        }
        if (grammar instanceof Keyword) {
            return new String[] {Tokens.KEYWORD};
        }
        if (grammar instanceof RuleCall rc && rc.getRule() instanceof TerminalRule t) {
            return switch (t.getName()) {
                case "NUMBER", "VERSION" -> new String[] {Tokens.NUMBER};
                case "STRING" -> new String[] {Tokens.STRING};
                default -> null;
            };
        }
        return null;
    }

    private static String type(EClass c) {
        if (c == null) {
            return Tokens.VARIABLE;
        }
        Class<?> i = c.getInstanceClass();
        if (i == Kernel.class) {
            return Tokens.NAMESPACE;
        }
        if (i == Vm.class) {
            return Tokens.CLASS;
        }
        if (i == Scenario.class) {
            return Tokens.FUNCTION;
        }
        if (i == Device.class) {
            return Tokens.PROPERTY;
        }
        if (i == Backing.class) {
            return Tokens.VARIABLE;
        }
        return Tokens.VARIABLE;
    }
}
