package dev.vmem.server.cli;

import com.google.inject.Injector;
import dev.vmem.dsl.mapping.EObjectOrigin;
import dev.vmem.dsl.mapping.ModelMapper;
import dev.vmem.dsl.scoping.VMemImports;
import dev.vmem.dsl.vmem.Import;
import dev.vmem.dsl.vmem.Model;
import dev.vmem.dsl.vmem.Step;
import dev.vmem.engine.model.Origin;
import dev.vmem.engine.model.Program;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;

/**
 * The CLI's view of the language module: the mapper from AST to engine model, and the way back from
 * an engine {@link Origin} to a place in the source (via the node model).
 */
final class DslBridge {

    /** A text range of a resource. */
    record SourceRef(Resource resource, int offset, int length) {
    }

    private final ModelMapper mapper;

    DslBridge(Injector injector) {
        this.mapper = injector.getInstance(ModelMapper.class);
    }

    /** The engine model of a parsed, linked file without errors (imports included). */
    Program map(XtextResource resource) {
        if (resource.getContents().isEmpty() || !(resource.getContents().get(0) instanceof Model model)) {
            return new Program(List.of(), List.of(), List.of());
        }
        return mapper.map(model);
    }

    /**
     * The source range an origin names, if it names one: the node of the element, or of the feature
     * (or list entry) the origin narrows it to.
     */
    Optional<SourceRef> locate(Origin origin) {
        if (!(origin instanceof EObjectOrigin o) || o.element().eResource() == null) {
            return Optional.empty();
        }
        INode node = o.node();
        if (node == null) {
            return Optional.empty();
        }
        return Optional.of(new SourceRef(o.element().eResource(), node.getOffset(), node.getLength()));
    }

    /** The range of an EObject's node. */
    static Optional<SourceRef> rangeOf(EObject object) {
        if (object == null || object.eResource() == null) {
            return Optional.empty();
        }
        INode node = NodeModelUtils.findActualNodeFor(object);
        if (node == null) {
            return Optional.empty();
        }
        return Optional.of(new SourceRef(object.eResource(), node.getOffset(), node.getLength()));
    }

    /** The operation of a scenario step as written, whitespace collapsed, without its expect clause. */
    Optional<String> operationText(Origin origin) {
        return objectOf(origin).filter(Step.class::isInstance).map(o -> ((Step) o).getOperation())
                .map(NodeModelUtils::findActualNodeFor)
                .map(n -> SourceText.collapse(NodeModelUtils.getTokenText(n)));
    }

    private static Optional<EObject> objectOf(Origin origin) {
        return origin instanceof EObjectOrigin o ? Optional.of(o.element()) : Optional.empty();
    }

    /**
     * The import of {@code resource} through which a resource matching {@code target} is reached
     * (directly, or through the imports of the imported file).
     */
    Optional<SourceRef> importLocation(XtextResource resource, Predicate<Resource> target) {
        if (resource.getContents().isEmpty() || !(resource.getContents().get(0) instanceof Model model)) {
            return Optional.empty();
        }
        for (Import anImport : model.getImports()) {
            Resource imported = load(resource, VMemImports.resolve(anImport));
            if (imported != null && reaches(imported, target)) {
                return rangeOf(anImport);
            }
        }
        return Optional.empty();
    }

    private static boolean reaches(Resource start, Predicate<Resource> target) {
        Set<Resource> seen = new HashSet<>();
        var queue = new ArrayDeque<Resource>();
        queue.add(start);
        while (!queue.isEmpty()) {
            Resource r = queue.poll();
            if (!seen.add(r)) {
                continue;
            }
            if (target.test(r)) {
                return true;
            }
            if (!r.getContents().isEmpty() && r.getContents().get(0) instanceof Model m) {
                for (Import i : m.getImports()) {
                    Resource next = load(r, VMemImports.resolve(i));
                    if (next != null) {
                        queue.add(next);
                    }
                }
            }
        }
        return false;
    }

    private static Resource load(Resource from, URI uri) {
        if (uri == null || from.getResourceSet() == null) {
            return null;
        }
        return from.getResourceSet().getResource(uri, false);
    }

    /** The text of a parsed resource. */
    static SourceText textOf(Resource resource) {
        if (resource instanceof XtextResource x && x.getParseResult() != null) {
            ICompositeNode root = x.getParseResult().getRootNode();
            return new SourceText(root.getText());
        }
        return new SourceText("");
    }
}
