package dev.vmem.editor.fix;

import static dev.vmem.dsl.vmem.VmemPackage.Literals.BACKING__FLAGS;
import static dev.vmem.dsl.vmem.VmemPackage.Literals.BACKING__KIND;
import static dev.vmem.dsl.vmem.VmemPackage.Literals.BACKING__SIZE;
import static dev.vmem.dsl.vmem.VmemPackage.Literals.EXPECTATION__OUTCOME;
import static dev.vmem.dsl.vmem.VmemPackage.Literals.MAPPING__SHARING;
import static dev.vmem.dsl.vmem.VmemPackage.Literals.MMAP_OP__SHARING;
import static dev.vmem.dsl.vmem.VmemPackage.Literals.SLOT__FLAGS;
import static dev.vmem.dsl.vmem.VmemPackage.Literals.SLOT__USERSPACE;
import static dev.vmem.dsl.vmem.VmemPackage.Literals.SLOT__USERSPACE_OFFSET;
import static dev.vmem.engine.report.Rule.EXPECTATION_FAILED;
import static dev.vmem.engine.report.Rule.GMEM_FLAG_UNSUPPORTED;
import static dev.vmem.engine.report.Rule.GMEM_MMAP_UNSUPPORTED;
import static dev.vmem.engine.report.Rule.GMEM_SLOT_FLAGS;
import static dev.vmem.engine.report.Rule.GUP_ON_SECRET_MEMORY;
import static dev.vmem.engine.report.Rule.HIBERNATION_BLOCKED;
import static dev.vmem.engine.report.Rule.KERNEL_FEATURE_MISSING;
import static dev.vmem.engine.report.Rule.MEMLOCK_EXCEEDED;
import static dev.vmem.engine.report.Rule.PFNCACHE_UNMAPPED_PFN;
import static dev.vmem.engine.report.Rule.SECRETMEM_GUP_FAST_BUG;
import static dev.vmem.engine.report.Rule.SHARED_MAPPING_REQUIRED;
import static dev.vmem.engine.report.Rule.SNP_NO_DIRECT_MAP_GMEM;
import static dev.vmem.engine.report.Rule.TD_NO_DIRECT_MAP_GMEM;
import static dev.vmem.engine.report.Rule.VCPU_MAP_UNMAPPED_PFN;

import dev.vmem.dsl.mapping.EObjectOrigin;
import dev.vmem.dsl.scoping.VMemScopeProvider;
import dev.vmem.dsl.text.LineIndex;
import dev.vmem.dsl.vmem.Backing;
import dev.vmem.dsl.vmem.BackingKind;
import dev.vmem.dsl.vmem.ClockSetting;
import dev.vmem.dsl.vmem.CpuidFeature;
import dev.vmem.dsl.vmem.CpuidSetting;
import dev.vmem.dsl.vmem.CpuidSign;
import dev.vmem.dsl.vmem.Expectation;
import dev.vmem.dsl.vmem.Kernel;
import dev.vmem.dsl.vmem.Mapping;
import dev.vmem.dsl.vmem.MmapOp;
import dev.vmem.dsl.vmem.Model;
import dev.vmem.dsl.vmem.NamedPatch;
import dev.vmem.dsl.vmem.PatchName;
import dev.vmem.dsl.vmem.Slot;
import dev.vmem.dsl.vmem.Step;
import dev.vmem.dsl.vmem.Vm;
import dev.vmem.dsl.vmem.VmKernel;
import dev.vmem.engine.report.Finding;
import dev.vmem.engine.report.Related;
import dev.vmem.engine.report.Rule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;

/**
 * The quick fixes of VMem findings, keyed by rule code, computed on the parsed text; protocol-free:
 * edits are offsets into a resource's text. The language server turns them into code actions, Eclipse
 * into marker resolutions; both offer the same fixes with the same labels.
 *
 * <table>
 * <tr><th>code</th><th>fixes</th></tr>
 * <tr><td>pfncache-unmapped-pfn</td><td>add {@code cpuid -kvmclock} to the VM; add {@code patch pfncache_gmem}
 *     to its kernel profile (also in an imported file); on a memfd_secret backing, also the conversion below</td></tr>
 * <tr><td>gup-on-secret-memory, vcpu-map-unmapped-pfn, secretmem-gup-fast-bug, memlock-exceeded,
 *     hibernation-blocked</td><td>turn the memfd_secret backing into
 *     {@code guest_memfd SIZE flags mmap | init_shared | no_direct_map} and bind it in its slots</td></tr>
 * <tr><td>gmem-flag-unsupported, gmem-slot-flags, kernel-feature-missing (on a flag), td-no-direct-map-gmem,
 *     snp-no-direct-map-gmem</td><td>drop the flag (of a backing or a slot)</td></tr>
 * <tr><td>shared-mapping-required</td><td>map it shared</td></tr>
 * <tr><td>gmem-mmap-unsupported</td><td>add the {@code mmap} flag to the guest_memfd</td></tr>
 * <tr><td>expectation-failed</td><td>expect what the kernel does</td></tr>
 * </table>
 *
 * The data a fix reads is the finding's data ({@code flag}, {@code backing}, {@code actual}), {@code vm},
 * and {@link #SECRET_BACKING} ({@link #secretBacking(Finding)}), as the editors keep them with their
 * diagnostics or markers.
 */
