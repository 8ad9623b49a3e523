package dev.vmem.server.lsp;

import static dev.vmem.dsl.vmem.VmemPackage.Literals.BACKING__FLAGS;
import static dev.vmem.dsl.vmem.VmemPackage.Literals.BACKING__KIND;
import static dev.vmem.dsl.vmem.VmemPackage.Literals.BACKING__SIZE;
import static dev.vmem.dsl.vmem.VmemPackage.Literals.EXPECTATION__OUTCOME;
import static dev.vmem.dsl.vmem.VmemPackage.Literals.MAPPING__SHARING;
import static dev.vmem.dsl.vmem.VmemPackage.Literals.MMAP_OP__SHARING;
import static dev.vmem.dsl.vmem.VmemPackage.Literals.SLOT__USERSPACE;
import static dev.vmem.dsl.vmem.VmemPackage.Literals.SLOT__USERSPACE_OFFSET;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.inject.Inject;
import dev.vmem.dsl.scoping.VMemScopeProvider;
import dev.vmem.dsl.vmem.Backing;
import dev.vmem.dsl.vmem.BackingKind;
import dev.vmem.dsl.vmem.ClockSetting;
import dev.vmem.dsl.vmem.CpuidSetting;
import dev.vmem.dsl.vmem.CpuidSign;
import dev.vmem.dsl.vmem.Expectation;
import dev.vmem.dsl.vmem.Kernel;
import dev.vmem.dsl.vmem.Mapping;
import dev.vmem.dsl.vmem.MmapOp;
import dev.vmem.dsl.vmem.NamedPatch;
import dev.vmem.dsl.vmem.PatchName;
import dev.vmem.dsl.vmem.Slot;
import dev.vmem.dsl.vmem.Step;
import dev.vmem.dsl.vmem.Vm;
import dev.vmem.dsl.vmem.VmKernel;
import dev.vmem.engine.report.Rule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.ide.server.UriExtensions;
import org.eclipse.xtext.ide.server.codeActions.ICodeActionService2;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.EObjectAtOffsetHelper;
import org.eclipse.xtext.resource.XtextResource;

/**
 * Quick fixes, looked up by the diagnostic's code. Each is a {@link WorkspaceEdit} for the client to
 * apply (the server never writes a file); an edit may reach into an imported file (the VM's kernel
 * profile, a backing a scenario maps).
 *
 * <table>
 * <tr><th>code</th><th>fixes</th></tr>
 * <tr><td>pfncache-unmapped-pfn</td><td>add {@code cpuid -kvmclock} to the VM; add {@code patch pfncache_gmem}
 *     to its kernel profile; on a memfd_secret backing, also the guest_memfd conversion below</td></tr>
 * <tr><td>gup-on-secret-memory</td><td>turn the memfd_secret backing into
 *     {@code guest_memfd SIZE flags mmap | init_shared | no_direct_map} and bind it in its slots</td></tr>
 * <tr><td>gmem-flag-unsupported, kernel-feature-missing (on a flag), td-no-direct-map-gmem,
 *     snp-no-direct-map-gmem</td><td>drop the flag</td></tr>
 * <tr><td>shared-mapping-required</td><td>map it shared</td></tr>
 * <tr><td>gmem-mmap-unsupported</td><td>add the {@code mmap} flag to the guest_memfd</td></tr>
 * <tr><td>expectation-failed</td><td>expect what the kernel does</td></tr>
 * </table>
 */
public class VMemCodeActions implements ICodeActionService2 {

    private static final UriExtensions URIS = new UriExtensions();

    @Inject
    private EObjectAtOffsetHelper offsets;

    /** One fix: a title and the text edits, by document URI. */
    record Fix(String title, Map<String, List<TextEdit>> edits) {
    }

