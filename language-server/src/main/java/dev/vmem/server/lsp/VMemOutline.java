package dev.vmem.server.lsp;

import dev.vmem.dsl.vmem.Backing;
import dev.vmem.dsl.vmem.Declaration;
import dev.vmem.dsl.vmem.Device;
import dev.vmem.dsl.vmem.Kernel;
import dev.vmem.dsl.vmem.Model;
import dev.vmem.dsl.vmem.Scenario;
import dev.vmem.dsl.vmem.Slot;
import dev.vmem.dsl.vmem.Step;
import dev.vmem.dsl.vmem.VersionSetting;
import dev.vmem.dsl.vmem.Vm;
import dev.vmem.dsl.vmem.VmMember;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.SymbolKind;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.ide.server.symbol.HierarchicalDocumentSymbolService;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;

/**
 * The outline: kernel profiles; VMs with their backings, slots and devices; scenarios with their steps.
 * Elements without a name (slots, steps) are named by what identifies them ("slot 0", "step 2").
 */
public class VMemOutline extends HierarchicalDocumentSymbolService {

    @Override
    public List<DocumentSymbol> getSymbols(XtextResource resource, CancelIndicator cancel) {
        if (resource.getContents().isEmpty() || !(resource.getContents().get(0) instanceof Model model)) {
            return List.of();
        }
        var text = TextPositions.of(resource);
        var symbols = new ArrayList<DocumentSymbol>();
        for (Declaration d : model.getDeclarations()) {
            if (d.getName() == null) {
                continue;
            }
            if (d instanceof Kernel k) {
                VersionSetting v = EcoreUtil2.typeSelect(k.getSettings(), VersionSetting.class).stream().findFirst()
                        .orElse(null);
                add(symbols, text, k, k.getName(), SymbolKind.Namespace,
                        "kernel" + (v == null || v.getVersion() == null ? "" : " " + v.getVersion()));
            } else if (d instanceof Vm vm) {
                DocumentSymbol s = add(symbols, text, vm, vm.getName(), SymbolKind.Class, "vm");
                if (s != null) {
                    for (VmMember m : vm.getMembers()) {
                        if (m instanceof Backing b && b.getName() != null) {
                            add(s.getChildren(), text, b, b.getName(), SymbolKind.Variable, source(b, 2));
                        } else if (m instanceof Slot slot && slot.getId() != null) {
                            add(s.getChildren(), text, slot, "slot " + Long.toUnsignedString(slot.getId()),
                                    SymbolKind.Struct, source(slot, 2));
                        } else if (m instanceof Device dev && dev.getName() != null) {
                            add(s.getChildren(), text, dev, dev.getName(), SymbolKind.Property, source(dev, 2));
                        }
                    }
                }
            } else if (d instanceof Scenario sc) {
                DocumentSymbol s = add(symbols, text, sc, sc.getName(), SymbolKind.Function,
                        "scenario" + (sc.getVm() != null && !sc.getVm().eIsProxy() ? " of vm " + sc.getVm().getName() : ""));
                if (s != null) {
                    int i = 1;
                    for (Step step : sc.getSteps()) {
                        add(s.getChildren(), text, step, "step " + i++, SymbolKind.Event,
                                step.getOperation() == null ? "" : source(step.getOperation(), 0));
                    }
                }
            }
        }
        return symbols;
    }

    private static DocumentSymbol add(List<DocumentSymbol> into, TextPositions text, EObject element, String name,
            SymbolKind kind, String detail) {
        INode node = NodeModelUtils.findActualNodeFor(element);
        if (node == null) {
            return null;
        }
        INode selection = Analysis.nameNode(element).orElse(node);
        if (selection.getOffset() < node.getOffset() || selection.getEndOffset() > node.getEndOffset()) {
            selection = node;
        }
        var symbol = new DocumentSymbol(name, kind, text.range(node), text.range(selection), detail, new ArrayList<>());
        into.add(symbol);
        return symbol;
    }

    /** The element's text, whitespace collapsed, without its first {@code skip} tokens. */
    private static String source(EObject element, int skip) {
        INode node = NodeModelUtils.findActualNodeFor(element);
        if (node == null) {
            return "";
        }
        String[] words = NodeModelUtils.getTokenText(node).trim().split("\\s+");
        var out = new StringBuilder();
        for (int i = Math.min(skip, words.length); i < words.length; i++) {
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(words[i]);
        }
        String s = out.toString();
        return s.length() > 80 ? s.substring(0, 79) + "…" : s;
    }
}