public final class QuickFixes {

    /** The data key of the memfd_secret backing a finding is about. */
    public static final String SECRET_BACKING = "secretBacking";

    /** Codes with at least one fix (some fixes apply only when the text and data allow). */
    public static final Set<String> CODES = codes(PFNCACHE_UNMAPPED_PFN, GUP_ON_SECRET_MEMORY, VCPU_MAP_UNMAPPED_PFN,
            SECRETMEM_GUP_FAST_BUG, MEMLOCK_EXCEEDED, HIBERNATION_BLOCKED, GMEM_FLAG_UNSUPPORTED, GMEM_SLOT_FLAGS,
            KERNEL_FEATURE_MISSING, TD_NO_DIRECT_MAP_GMEM, SNP_NO_DIRECT_MAP_GMEM, SHARED_MAPPING_REQUIRED,
            GMEM_MMAP_UNSUPPORTED, EXPECTATION_FAILED);

    private static final Set<String> SECRETMEM_CODES = codes(PFNCACHE_UNMAPPED_PFN, GUP_ON_SECRET_MEMORY,
            VCPU_MAP_UNMAPPED_PFN, SECRETMEM_GUP_FAST_BUG, MEMLOCK_EXCEEDED, HIBERNATION_BLOCKED);

    private QuickFixes() {
    }

    private static Set<String> codes(Rule... rules) {
        return Arrays.stream(rules).map(Rule::code).collect(Collectors.toUnmodifiableSet());
    }

    /** The memfd_secret backing a finding is about (a related element first, else its origin). */
    public static Optional<String> secretBacking(Finding f) {
        for (Related r : f.related()) {
            if (r.origin() instanceof EObjectOrigin o && o.element() instanceof Backing b
                    && b.getKind() == BackingKind.MEMFD_SECRET) {
                return Optional.of(b.getName());
            }
        }
        return f.origin() instanceof EObjectOrigin o && o.element() instanceof Backing b
                && b.getKind() == BackingKind.MEMFD_SECRET ? Optional.of(b.getName()) : Optional.empty();
    }

    /**
     * The fixes of a finding with {@code code} and {@code data} whose place starts at {@code offset} of
     * the text {@code resource} was parsed from.
     */
    public static List<Fix> fixes(XtextResource resource, String code, Map<String, String> data, int offset) {
        var fixes = new ArrayList<Fix>();
        if (code == null || !CODES.contains(code) || resource.getParseResult() == null
                || resource.getContents().isEmpty() || !(resource.getContents().get(0) instanceof Model model)) {
            return fixes;
        }
        EObject at = elementAt(resource, offset);
        Vm vm = vm(model, at, data.get("vm"));
        switch (Rule.byCode(code).orElseThrow()) {
            case PFNCACHE_UNMAPPED_PFN -> {
                if (vm != null) {
                    hideKvmclock(vm).ifPresent(fixes::add);
                    pfncachePatch(vm).ifPresent(fixes::add);
                }
            }
            case GMEM_FLAG_UNSUPPORTED, GMEM_SLOT_FLAGS, KERNEL_FEATURE_MISSING, TD_NO_DIRECT_MAP_GMEM,
                    SNP_NO_DIRECT_MAP_GMEM -> dropFlag(at, data.get("flag"), offset).ifPresent(fixes::add);
            case SHARED_MAPPING_REQUIRED -> mapShared(at, vm, data.get("backing")).ifPresent(fixes::add);
            case GMEM_MMAP_UNSUPPORTED -> addMmapFlag(at, vm, data.get("backing")).ifPresent(fixes::add);
            case EXPECTATION_FAILED -> expectActual(at, data.get("actual")).ifPresent(fixes::add);
            default -> {
            }
        }
        if (SECRETMEM_CODES.contains(code) && vm != null) {
            String name = data.getOrDefault(SECRET_BACKING, data.get("backing"));
            secretBacking(vm, at, name).flatMap(QuickFixes::toGuestMemfd).ifPresent(fixes::add);
        }
        return fixes;
    }