    @Override
    public List<Either<Command, CodeAction>> getCodeActions(Options options) {
        var params = options.getCodeActionParams();
        List<String> only = params.getContext() == null ? null : params.getContext().getOnly();
        if (only != null && !only.isEmpty() && only.stream().noneMatch(k -> CodeActionKind.QuickFix.startsWith(k)
                || k.startsWith(CodeActionKind.QuickFix))) {
            return List.of();
        }
        List<Diagnostic> diagnostics = params.getContext() == null ? List.of() : params.getContext().getDiagnostics();
        if (diagnostics == null || diagnostics.isEmpty()) {
            return List.of();
        }
        return options.getLanguageServerAccess().doSyncRead(options.getURI(), context -> {
            if (!(context.getResource() instanceof XtextResource resource) || resource.getParseResult() == null) {
                return List.<Either<Command, CodeAction>>of();
            }
            var out = new ArrayList<Either<Command, CodeAction>>();
            var text = new TextPositions(context.getDocument().getContents());
            for (Diagnostic d : diagnostics) {
                List<Fix> fixes = fixes(resource, text, d);
                for (int i = 0; i < fixes.size(); i++) {
                    Fix fix = fixes.get(i);
                    var action = new CodeAction(fix.title());
                    action.setKind(CodeActionKind.QuickFix);
                    action.setDiagnostics(List.of(d));
                    action.setEdit(new WorkspaceEdit(fix.edits()));
                    action.setIsPreferred(i == 0);
                    out.add(Either.forRight(action));
                }
            }
            return out;
        });
    }

    /** The fixes for one diagnostic of {@code resource}. */
    List<Fix> fixes(XtextResource resource, TextPositions text, Diagnostic d) {
        String code = d.getCode() != null && d.getCode().isLeft() ? d.getCode().getLeft() : null;
        if (code == null || d.getRange() == null) {
            return List.of();
        }
        int offset = text.offset(d.getRange().getStart());
        EObject at = offsets.resolveContainedElementAt(resource, offset);
        JsonObject data = data(d.getData());
        var fixes = new ArrayList<Fix>();
        switch (Rule.byCode(code).orElse(Rule.ANALYSIS_INCOMPLETE)) {
            case PFNCACHE_UNMAPPED_PFN -> {
                Vm vm = vmOf(at);
                if (vm != null) {
                    hideKvmclock(vm).ifPresent(fixes::add);
                    pfncachePatch(vm).ifPresent(fixes::add);
                    secretBacking(vm, data).flatMap(VMemCodeActions::toGuestMemfd).ifPresent(fixes::add);
                }
            }
            case GUP_ON_SECRET_MEMORY -> {
                Vm vm = vmOf(at);
                if (vm != null) {
                    secretBacking(vm, data).flatMap(VMemCodeActions::toGuestMemfd).ifPresent(fixes::add);
                }
            }
            case GMEM_FLAG_UNSUPPORTED, KERNEL_FEATURE_MISSING, TD_NO_DIRECT_MAP_GMEM, SNP_NO_DIRECT_MAP_GMEM ->
                    dropFlag(EcoreUtil2.getContainerOfType(at, Backing.class), offset).ifPresent(fixes::add);
            case SHARED_MAPPING_REQUIRED -> mapShared(at).ifPresent(fixes::add);
            case GMEM_MMAP_UNSUPPORTED -> addMmapFlag(at).ifPresent(fixes::add);
            case EXPECTATION_FAILED -> expectActual(at, data).ifPresent(fixes::add);
            default -> {
            }
        }
        return fixes;
    }

    // ---- pfncache ------------------------------------------------------------------------------

    private static Optional<Fix> hideKvmclock(Vm vm) {
        boolean hidden = EcoreUtil2.typeSelect(vm.getMembers(), CpuidSetting.class).stream()
                .anyMatch(c -> c.getSign() == CpuidSign.REMOVE);
        if (hidden) {
            return Optional.empty();
        }
        EObject anchor = EcoreUtil2.typeSelect(vm.getMembers(), ClockSetting.class).stream().findFirst()
                .map(EObject.class::cast).orElse(vm.getMembers().isEmpty() ? null : vm.getMembers().get(vm.getMembers().size() - 1));
        return addLine(vm, anchor, "cpuid -kvmclock")
                .map(e -> new Fix("Hide kvmclock from the guest: add 'cpuid -kvmclock' to vm " + vm.getName(), e));
    }

