package dev.vmem.eclipse.quickfix;

import static dev.vmem.engine.report.Rule.*;

import dev.vmem.engine.report.Rule;

import static dev.vmem.dsl.vmem.VmemPackage.Literals.BACKING__FLAGS;
import static dev.vmem.dsl.vmem.VmemPackage.Literals.BACKING__KIND;
import static dev.vmem.dsl.vmem.VmemPackage.Literals.EXPECTATION__OUTCOME;
import static dev.vmem.dsl.vmem.VmemPackage.Literals.MAPPING__SHARING;
import static dev.vmem.dsl.vmem.VmemPackage.Literals.MMAP_OP__SHARING;
import static dev.vmem.dsl.vmem.VmemPackage.Literals.SLOT__FLAGS;
import static dev.vmem.dsl.vmem.VmemPackage.Literals.SLOT__USERSPACE;
import static dev.vmem.dsl.vmem.VmemPackage.Literals.SLOT__USERSPACE_OFFSET;

import dev.vmem.dsl.vmem.Backing;
import dev.vmem.dsl.vmem.BackingKind;
import dev.vmem.dsl.vmem.CpuidFeature;
import dev.vmem.dsl.vmem.CpuidSetting;
import dev.vmem.dsl.vmem.CpuidSign;
import dev.vmem.dsl.vmem.Kernel;
import dev.vmem.dsl.vmem.Mapping;
import dev.vmem.dsl.vmem.MmapOp;
import dev.vmem.dsl.vmem.Model;
import dev.vmem.dsl.vmem.NamedPatch;
import dev.vmem.dsl.vmem.PatchName;
import dev.vmem.dsl.vmem.Sharing;
import dev.vmem.dsl.vmem.Slot;
import dev.vmem.dsl.vmem.Step;
import dev.vmem.dsl.vmem.Vm;
import dev.vmem.dsl.vmem.VmKernel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;

/**
 * The quick fixes of VMem findings, keyed by rule code, computed on the parsed text (protocol-free:
 * edits are offsets into the text). The same fixes, with the same labels, as the language server's
 * code actions ({@code dev.vmem.server.lsp.VMemCodeActions}, which is bound to LSP4J types):
 * <ul>
 * <li>{@code pfncache-unmapped-pfn}: add {@code cpuid -kvmclock} to the VM; add {@code patch pfncache_gmem} to its kernel profile</li>
 * <li>findings about a memfd_secret backing: make it a guest_memfd with {@code mmap | init_shared | no_direct_map}
 *     and bind it to the slots that map it</li>
 * <li>{@code gmem-flag-unsupported}, {@code gmem-slot-flags}, {@code kernel-feature-missing} on a flag: drop the flag</li>
 * <li>{@code shared-mapping-required}: {@code map … shared}</li>
 * <li>{@code gmem-mmap-unsupported}: add the {@code mmap} flag</li>
 * <li>{@code expectation-failed}: set {@code expect} to the actual outcome</li>
 * </ul>
 */
public final class QuickFixes {

    /** Codes with at least one fix (some fixes apply only when the data allows). */
    public static final Set<String> CODES = codes(PFNCACHE_UNMAPPED_PFN, GUP_ON_SECRET_MEMORY, VCPU_MAP_UNMAPPED_PFN,
            SECRETMEM_GUP_FAST_BUG, MEMLOCK_EXCEEDED, HIBERNATION_BLOCKED, GMEM_FLAG_UNSUPPORTED, GMEM_SLOT_FLAGS,
            KERNEL_FEATURE_MISSING, SHARED_MAPPING_REQUIRED, GMEM_MMAP_UNSUPPORTED, EXPECTATION_FAILED);

    private static final Set<String> SECRETMEM_CODES = codes(GUP_ON_SECRET_MEMORY, PFNCACHE_UNMAPPED_PFN,
            VCPU_MAP_UNMAPPED_PFN, SECRETMEM_GUP_FAST_BUG, MEMLOCK_EXCEEDED, HIBERNATION_BLOCKED);

