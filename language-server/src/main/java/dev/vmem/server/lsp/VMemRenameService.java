package dev.vmem.server.lsp;

import com.google.inject.Inject;
import dev.vmem.dsl.vmem.Backing;
import dev.vmem.dsl.vmem.Device;
import dev.vmem.dsl.vmem.Kernel;
import dev.vmem.dsl.vmem.Scenario;
import dev.vmem.dsl.vmem.Vm;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.ResourceSet;
import org.eclipse.lsp4j.PrepareRenameDefaultBehavior;
import org.eclipse.lsp4j.PrepareRenameResult;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.Either3;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
import org.eclipse.xtext.Assignment;
import org.eclipse.xtext.CrossReference;
import org.eclipse.xtext.GrammarUtil;
import org.eclipse.xtext.ide.server.Document;
import org.eclipse.xtext.ide.server.UriExtensions;
import org.eclipse.xtext.ide.server.rename.IRenameService2;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.IResourceDescription;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.impl.ChunkedResourceDescriptions;
import org.eclipse.xtext.util.CancelIndicator;

/**
 * Rename of kernel profiles, VMs, backings, devices and scenarios, at their declaration or at any
 * reference, across every file of the workspace (open documents and what they import): the name and
 * every reference to it. Anything else (a keyword, a number, a flag) is refused: {@code prepareRename}
 * answers null and {@code rename} an InvalidRequest error, as is a new name that is not a name or that
 * another element of the same kind in the same scope already has.
 *
 * <p>Written against the node model rather than Xtext's serializer-based rename, so the edits touch
 * the names and nothing else (no reformatting).
 */
public class VMemRenameService implements IRenameService2 {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
    private static final UriExtensions URIS = new UriExtensions();

    @Inject
    private org.eclipse.xtext.resource.EObjectAtOffsetHelper offsets;

    /** The element whose name is at an offset, and the text range of that name occurrence. */
    record Target(EObject element, ILeafNode leaf) {
    }

    @Override
    public Either3<Range, PrepareRenameResult, PrepareRenameDefaultBehavior> prepareRename(PrepareRenameOptions options) {
        String uri = options.getParams().getTextDocument().getUri();
        return options.getLanguageServerAccess().doSyncRead(uri, context -> {
            if (!(context.getResource() instanceof XtextResource resource)) {
                return null;
            }
            Optional<Target> target = target(resource, context.getDocument(), options.getParams().getPosition());
            if (target.isEmpty()) {
                return null;
            }
            var text = new TextPositions(context.getDocument().getContents());
            ILeafNode leaf = target.get().leaf();
            return Either3.forSecond(new PrepareRenameResult(text.range(leaf.getOffset(), leaf.getLength()),
                    leaf.getText()));
        });
    }

    @Override
    public WorkspaceEdit rename(Options options) {
        String uri = options.getRenameParams().getTextDocument().getUri();
        String newName = options.getRenameParams().getNewName();
        return options.getLanguageServerAccess().doSyncRead(uri, context -> {
            if (!(context.getResource() instanceof XtextResource resource)) {
                throw refused("the document is not a VMem file");
            }
            Target target = target(resource, context.getDocument(), options.getRenameParams().getPosition())
                    .orElseThrow(() -> refused("only the names of kernel profiles, VMs, backings, devices and scenarios"
                            + " can be renamed; this is not one"));
            if (newName == null || !NAME.matcher(newName).matches()) {
                throw refused("'" + newName + "' is not a name (a letter or _, then letters, digits, _ or -)");
            }
            EObject element = target.element();
            conflict(element, newName).ifPresent(other -> {
                throw refused("'" + newName + "' is already the name of another " + kind(element) + " here");
            });
            return edits(element, newName, options.getCancelIndicator());
        });
    }

    /** What may be renamed at a position: a declared name, or a reference to a renameable element. */
    Optional<Target> target(XtextResource resource, Document document, org.eclipse.lsp4j.Position position) {
        if (resource.getParseResult() == null || document == null) {
            return Optional.empty();
        }
        int offset;
        try {
            offset = document.getOffSet(position);
        } catch (IndexOutOfBoundsException e) {
            return Optional.empty();
        }
        for (int at : new int[] {offset, offset - 1}) {
            if (at < 0) {
                continue;
            }
            ILeafNode leaf = NodeModelUtils.findLeafNodeAtOffset(resource.getParseResult().getRootNode(), at);
            if (leaf == null || leaf.isHidden()) {
                continue;
            }
            Optional<EObject> element = nameOrReference(leaf);
            if (element.isPresent() && renameable(element.get())) {
                return Optional.of(new Target(element.get(), leaf));
            }
        }
        return Optional.empty();
    }