    // ---- pfncache ------------------------------------------------------------------------------

    private static Optional<Fix> hideKvmclock(Vm vm) {
        boolean hidden = EcoreUtil2.typeSelect(vm.getMembers(), CpuidSetting.class).stream()
                .anyMatch(c -> c.getSign() == CpuidSign.REMOVE && c.getFeature() == CpuidFeature.KVMCLOCK);
        if (hidden) {
            return Optional.empty();
        }
        EObject anchor = EcoreUtil2.typeSelect(vm.getMembers(), ClockSetting.class).stream().findFirst()
                .map(EObject.class::cast).orElse(vm.getMembers().isEmpty() ? null : vm.getMembers().get(vm.getMembers().size() - 1));
        return addLine(vm, anchor, "cpuid -kvmclock")
                .map(e -> new Fix("Hide kvmclock from the guest: add 'cpuid -kvmclock' to vm " + vm.getName(), List.of(e)));
    }

    private static Optional<Fix> pfncachePatch(Vm vm) {
        Optional<Kernel> kernel = EcoreUtil2.typeSelect(vm.getMembers(), VmKernel.class).stream().findFirst()
                .map(VmKernel::getKernel).filter(k -> k != null && !k.eIsProxy());
        if (kernel.isEmpty()) {
            return Optional.empty(); // the built-in default
        }
        Kernel k = kernel.get();
        boolean patched = EcoreUtil2.typeSelect(k.getSettings(), NamedPatch.class).stream()
                .anyMatch(p -> p.getPatch() == PatchName.PFNCACHE_GMEM);
        if (patched) {
            return Optional.empty();
        }
        EObject anchor = k.getSettings().isEmpty() ? null : k.getSettings().get(k.getSettings().size() - 1);
        return addLine(k, anchor, "patch pfncache_gmem")
                .map(e -> new Fix("Add 'patch pfncache_gmem' to kernel profile " + k.getName(), List.of(e)));
    }

    // ---- memfd_secret to guest_memfd ------------------------------------------------------------

    /** The memfd_secret backing: the one at the finding if it is one, else the VM's named {@code name} (or its first). */
    private static Optional<Backing> secretBacking(Vm vm, EObject at, String name) {
        Backing direct = at == null ? null : EcoreUtil2.getContainerOfType(at, Backing.class);
        if (direct != null && direct.getKind() == BackingKind.MEMFD_SECRET && (name == null || name.equals(direct.getName()))) {
            return Optional.of(direct);
        }
        return EcoreUtil2.typeSelect(vm.getMembers(), Backing.class).stream()
                .filter(b -> b.getKind() == BackingKind.MEMFD_SECRET)
                .filter(b -> name == null || name.equals(b.getName())).findFirst();
    }

    private static Optional<Fix> toGuestMemfd(Backing backing) {
        List<INode> kind = NodeModelUtils.findNodesForFeature(backing, BACKING__KIND);
        List<INode> size = NodeModelUtils.findNodesForFeature(backing, BACKING__SIZE);
        INode whole = NodeModelUtils.findActualNodeFor(backing);
        if (kind.isEmpty() || size.isEmpty() || whole == null) {
            return Optional.empty();
        }
        var edits = new ArrayList<Edit>();
        edits.add(replace(backing, kind.get(0).getOffset(), whole.getEndOffset(),
                "guest_memfd " + NodeModelUtils.getTokenText(size.get(0)) + " flags mmap | init_shared | no_direct_map"));
        Vm vm = EcoreUtil2.getContainerOfType(backing, Vm.class);
        for (Slot slot : EcoreUtil2.typeSelect(vm.getMembers(), Slot.class)) {
            if (slot.getUserspace() != backing || slot.getGuestMemfd() != null) {
                continue;
            }
            List<INode> offset = NodeModelUtils.findNodesForFeature(slot, SLOT__USERSPACE_OFFSET);
            List<INode> userspace = NodeModelUtils.findNodesForFeature(slot, SLOT__USERSPACE);
            INode after = !offset.isEmpty() ? offset.get(0) : userspace.isEmpty() ? null : userspace.get(0);
            if (after == null) {
                continue;
            }
            edits.add(replace(slot, after.getEndOffset(), after.getEndOffset(), " guest_memfd " + backing.getName()
                    + (offset.isEmpty() ? "" : " offset " + NodeModelUtils.getTokenText(offset.get(0)))));
        }
        return Optional.of(new Fix("Turn memfd_secret backing " + backing.getName()
                + " into a guest_memfd with mmap | init_shared | no_direct_map, bound in its slots", edits));
    }