    private static Set<String> codes(Rule... rules) {
        return java.util.Arrays.stream(rules).map(Rule::code).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    private QuickFixes() {
    }

    /**
     * The fixes of a finding with {@code code} and {@code data} whose range starts at {@code offset}
     * of the text {@code resource} was parsed from.
     */
    public static List<Fix> fixes(XtextResource resource, String code, Map<String, String> data, int offset) {
        var fixes = new ArrayList<Fix>();
        if (code == null || resource.getParseResult() == null || !(resource.getContents().get(0) instanceof Model model)) {
            return fixes;
        }
        String text = resource.getParseResult().getRootNode().getText();
        EObject element = elementAt(resource, offset);
        Vm vm = vm(model, element, data);
        Rule rule = Rule.byCode(code).orElse(null);
        switch (rule == null ? ANALYSIS_INCOMPLETE : rule) { // a code that is not a rule has no fix here
            case PFNCACHE_UNMAPPED_PFN -> {
                hideKvmclock(vm, text).ifPresent(fixes::add);
                addPfncachePatch(vm, resource, text).ifPresent(fixes::add);
            }
            case GMEM_FLAG_UNSUPPORTED, GMEM_SLOT_FLAGS, KERNEL_FEATURE_MISSING ->
                dropFlag(element, data.get("flag")).ifPresent(fixes::add);
            case SHARED_MAPPING_REQUIRED -> mapShared(element, vm, data.get("backing")).ifPresent(fixes::add);
            case GMEM_MMAP_UNSUPPORTED -> addMmapFlag(backing(vm, element, data.get("backing"))).ifPresent(fixes::add);
            case EXPECTATION_FAILED -> setExpectation(element, data.get("actual")).ifPresent(fixes::add);
            default -> {
            }
        }
        if (SECRETMEM_CODES.contains(code)) {
            secretToGuestMemfd(vm, backing(vm, element, data.get("backing"))).ifPresent(fixes::add);
        }
        return fixes;
    }

    // ------------------------------------------------------------------ the fixes

    private static Optional<Fix> hideKvmclock(Vm vm, String text) {
        if (vm == null || vm.getMembers().stream().anyMatch(m -> m instanceof CpuidSetting c
                && c.getSign() == CpuidSign.REMOVE && c.getFeature() == CpuidFeature.KVMCLOCK)) {
            return Optional.empty();
        }
        return appendMember(vm, vm.getMembers(), "cpuid -kvmclock", text)
                .map(edit -> new Fix("Hide kvmclock from the guest: add 'cpuid -kvmclock' to vm " + vm.getName(), List.of(edit)));
    }

    private static Optional<Fix> addPfncachePatch(Vm vm, XtextResource resource, String text) {
        if (vm == null) {
            return Optional.empty();
        }
        VmKernel ref = EcoreUtil2.typeSelect(vm.getMembers(), VmKernel.class).stream().findFirst().orElse(null);
        if (ref == null || ref.getKernel() == null || ref.getKernel().eIsProxy() || ref.getKernel().eResource() != resource) {
            return Optional.empty(); // the built-in default, or a profile of another file
        }
        Kernel kernel = ref.getKernel();
        if (kernel.getSettings().stream().anyMatch(s -> s instanceof NamedPatch p && p.getPatch() == PatchName.PFNCACHE_GMEM)) {
            return Optional.empty();
        }
        return appendMember(kernel, kernel.getSettings(), "patch pfncache_gmem", text)
                .map(edit -> new Fix("Add 'patch pfncache_gmem' to kernel profile " + kernel.getName(), List.of(edit)));
    }

    private static Optional<Fix> secretToGuestMemfd(Vm vm, Backing backing) {
        if (vm == null || backing == null || backing.getKind() != BackingKind.MEMFD_SECRET) {
            return Optional.empty();
        }
        var edits = new ArrayList<TextEdit>();
        INode kind = single(backing, BACKING__KIND);
        ICompositeNode whole = NodeModelUtils.findActualNodeFor(backing);
        if (kind == null || whole == null) {
            return Optional.empty();
        }
        edits.add(new TextEdit(kind.getOffset(), kind.getLength(), "guest_memfd"));
        edits.add(new TextEdit(whole.getEndOffset(), 0, " flags mmap | init_shared | no_direct_map"));
        for (Slot slot : EcoreUtil2.typeSelect(vm.getMembers(), Slot.class)) {
            if (slot.getUserspace() == backing && slot.getGuestMemfd() == null) {
                INode after = single(slot, SLOT__USERSPACE_OFFSET);
                if (after == null) {
                    after = single(slot, SLOT__USERSPACE);
                }
                if (after != null) {
                    INode offset = single(slot, SLOT__USERSPACE_OFFSET);
                    edits.add(new TextEdit(after.getEndOffset(), 0, " guest_memfd " + backing.getName()
                            + (offset == null ? "" : " offset " + NodeModelUtils.getTokenText(offset))));
                }
            }
        }
        return Optional.of(new Fix("Turn memfd_secret backing " + backing.getName()
                + " into a guest_memfd with mmap | init_shared | no_direct_map, bound in its slots", edits));
    }

    private static Optional<Fix> dropFlag(EObject element, String flag) {
        if (flag == null) {
            return Optional.empty();
        }
        EObject owner = element;
        while (owner != null && !(owner instanceof Backing) && !(owner instanceof Slot)) {
            owner = owner.eContainer();
        }
        if (owner == null) {
            return Optional.empty();
        }
        EStructuralFeature feature = owner instanceof Backing ? BACKING__FLAGS : SLOT__FLAGS;
        List<INode> nodes = NodeModelUtils.findNodesForFeature(owner, feature);
        int index = -1;
        for (int i = 0; i < nodes.size(); i++) {
            if (NodeModelUtils.getTokenText(nodes.get(i)).equals(flag)) {
                index = i;
                break;
            }
        }
        if (index < 0) {
            return Optional.empty();
        }
        TextEdit edit;
        INode node = nodes.get(index);
        if (nodes.size() == 1) {
            ILeafNode keyword = previousVisibleLeaf(node);
            ILeafNode before = keyword == null ? null : previousVisibleLeaf(keyword);
            int start = before != null ? before.getEndOffset() : node.getOffset();
            edit = new TextEdit(start, node.getEndOffset() - start, "");
        } else if (index > 0) {
            int start = nodes.get(index - 1).getEndOffset();
            edit = new TextEdit(start, node.getEndOffset() - start, "");
        } else {
            edit = new TextEdit(node.getOffset(), nodes.get(1).getOffset() - node.getOffset(), "");
        }
        String ownerName = owner instanceof Backing b ? b.getName() : "slot " + ((Slot) owner).getId();
        return Optional.of(new Fix("Drop flag " + flag + " from " + ownerName, List.of(edit)));
    }

    private static Optional<Fix> mapShared(EObject element, Vm vm, String backingName) {
        EObject mapping = EcoreUtil2.getContainerOfType(element, Mapping.class);
        if (mapping == null) {
            mapping = EcoreUtil2.getContainerOfType(element, MmapOp.class);
        }
        if (mapping == null && vm != null && backingName != null) {
            mapping = EcoreUtil2.typeSelect(vm.getMembers(), Mapping.class).stream()
                    .filter(m -> m.getBacking() != null && backingName.equals(m.getBacking().getName())
                            && m.getSharing() == Sharing.PRIVATE)
                    .findFirst().orElse(null);
        }
        if (mapping == null) {
            return Optional.empty();
        }
        INode sharing = single(mapping, mapping instanceof Mapping ? MAPPING__SHARING : MMAP_OP__SHARING);
        if (sharing == null || !NodeModelUtils.getTokenText(sharing).equals("private")) {
            return Optional.empty();
        }
        return Optional.of(new Fix("Map it shared", List.of(new TextEdit(sharing.getOffset(), sharing.getLength(), "shared"))));
    }

    private static Optional<Fix> addMmapFlag(Backing backing) {
        if (backing == null || backing.getKind() != BackingKind.GUEST_MEMFD) {
            return Optional.empty();
        }
        List<INode> flags = NodeModelUtils.findNodesForFeature(backing, BACKING__FLAGS);
        TextEdit edit;
        if (flags.isEmpty()) {
            ICompositeNode whole = NodeModelUtils.findActualNodeFor(backing);
            if (whole == null) {
                return Optional.empty();
            }
            edit = new TextEdit(whole.getEndOffset(), 0, " flags mmap");
        } else {
            edit = new TextEdit(flags.get(0).getOffset(), 0, "mmap | ");
        }
        return Optional.of(new Fix("Add flag mmap to guest_memfd " + backing.getName(), List.of(edit)));
    }

    private static Optional<Fix> setExpectation(EObject element, String actual) {
        Step step = EcoreUtil2.getContainerOfType(element, Step.class);
        if (actual == null || step == null || step.getExpectation() == null) {
            return Optional.empty();
        }
        INode outcome = single(step.getExpectation(), EXPECTATION__OUTCOME);
        if (outcome == null) {
            return Optional.empty();
        }
        return Optional.of(new Fix("Expect " + actual + " (what the kernel does)",
                List.of(new TextEdit(outcome.getOffset(), outcome.getLength(), actual))));
    }

    // ------------------------------------------------------------------ helpers

    /** A new line after the last of {@code members} (or after the block's '{'), indented like its siblings. */
    private static Optional<TextEdit> appendMember(EObject block, List<? extends EObject> members, String line, String text) {
        ICompositeNode blockNode = NodeModelUtils.findActualNodeFor(block);
        if (blockNode == null) {
            return Optional.empty();
        }
        if (!members.isEmpty()) {
            ICompositeNode last = NodeModelUtils.findActualNodeFor(members.get(members.size() - 1));
            if (last != null) {
                return Optional.of(new TextEdit(last.getEndOffset(), 0, "\n" + indentation(text, last.getOffset()) + line));
            }
        }
        for (ILeafNode leaf : blockNode.getLeafNodes()) {
            if (leaf.getText().equals("{")) {
                String indent = indentation(text, blockNode.getOffset()) + "    ";
                return Optional.of(new TextEdit(leaf.getEndOffset(), 0, "\n" + indent + line));
            }
        }
        return Optional.empty();
    }

    private static String indentation(String text, int offset) {
        int lineStart = text.lastIndexOf('\n', Math.max(0, offset - 1)) + 1;
        int end = lineStart;
        while (end < text.length() && (text.charAt(end) == ' ' || text.charAt(end) == '\t')) {
            end++;
        }
        return text.substring(lineStart, end);
    }

    private static INode single(EObject element, EStructuralFeature feature) {
        List<INode> nodes = NodeModelUtils.findNodesForFeature(element, feature);
        return nodes.isEmpty() ? null : nodes.get(0);
    }

    private static ILeafNode previousVisibleLeaf(INode node) {
        ILeafNode result = null;
        for (ILeafNode leaf : node.getRootNode().getLeafNodes()) {
            if (leaf.getOffset() >= node.getOffset()) {
                break;
            }
            if (!leaf.isHidden()) {
                result = leaf;
            }
        }
        return result;
    }

    private static EObject elementAt(XtextResource resource, int offset) {
        ILeafNode leaf = NodeModelUtils.findLeafNodeAtOffset(resource.getParseResult().getRootNode(), offset);
        return leaf == null ? null : NodeModelUtils.findActualSemanticObjectFor(leaf);
    }

    private static Vm vm(Model model, EObject element, Map<String, String> data) {
        Vm vm = element == null ? null : EcoreUtil2.getContainerOfType(element, Vm.class);
        if (vm == null && data.get("vm") != null) {
            vm = EcoreUtil2.typeSelect(model.getDeclarations(), Vm.class).stream()
                    .filter(v -> data.get("vm").equals(v.getName())).findFirst().orElse(null);
        }
        return vm;
    }

    private static Backing backing(Vm vm, EObject element, String name) {
        Backing direct = element == null ? null : EcoreUtil2.getContainerOfType(element, Backing.class);
        if (direct != null && (name == null || name.equals(direct.getName()))) {
            return direct;
        }
        if (vm == null || name == null) {
            return direct;
        }
        return EcoreUtil2.typeSelect(vm.getMembers(), Backing.class).stream().filter(b -> name.equals(b.getName()))
                .findFirst().orElse(null);
    }
}