    private Optional<EObject> nameOrReference(ILeafNode leaf) {
        for (INode n = leaf; n != null; n = n.getParent()) {
            EObject g = n.getGrammarElement();
            if (g == null) {
                continue;
            }
            Assignment a = GrammarUtil.containingAssignment(g);
            if (a == null) {
                continue;
            }
            CrossReference ref = g instanceof CrossReference c ? c : GrammarUtil.containingCrossReference(g);
            if (ref != null) {
                EObject target = offsets.getCrossReferencedElement(n);
                return target == null || target.eIsProxy() ? Optional.empty() : Optional.of(target);
            }
            return "name".equals(a.getFeature()) ? Optional.ofNullable(n.getSemanticElement()) : Optional.empty();
        }
        return Optional.empty();
    }

    private static boolean renameable(EObject e) {
        return e instanceof Kernel || e instanceof Vm || e instanceof Scenario || e instanceof Backing
                || e instanceof Device;
    }

    private static String kind(EObject e) {
        return e instanceof Kernel ? "kernel profile" : e instanceof Vm ? "vm" : e instanceof Scenario ? "scenario"
                : e instanceof Backing ? "backing" : "device";
    }

    /** Another element of the same kind in the same scope (file, or VM) that already has {@code name}. */
    private static Optional<EObject> conflict(EObject element, String name) {
        EObject scope = element.eContainer();
        if (scope == null) {
            return Optional.empty();
        }
        for (EObject sibling : scope.eContents()) {
            if (sibling != element && sibling.eClass() == element.eClass() && name.equals(nameOf(sibling))) {
                return Optional.of(sibling);
            }
        }
        return Optional.empty();
    }

    private static String nameOf(EObject e) {
        var feature = e.eClass().getEStructuralFeature("name");
        return feature == null ? null : (String) e.eGet(feature);
    }

    private static WorkspaceEdit edits(EObject element, String newName, CancelIndicator cancel) {
        Map<String, List<TextEdit>> changes = new LinkedHashMap<>();
        Resource home = element.eResource();
        Analysis.nameNode(element).ifPresent(node -> add(changes, home, node, newName));
        for (Resource resource : resources(home.getResourceSet(), home)) {
            if (cancel != null && cancel.isCanceled()) {
                break;
            }
            for (Iterator<EObject> it = resource.getAllContents(); it.hasNext();) {
                EObject source = it.next();
                for (EReference ref : source.eClass().getEAllReferences()) {
                    if (ref.isContainment() || ref.isContainer() || ref.isMany() || !source.eIsSet(ref)) {
                        continue;
                    }
                    if (source.eGet(ref, true) == element) {
                        for (INode node : NodeModelUtils.findNodesForFeature(source, ref)) {
                            add(changes, resource, node, newName);
                        }
                    }
                }
            }
        }
        return new WorkspaceEdit(changes);
    }

    /** The workspace's files (the index: open documents and their imports), loaded in {@code set}. */
    private static List<Resource> resources(ResourceSet set, Resource home) {
        Set<URI> uris = new LinkedHashSet<>();
        uris.add(home.getURI());
        ChunkedResourceDescriptions index = set == null ? null : ChunkedResourceDescriptions.findInEmfObject(set);
        if (index != null) {
            for (IResourceDescription d : index.getAllResourceDescriptions()) {
                uris.add(d.getURI());
            }
        }
        if (set != null) {
            for (Resource r : List.copyOf(set.getResources())) {
                uris.add(r.getURI());
            }
        }
        var out = new ArrayList<Resource>();
        for (URI uri : uris) {
            try {
                Resource r = set == null ? home : set.getResource(uri, true);
                if (r instanceof XtextResource && !out.contains(r)) {
                    out.add(r);
                }
            } catch (RuntimeException unreadable) {
                // a file that vanished: nothing to rename there
            }
        }
        return out;
    }

    private static void add(Map<String, List<TextEdit>> changes, Resource resource, INode node, String newName) {
        TextPositions text = TextPositions.of(resource);
        List<TextEdit> edits = changes.computeIfAbsent(URIS.toUriString(resource.getURI()), u -> new ArrayList<>());
        var edit = new TextEdit(text.range(node.getOffset(), node.getLength()), newName);
        if (!edits.contains(edit)) {
            edits.add(edit);
        }
    }

    private static ResponseErrorException refused(String message) {
        return new ResponseErrorException(new ResponseError(ResponseErrorCode.InvalidRequest, message, null));
    }
}