    // ---- flags, sharing, expectations ----------------------------------------------------------

    /** Drops the flag named {@code flag} (else the one at {@code offset}) of the backing or slot at the finding. */
    private static Optional<Fix> dropFlag(EObject at, String flag, int offset) {
        EObject owner = at;
        while (owner != null && !(owner instanceof Backing) && !(owner instanceof Slot)) {
            owner = owner.eContainer();
        }
        if (owner == null) {
            return Optional.empty();
        }
        List<INode> flags = NodeModelUtils.findNodesForFeature(owner, owner instanceof Backing ? BACKING__FLAGS : SLOT__FLAGS);
        int i = flag == null ? flags.size() : 0;
        while (i < flags.size() && !NodeModelUtils.getTokenText(flags.get(i)).equals(flag)) {
            i++;
        }
        if (i == flags.size()) {
            i = 0;
            while (i < flags.size() && !(flags.get(i).getOffset() <= offset && offset <= flags.get(i).getEndOffset())) {
                i++;
            }
        }
        if (i == flags.size()) {
            return Optional.empty();
        }
        INode node = flags.get(i);
        int start;
        int end;
        if (flags.size() == 1) {
            INode keyword = previousToken(node); // 'flags'
            INode before = keyword == null ? null : previousToken(keyword);
            start = before == null ? node.getOffset() : before.getEndOffset();
            end = node.getEndOffset();
        } else if (i == 0) {
            start = node.getOffset();
            end = flags.get(1).getOffset();
        } else {
            start = flags.get(i - 1).getEndOffset();
            end = node.getEndOffset();
        }
        String ownerName = owner instanceof Backing b ? b.getName() : "slot " + ((Slot) owner).getId();
        return Optional.of(new Fix("Drop flag " + NodeModelUtils.getTokenText(node) + " from " + ownerName,
                List.of(replace(owner, start, end, ""))));
    }

    private static Optional<Fix> mapShared(EObject at, Vm vm, String backingName) {
        EObject owner = EcoreUtil2.getContainerOfType(at, Mapping.class);
        if (owner == null) {
            owner = EcoreUtil2.getContainerOfType(at, MmapOp.class);
        }
        if (owner == null && vm != null && backingName != null) {
            owner = EcoreUtil2.typeSelect(vm.getMembers(), Mapping.class).stream()
                    .filter(m -> m.getBacking() != null && backingName.equals(m.getBacking().getName())
                            && m.getSharing() == dev.vmem.dsl.vmem.Sharing.PRIVATE)
                    .findFirst().orElse(null);
        }
        if (owner == null) {
            return Optional.empty();
        }
        List<INode> nodes = NodeModelUtils.findNodesForFeature(owner, owner instanceof Mapping ? MAPPING__SHARING : MMAP_OP__SHARING);
        if (nodes.isEmpty() || NodeModelUtils.getTokenText(nodes.get(0)).equals("shared")) {
            return Optional.empty();
        }
        return Optional.of(new Fix("Map it shared",
                List.of(replace(owner, nodes.get(0).getOffset(), nodes.get(0).getEndOffset(), "shared"))));
    }

    private static Optional<Fix> addMmapFlag(EObject at, Vm vm, String backingName) {
        Backing backing;
        Mapping map = EcoreUtil2.getContainerOfType(at, Mapping.class);
        if (map != null) {
            backing = map.getBacking();
        } else {
            MmapOp op = EcoreUtil2.getContainerOfType(at, MmapOp.class);
            backing = op == null ? EcoreUtil2.getContainerOfType(at, Backing.class) : op.getBacking();
        }
        if (backing == null && vm != null && backingName != null) {
            backing = EcoreUtil2.typeSelect(vm.getMembers(), Backing.class).stream()
                    .filter(b -> backingName.equals(b.getName())).findFirst().orElse(null);
        }
        if (backing == null || backing.eIsProxy() || backing.getKind() != BackingKind.GUEST_MEMFD) {
            return Optional.empty();
        }
        List<INode> flags = NodeModelUtils.findNodesForFeature(backing, BACKING__FLAGS);
        Edit edit;
        if (flags.isEmpty()) {
            INode whole = NodeModelUtils.findActualNodeFor(backing);
            if (whole == null) {
                return Optional.empty();
            }
            edit = replace(backing, whole.getEndOffset(), whole.getEndOffset(), " flags mmap");
        } else {
            edit = replace(backing, flags.get(0).getOffset(), flags.get(0).getOffset(), "mmap | ");
        }
        return Optional.of(new Fix("Add flag mmap to guest_memfd " + backing.getName(), List.of(edit)));
    }

