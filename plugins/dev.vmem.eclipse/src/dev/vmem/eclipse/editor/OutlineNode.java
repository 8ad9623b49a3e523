package dev.vmem.eclipse.editor;

import dev.vmem.dsl.vmem.Backing;
import dev.vmem.dsl.vmem.Device;
import dev.vmem.dsl.vmem.Kernel;
import dev.vmem.dsl.vmem.Mapping;
import dev.vmem.dsl.vmem.Model;
import dev.vmem.dsl.vmem.Scenario;
import dev.vmem.dsl.vmem.Slot;
import dev.vmem.dsl.vmem.Step;
import dev.vmem.dsl.vmem.Vm;
import dev.vmem.dsl.vmem.VmMember;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;

/**
 * One entry of the outline, detached from EMF (built off the UI thread, shown on it): kernel
 * profiles, VMs with their backings, mappings, slots and devices, scenarios with their steps.
 *
 * @param kind     kernel, vm, memory, map, slot, device, scenario, step
 * @param label    the element's first line, e.g. {@code memory ram: guest_memfd 1GiB}
 * @param offset   start of the element
 * @param length   its length
 * @param children nested entries
 */
public record OutlineNode(String kind, String label, int offset, int length, List<OutlineNode> children) {

    public OutlineNode {
        children = List.copyOf(children);
    }

    public static List<OutlineNode> of(XtextResource resource) {
        var result = new ArrayList<OutlineNode>();
        if (resource == null || resource.getContents().isEmpty() || !(resource.getContents().get(0) instanceof Model model)) {
            return result;
        }
        for (EObject declaration : model.getDeclarations()) {
            var children = new ArrayList<OutlineNode>();
            String kind;
            if (declaration instanceof Kernel) {
                kind = "kernel";
            } else if (declaration instanceof Vm vm) {
                kind = "vm";
                for (VmMember member : vm.getMembers()) {
                    String memberKind = member instanceof Backing ? "memory" : member instanceof Mapping ? "map"
                            : member instanceof Slot ? "slot" : member instanceof Device ? "device" : null;
                    if (memberKind != null) {
                        node(member, memberKind, List.of()).ifPresent(children::add);
                    }
                }
            } else if (declaration instanceof Scenario scenario) {
                kind = "scenario";
                for (Step step : scenario.getSteps()) {
                    node(step, "step", List.of()).ifPresent(children::add);
                }
            } else {
                continue;
            }
            node(declaration, kind, children).ifPresent(result::add);
        }
        return result;
    }

    private static java.util.Optional<OutlineNode> node(EObject element, String kind, List<OutlineNode> children) {
        ICompositeNode node = NodeModelUtils.findActualNodeFor(element);
        if (node == null) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new OutlineNode(kind, firstLine(node), node.getOffset(), node.getLength(), children));
    }

    private static String firstLine(ICompositeNode node) {
        var text = new StringBuilder();
        for (ILeafNode leaf : node.getLeafNodes()) {
            if (leaf.isHidden()) {
                continue;
            }
            if (leaf.getStartLine() != node.getStartLine() || leaf.getText().equals("{")) {
                break;
            }
            if (text.length() > 0 && !leaf.getText().equals(":") && !leaf.getText().equals(",")) {
                text.append(' ');
            }
            text.append(leaf.getText());
            if (text.length() > 80) {
                return text.substring(0, 80) + "…";
            }
        }
        return text.toString();
    }
}
