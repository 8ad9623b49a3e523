package dev.vmem.editor.outline;

import dev.vmem.dsl.analysis.Checker;
import dev.vmem.dsl.mapping.EObjectOrigin;
import dev.vmem.dsl.vmem.Backing;
import dev.vmem.dsl.vmem.Declaration;
import dev.vmem.dsl.vmem.Device;
import dev.vmem.dsl.vmem.Kernel;
import dev.vmem.dsl.vmem.Mapping;
import dev.vmem.dsl.vmem.Model;
import dev.vmem.dsl.vmem.Scenario;
import dev.vmem.dsl.vmem.Slot;
import dev.vmem.dsl.vmem.Step;
import dev.vmem.dsl.vmem.VersionSetting;
import dev.vmem.dsl.vmem.Vm;
import dev.vmem.dsl.vmem.VmMember;
import dev.vmem.dsl.vmem.VmemPackage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;

/**
 * The outline of a file, the same in every editor: kernel profiles; VMs with their backings, mappings,
 * slots and devices; scenarios with their steps. Elements without a name are named by what identifies
 * them ("slot 0", "map ram", "step 2"). Plain data, detached from EMF: an editor builds it off its UI
 * thread and converts it (LSP document symbols, an Eclipse tree).
 */
public final class Outline {

    /** What an entry is. */
    public enum Kind {
        KERNEL, VM, BACKING, MAPPING, SLOT, DEVICE, SCENARIO, STEP
    }

    /**
     * One entry.
     *
     * @param kind            what it is
     * @param name            its name, or what identifies it ("slot 0", "map ram", "step 2")
     * @param detail          more about it (a kernel's version, a backing's kind and size, a step's operation)
     * @param label           the element's first line as written, e.g. {@code memory ram: guest_memfd 1GiB}
     * @param offset          start of the element
     * @param length          its length
     * @param selectionOffset start of its name (the element's start when it has none)
     * @param selectionLength length of its name
     * @param children        nested entries
     */
    public record Entry(Kind kind, String name, String detail, String label, int offset, int length,
            int selectionOffset, int selectionLength, List<Entry> children) {
        public Entry {
            children = List.copyOf(children);
        }
    }

    private Outline() {
    }

    /** The outline of the file {@code resource} holds (empty when it has no model). */
    public static List<Entry> of(XtextResource resource) {
        var out = new ArrayList<Entry>();
        if (resource == null || resource.getContents().isEmpty() || !(resource.getContents().get(0) instanceof Model model)) {
            return out;
        }
        for (Declaration d : model.getDeclarations()) {
            if (d.getName() == null) {
                continue;
            }
            if (d instanceof Kernel k) {
                VersionSetting v = EcoreUtil2.typeSelect(k.getSettings(), VersionSetting.class).stream().findFirst()
                        .orElse(null);
                entry(k, Kind.KERNEL, k.getName(), "kernel" + (v == null || v.getVersion() == null ? "" : " " + v.getVersion()),
                        List.of()).ifPresent(out::add);
            } else if (d instanceof Vm vm) {
                var children = new ArrayList<Entry>();
                for (VmMember m : vm.getMembers()) {
                    if (m instanceof Backing b && b.getName() != null) {
                        entry(b, Kind.BACKING, b.getName(), source(b, 2), List.of()).ifPresent(children::add);
                    } else if (m instanceof Mapping map) {
                        List<INode> backing = NodeModelUtils.findNodesForFeature(map, VmemPackage.Literals.MAPPING__BACKING);
                        if (!backing.isEmpty()) {
                            entry(map, Kind.MAPPING, "map " + NodeModelUtils.getTokenText(backing.get(0)), source(map, 2),
                                    List.of()).ifPresent(children::add);
                        }
                    } else if (m instanceof Slot slot && slot.getId() != null) {
                        entry(slot, Kind.SLOT, "slot " + Long.toUnsignedString(slot.getId()), source(slot, 2), List.of())
                                .ifPresent(children::add);
                    } else if (m instanceof Device dev && dev.getName() != null) {
                        entry(dev, Kind.DEVICE, dev.getName(), source(dev, 2), List.of()).ifPresent(children::add);
                    }
                }
                entry(vm, Kind.VM, vm.getName(), "vm", children).ifPresent(out::add);
            } else if (d instanceof Scenario sc) {
                var children = new ArrayList<Entry>();
                int i = 1;
                for (Step step : sc.getSteps()) {
                    entry(step, Kind.STEP, "step " + i++, step.getOperation() == null ? "" : source(step.getOperation(), 0),
                            List.of()).ifPresent(children::add);
                }
                entry(sc, Kind.SCENARIO, sc.getName(),
                        "scenario" + (sc.getVm() != null && !sc.getVm().eIsProxy() ? " of vm " + sc.getVm().getName() : ""),
                        children).ifPresent(out::add);
            }
        }
        return out;
    }

    private static Optional<Entry> entry(EObject element, Kind kind, String name, String detail, List<Entry> children) {
        ICompositeNode node = NodeModelUtils.findActualNodeFor(element);
        if (node == null) {
            return Optional.empty();
        }
        INode selection = Checker.nameNode(element).orElse(node);
        if (selection.getOffset() < node.getOffset() || selection.getEndOffset() > node.getEndOffset()) {
            selection = node;
        }
        return Optional.of(new Entry(kind, name, detail, firstLine(node), node.getOffset(), node.getLength(),
                selection.getOffset(), selection.getLength(), children));
    }

    /** The element's text, white space collapsed, without its first {@code skip} tokens, at most 80 characters. */
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

    /** The tokens of the element's first line (up to a '{'), at most 80 characters. */
    private static String firstLine(ICompositeNode node) {
        return EObjectOrigin.firstLineTokens(node, 80);
    }
}
