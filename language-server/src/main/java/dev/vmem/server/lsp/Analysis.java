package dev.vmem.server.lsp;

import dev.vmem.dsl.mapping.EObjectOrigin;
import dev.vmem.dsl.vmem.Declaration;
import dev.vmem.dsl.vmem.Model;
import dev.vmem.dsl.vmem.Vm;
import dev.vmem.dsl.vmem.VmemPackage;
import dev.vmem.engine.model.Origin;
import dev.vmem.engine.report.Finding;
import dev.vmem.engine.report.Report;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;

/**
 * One engine run over one file (with its imports), as of one build of the workspace. Diagnostics,
 * hovers, inlay hints and code lenses of that file all read the same run.
 *
 * @param resource   the file
 * @param generation the workspace build the run belongs to
 * @param report     the engine's report, or null when the engine did not run (see {@code skipped})
 * @param skipped    why the engine did not run ("" when it ran): a file with syntax or linking errors
 * @param placed     the report's findings that belong to this file, each with its place in the text
 * @param nanos      how long mapping and the engine took
 */
public record Analysis(XtextResource resource, long generation, Report report, String skipped, List<Placed> placed,
        long nanos) {

    /** A finding with the text range it is shown on, in this file. */
    public record Placed(Finding finding, int offset, int length) {
        public boolean contains(int at) {
            return offset <= at && at <= offset + length;
        }
    }

    static Analysis skipped(XtextResource resource, long generation, String why) {
        return new Analysis(resource, generation, null, why, List.of(), 0);
    }

    static Analysis of(XtextResource resource, long generation, Report report, long nanos) {
        var placed = new ArrayList<Placed>();
        for (Finding f : report.findings()) {
            place(resource, f).ifPresent(node -> placed.add(new Placed(f, node.getOffset(), node.getLength())));
        }
        return new Analysis(resource, generation, report, "", List.copyOf(placed), nanos);
    }

    public boolean ran() {
        return report != null;
    }

    /** The model of the file. */
    public Optional<Model> model() {
        return resource.getContents().isEmpty() || !(resource.getContents().get(0) instanceof Model m)
                ? Optional.empty()
                : Optional.of(m);
    }

    /**
     * Where a finding shows in {@code resource}: on the element (feature, list entry) its origin names
     * when that is in this file (a VM, kernel or scenario by its name rather than its whole block);
     * a finding about an element of another file shows on this file's VM of the same name, if any.
     * Findings of VMs that live elsewhere show there.
     */
    static Optional<INode> place(Resource resource, Finding f) {
        Origin origin = f.origin();
        if (origin instanceof EObjectOrigin o && o.element().eResource() == resource) {
            if (o.feature() == null && o.element() instanceof Declaration d) {
                return nameNode(d);
            }
            return Optional.ofNullable(o.node());
        }
        if (f.vm().isEmpty() || resource.getContents().isEmpty() || !(resource.getContents().get(0) instanceof Model m)) {
            return Optional.empty();
        }
        return EcoreUtil2.typeSelect(m.getDeclarations(), Vm.class).stream()
                .filter(vm -> f.vm().equals(vm.getName())).findFirst().flatMap(Analysis::nameNode);
    }

    static Optional<INode> nameNode(EObject element) {
        var feature = element instanceof Declaration ? VmemPackage.Literals.DECLARATION__NAME
                : element.eClass().getEStructuralFeature("name");
        if (feature != null) {
            List<INode> nodes = NodeModelUtils.findNodesForFeature(element, feature);
            if (!nodes.isEmpty()) {
                return Optional.of(nodes.get(0));
            }
        }
        return Optional.ofNullable(NodeModelUtils.findActualNodeFor(element));
    }
}
