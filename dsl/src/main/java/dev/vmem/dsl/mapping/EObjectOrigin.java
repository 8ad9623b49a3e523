package dev.vmem.dsl.mapping;

import dev.vmem.engine.model.Origin;
import java.util.List;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;

/**
 * Where an engine model element came from: an AST element, optionally narrowed to one of its
 * features and, for a list feature, to one entry (one flag of {@code flags mmap | init_shared}).
 * The engine hands origins back on findings; {@link #node()} places them in the text.
 *
 * <p>Equality is identity of the element plus feature and index, so an origin found on a finding can
 * be compared with one the mapper made for the same element.
 *
 * @param element the AST element, never null
 * @param feature the feature of {@code element} that the origin is about, or null for the whole element
 * @param index   the entry of a many-valued {@code feature}, or -1 for all of it
 */
public record EObjectOrigin(EObject element, EStructuralFeature feature, int index) implements Origin {

    /** Longest source excerpt that {@link #describe()} quotes. */
    private static final int EXCERPT_LIMIT = 60;

    public EObjectOrigin {
        if (element == null) {
            throw new IllegalArgumentException("an origin needs an element");
        }
        if (feature == null && index != -1) {
            throw new IllegalArgumentException("an index needs a feature");
        }
    }

    /** The whole element. */
    public static EObjectOrigin of(EObject element) {
        return new EObjectOrigin(element, null, -1);
    }

    /** One feature of the element (a single value, or the whole list). */
    public static EObjectOrigin of(EObject element, EStructuralFeature feature) {
        return new EObjectOrigin(element, feature, -1);
    }

    /** One entry of a list feature. */
    public static EObjectOrigin of(EObject element, EStructuralFeature feature, int index) {
        return new EObjectOrigin(element, feature, index);
    }

    /**
     * The node of the text this origin names: the feature's (or entry's) node when it was written,
     * else the element's. Null only for an element without a node model (built by hand).
     */
    public INode node() {
        if (feature != null) {
            List<INode> nodes = NodeModelUtils.findNodesForFeature(element, feature);
            if (index >= 0 && index < nodes.size()) {
                return nodes.get(index);
            }
            if (index < 0 && nodes.size() == 1) {
                return nodes.get(0);
            }
        }
        return NodeModelUtils.findActualNodeFor(element);
    }

    /**
     * "memory ram: guest_memfd 1GiB (main.vmem:18)": the tokens of the first line of the text this
     * origin names (a block is described by its header, "vm web"), and where it is.
     */
    @Override
    public String describe() {
        INode node = node();
        String file = fileName();
        if (node == null) {
            return element.eClass().getName() + (file.isEmpty() ? "" : " (" + file + ")");
        }
        return firstLineTokens(node, EXCERPT_LIMIT) + " (" + (file.isEmpty() ? "line " : file + ":") + node.getStartLine() + ")";
    }

    /**
     * The tokens of the node's first line, up to a '{', joined by single spaces (none before ':' or ','),
     * cut after {@code limit} characters with an ellipsis. Also the outline's detail text.
     */
    public static String firstLineTokens(INode node, int limit) {
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
            if (text.length() > limit) {
                return text.substring(0, limit) + "…";
            }
        }
        return text.toString();
    }

    private String fileName() {
        if (element.eResource() == null || element.eResource().getURI() == null) {
            return "";
        }
        URI uri = element.eResource().getURI();
        String last = uri.lastSegment();
        return last == null ? uri.toString() : URI.decode(last);
    }
}
