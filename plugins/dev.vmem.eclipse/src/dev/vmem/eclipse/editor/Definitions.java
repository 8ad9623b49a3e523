package dev.vmem.eclipse.editor;

import dev.vmem.dsl.scoping.VMemImports;
import dev.vmem.dsl.vmem.Import;
import java.util.Optional;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.xtext.CrossReference;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;

/**
 * Where a name at an offset is declared (protocol-free): the reference's target, or the file an
 * {@code import} names.
 *
 * @param linkOffset  start of the text that links
 * @param linkLength  its length
 * @param targetUri   the resource of the declaration
 * @param targetOffset start of the declaration's name (0 for an imported file)
 * @param targetLength length of the name
 */
public record Definitions(int linkOffset, int linkLength, URI targetUri, int targetOffset, int targetLength) {

    public static Optional<Definitions> at(XtextResource resource, int offset) {
        if (resource.getParseResult() == null) {
            return Optional.empty();
        }
        ILeafNode leaf = NodeModelUtils.findLeafNodeAtOffset(resource.getParseResult().getRootNode(), offset);
        if (leaf == null || leaf.isHidden()) {
            return Optional.empty();
        }
        EObject semantic = NodeModelUtils.findActualSemanticObjectFor(leaf);
        if (semantic instanceof Import anImport) {
            URI uri = VMemImports.resolve(anImport);
            return uri == null ? Optional.empty()
                    : Optional.of(new Definitions(leaf.getOffset(), leaf.getLength(), uri, 0, 0));
        }
        INode node = leaf;
        while (node != null && !(node.getGrammarElement() instanceof CrossReference)) {
            node = node.getParent();
            if (node != null && node.getSemanticElement() != semantic) {
                return Optional.empty();
            }
        }
        if (node == null || semantic == null) {
            return Optional.empty();
        }
        EReference reference = org.eclipse.xtext.GrammarUtil.getReference((CrossReference) node.getGrammarElement(),
                semantic.eClass());
        if (reference == null) {
            return Optional.empty();
        }
        Object value = semantic.eGet(reference, true);
        if (!(value instanceof EObject target) || target.eIsProxy() || target.eResource() == null) {
            return Optional.empty();
        }
        var nameNodes = NodeModelUtils.findNodesForFeature(target, target.eClass().getEStructuralFeature("name"));
        INode name = nameNodes.isEmpty() ? NodeModelUtils.findActualNodeFor(target) : nameNodes.get(0);
        if (name == null) {
            return Optional.empty();
        }
        return Optional.of(new Definitions(node.getOffset(), node.getLength(), target.eResource().getURI(),
                name.getOffset(), name.getLength()));
    }
}