    private static Optional<Fix> expectActual(EObject at, String actual) {
        Expectation expectation = EcoreUtil2.getContainerOfType(at, Expectation.class);
        if (expectation == null) {
            Step step = EcoreUtil2.getContainerOfType(at, Step.class);
            expectation = step == null ? null : step.getExpectation();
        }
        if (actual == null || expectation == null) {
            return Optional.empty();
        }
        List<INode> nodes = NodeModelUtils.findNodesForFeature(expectation, EXPECTATION__OUTCOME);
        if (nodes.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Fix("Expect " + actual + " (what the kernel does)",
                List.of(replace(expectation, nodes.get(0).getOffset(), nodes.get(0).getEndOffset(), actual))));
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static EObject elementAt(XtextResource resource, int offset) {
        ILeafNode leaf = NodeModelUtils.findLeafNodeAtOffset(resource.getParseResult().getRootNode(), offset);
        return leaf == null ? null : NodeModelUtils.findActualSemanticObjectFor(leaf);
    }

    /** The VM a finding is about: the one it stands in, a scenario's, else the one named in the data. */
    private static Vm vm(Model model, EObject at, String name) {
        Vm vm = at == null ? null : at instanceof Vm v ? v : VMemScopeProvider.vmOf(at);
        if (vm == null && name != null) {
            vm = EcoreUtil2.typeSelect(model.getDeclarations(), Vm.class).stream()
                    .filter(v -> name.equals(v.getName())).findFirst().orElse(null);
        }
        return vm;
    }

    private static Edit replace(EObject in, int start, int end, String text) {
        return new Edit(in.eResource(), start, end - start, text);
    }

    /** A new line inside a block: after {@code anchor} at its indentation, or before the closing brace. */
    private static Optional<Edit> addLine(EObject block, EObject anchor, String line) {
        Resource resource = block.eResource();
        LineIndex text = LineIndex.of(resource);
        String lineBreak = text.text().contains("\r\n") ? "\r\n" : "\n";
        if (anchor != null) {
            INode node = NodeModelUtils.findActualNodeFor(anchor);
            if (node == null) {
                return Optional.empty();
            }
            return Optional.of(new Edit(resource, node.getEndOffset(), 0,
                    lineBreak + indentation(text, node.getOffset()) + line));
        }
        ICompositeNode node = NodeModelUtils.findActualNodeFor(block);
        if (node == null) {
            return Optional.empty();
        }
        ILeafNode close = null;
        for (ILeafNode leaf : node.getLeafNodes()) {
            if (!leaf.isHidden() && leaf.getText().equals("}")) {
                close = leaf;
            }
        }
        if (close == null) {
            return Optional.empty();
        }
        int lineStart = text.lineStartOfLine(text.line(close.getOffset()));
        if (text.text().substring(lineStart, close.getOffset()).isBlank()) {
            // "}" on its own line: a new line above it, one level deeper than the block
            return Optional.of(new Edit(resource, lineStart, 0, indentation(text, node.getOffset()) + "    " + line + lineBreak));
        }
        return Optional.of(new Edit(resource, close.getOffset(), 0, line + " "));
    }

    /** The white space the line holding {@code offset} starts with. */
    private static String indentation(LineIndex index, int offset) {
        String text = index.text();
        int i = index.lineStartOfLine(index.line(offset));
        int j = i;
        while (j < text.length() && (text.charAt(j) == ' ' || text.charAt(j) == '\t')) {
            j++;
        }
        return text.substring(i, j);
    }

    private static INode previousToken(INode node) {
        ILeafNode previous = null;
        for (ILeafNode leaf : node.getRootNode().getLeafNodes()) {
            if (leaf.getOffset() >= node.getOffset()) {
                break;
            }
            if (!leaf.isHidden()) {
                previous = leaf;
            }
        }
        return previous;
    }
}