    private static Optional<Fix> pfncachePatch(Vm vm) {
        Optional<Kernel> kernel = EcoreUtil2.typeSelect(vm.getMembers(), VmKernel.class).stream().findFirst()
                .map(VmKernel::getKernel).filter(k -> k != null && !k.eIsProxy());
        if (kernel.isEmpty()) {
            return Optional.empty();
        }
        Kernel k = kernel.get();
        boolean patched = EcoreUtil2.typeSelect(k.getSettings(), NamedPatch.class).stream()
                .anyMatch(p -> p.getPatch() == PatchName.PFNCACHE_GMEM);
        if (patched) {
            return Optional.empty();
        }
        EObject anchor = k.getSettings().isEmpty() ? null : k.getSettings().get(k.getSettings().size() - 1);
        return addLine(k, anchor, "patch pfncache_gmem")
                .map(e -> new Fix("Add 'patch pfncache_gmem' to kernel profile " + k.getName(), e));
    }

    // ---- memfd_secret to guest_memfd ------------------------------------------------------------

    private static Optional<Backing> secretBacking(Vm vm, JsonObject data) {
        String name = string(data, Diagnostics.SECRET_BACKING);
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
        var edits = new Edits();
        TextPositions text = TextPositions.of(backing.eResource());
        edits.replace(backing.eResource(), text, kind.get(0).getOffset(), whole.getEndOffset(),
                "guest_memfd " + NodeModelUtils.getTokenText(size.get(0)) + " flags mmap | init_shared | no_direct_map");
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
            edits.insert(slot.eResource(), text, after.getEndOffset(), " guest_memfd " + backing.getName()
                    + (offset.isEmpty() ? "" : " offset " + NodeModelUtils.getTokenText(offset.get(0))));
        }
        return Optional.of(new Fix("Turn memfd_secret backing " + backing.getName()
                + " into a guest_memfd with mmap | init_shared | no_direct_map, bound in its slots", edits.map));
    }

    // ---- flags, sharing, expectations ----------------------------------------------------------

    private static Optional<Fix> dropFlag(Backing backing, int offset) {
        if (backing == null) {
            return Optional.empty();
        }
        List<INode> flags = NodeModelUtils.findNodesForFeature(backing, BACKING__FLAGS);
        int i = 0;
        while (i < flags.size() && !(flags.get(i).getOffset() <= offset && offset <= flags.get(i).getEndOffset())) {
            i++;
        }
        if (i == flags.size()) {
            return Optional.empty();
        }
        INode flag = flags.get(i);
        int start;
        int end;
        if (flags.size() == 1) {
            INode keyword = previousToken(flag); // 'flags'
            INode before = keyword == null ? null : previousToken(keyword);
            start = before == null ? flag.getOffset() : before.getEndOffset();
            end = flag.getEndOffset();
        } else if (i == 0) {
            start = flag.getOffset();
            end = flags.get(1).getOffset();
        } else {
            start = flags.get(i - 1).getEndOffset();
            end = flag.getEndOffset();
        }
        var edits = new Edits();
        edits.replace(backing.eResource(), TextPositions.of(backing.eResource()), start, end, "");
        return Optional.of(new Fix("Drop flag " + NodeModelUtils.getTokenText(flag) + " from " + backing.getName(),
                edits.map));
    }

    private static Optional<Fix> mapShared(EObject at) {
        EObject owner = EcoreUtil2.getContainerOfType(at, Mapping.class);
        EStructuralFeature feature = MAPPING__SHARING;
        if (owner == null) {
            owner = EcoreUtil2.getContainerOfType(at, MmapOp.class);
            feature = MMAP_OP__SHARING;
        }
        if (owner == null) {
            return Optional.empty();
        }
        List<INode> nodes = NodeModelUtils.findNodesForFeature(owner, feature);
        if (nodes.isEmpty()) {
            return Optional.empty();
        }
        var edits = new Edits();
        edits.replace(owner.eResource(), TextPositions.of(owner.eResource()), nodes.get(0).getOffset(),
                nodes.get(0).getEndOffset(), "shared");
        return Optional.of(new Fix("Map it shared", edits.map));
    }

    private static Optional<Fix> addMmapFlag(EObject at) {
        Backing backing = null;
        Mapping map = EcoreUtil2.getContainerOfType(at, Mapping.class);
        if (map != null) {
            backing = map.getBacking();
        } else {
            MmapOp op = EcoreUtil2.getContainerOfType(at, MmapOp.class);
            backing = op == null ? EcoreUtil2.getContainerOfType(at, Backing.class) : op.getBacking();
        }
        if (backing == null || backing.eIsProxy() || backing.getKind() != BackingKind.GUEST_MEMFD) {
            return Optional.empty();
        }
        List<INode> flags = NodeModelUtils.findNodesForFeature(backing, BACKING__FLAGS);
        var edits = new Edits();
        TextPositions text = TextPositions.of(backing.eResource());
        if (flags.isEmpty()) {
            INode whole = NodeModelUtils.findActualNodeFor(backing);
            edits.insert(backing.eResource(), text, whole.getEndOffset(), " flags mmap");
        } else {
            edits.insert(backing.eResource(), text, flags.get(0).getOffset(), "mmap | ");
        }
        return Optional.of(new Fix("Add flag mmap to guest_memfd " + backing.getName(), edits.map));
    }

    private static Optional<Fix> expectActual(EObject at, JsonObject data) {
        String actual = string(data, "actual");
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
        var edits = new Edits();
        edits.replace(expectation.eResource(), TextPositions.of(expectation.eResource()), nodes.get(0).getOffset(),
                nodes.get(0).getEndOffset(), actual);
        return Optional.of(new Fix("Expect " + actual + " (what the kernel does)", edits.map));
    }

    // ---- helpers -------------------------------------------------------------------------------

    /** The VM a diagnostic is about: the one it stands in, or a scenario's. */
    private static Vm vmOf(EObject at) {
        return at == null ? null : at instanceof Vm vm ? vm : VMemScopeProvider.vmOf(at);
    }

    /** A new line inside a block: after {@code anchor} at its indentation, or before the closing brace. */
    private static Optional<Map<String, List<TextEdit>>> addLine(EObject block, EObject anchor, String line) {
        Resource resource = block.eResource();
        TextPositions text = TextPositions.of(resource);
        var edits = new Edits();
        if (anchor != null) {
            INode node = NodeModelUtils.findActualNodeFor(anchor);
            if (node == null) {
                return Optional.empty();
            }
            edits.insert(resource, text, node.getEndOffset(), lineBreak(text) + text.indentation(node.getOffset()) + line);
            return Optional.of(edits.map);
        }
        ICompositeNode node = NodeModelUtils.findActualNodeFor(block);
        ILeafNode close = null;
        for (ILeafNode leaf : node.getLeafNodes()) {
            if (!leaf.isHidden() && leaf.getText().equals("}")) {
                close = leaf;
            }
        }
        if (close == null) {
            return Optional.empty();
        }
        int lineStart = text.lineStart(close.getOffset());
        if (text.text().substring(lineStart, close.getOffset()).isBlank()) {
            // "}" on its own line: a new line above it, one level deeper than the block
            edits.insert(resource, text, lineStart,
                    text.indentation(node.getOffset()) + "    " + line + lineBreak(text));
        } else {
            edits.insert(resource, text, close.getOffset(), line + " ");
        }
        return Optional.of(edits.map);
    }

    private static String lineBreak(TextPositions text) {
        return text.text().contains("\r\n") ? "\r\n" : "\n";
    }

    private static INode previousToken(INode node) {
        ICompositeNode root = node.getRootNode();
        ILeafNode previous = null;
        for (ILeafNode leaf : root.getLeafNodes()) {
            if (leaf.getOffset() >= node.getOffset()) {
                break;
            }
            if (!leaf.isHidden()) {
                previous = leaf;
            }
        }
        return previous;
    }

    private static JsonObject data(Object raw) {
        if (raw == null) {
            return new JsonObject();
        }
        JsonElement json = raw instanceof JsonElement e ? e : new Gson().toJsonTree(raw);
        return json.isJsonObject() ? json.getAsJsonObject() : new JsonObject();
    }

    private static String string(JsonObject data, String key) {
        JsonElement v = data.get(key);
        return v != null && v.isJsonPrimitive() ? v.getAsString() : null;
    }

    /** Text edits by document URI, in the order made. */
    private static final class Edits {
        final Map<String, List<TextEdit>> map = new LinkedHashMap<>();

        void insert(Resource resource, TextPositions text, int offset, String newText) {
            replace(resource, text, offset, offset, newText);
        }

        void replace(Resource resource, TextPositions text, int start, int end, String newText) {
            String uri = URIS.toUriString(resource.getURI());
            map.computeIfAbsent(uri, u -> new ArrayList<>())
                    .add(new TextEdit(text.range(start, end - start), newText));
        }
    }
}
