package dev.vmem.eclipse.editor;

import dev.vmem.dsl.mapping.EObjectOrigin;
import dev.vmem.eclipse.Analysis;
import dev.vmem.dsl.codes.Catalog;
import dev.vmem.engine.kb.KernelFact;
import dev.vmem.engine.report.ElementNote;
import dev.vmem.engine.report.Finding;
import dev.vmem.engine.report.Report;
import dev.vmem.engine.report.TraceStep;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITextHover;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.Region;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;

/**
 * Hover with what the engine found at the mouse: each finding on the element (message, rule code,
 * and its trace from the operation through the kernel path to the deciding state and outcome, each
 * link with its source) and the element's notes (what the kernel does with it under its VM's profile).
 */
public class VMemHover implements ITextHover {

    @Override
    public IRegion getHoverRegion(ITextViewer viewer, int offset) {
        return new Region(offset, 0);
    }

    @Override
    public String getHoverInfo(ITextViewer viewer, IRegion region) {
        try {
            Analysis analysis = Documents.current(viewer.getDocument());
            String text = text(analysis, region.getOffset());
            return text == null || text.isBlank() ? null : text;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The hover text at {@code offset}, or null: findings with traces first, then notes. */
    public static String text(Analysis analysis, int offset) {
        Report report = analysis.report();
        if (report == null) {
            return null;
        }
        var out = new StringBuilder();
        for (Finding f : report.findings()) {
            if (covers(f.origin(), analysis, offset)) {
                out.append(f.severity().name().toLowerCase()).append(" [").append(f.code()).append("]: ")
                        .append(f.message()).append('\n');
                for (TraceStep step : f.trace().steps()) {
                    out.append("  ").append(step.kind().keyword()).append(": ").append(step.text());
                    step.fact().map(KernelFact::citation).ifPresent(c -> out.append("  [").append(c).append(']'));
                    out.append('\n');
                }
                out.append('\n');
                // The rule's page, as shipped in the plugin (also: the marker's "Open the rule page" fix).
                Catalog.page(f.code()).ifPresent(page -> out.append(page.strip()).append("\n\n"));
            }
        }
        ElementNote best = null;
        int bestLength = Integer.MAX_VALUE;
        for (ElementNote note : report.notes()) {
            if (note.origin() instanceof EObjectOrigin o && o.element().eResource() == analysis.resource()) {
                INode node = o.node();
                if (node != null && node.getOffset() <= offset && offset <= node.getEndOffset()
                        && node.getLength() < bestLength) {
                    best = note;
                    bestLength = node.getLength();
                }
            }
        }
        if (best != null) {
            out.append(best.title()).append('\n');
            for (String line : best.lines()) {
                out.append("  ").append(line).append('\n');
            }
            for (KernelFact fact : best.facts()) {
                out.append("  source: ").append(fact.citation()).append('\n');
            }
        }
        return out.toString().strip();
    }

    private static boolean covers(dev.vmem.engine.model.Origin origin, Analysis analysis, int offset) {
        if (!(origin instanceof EObjectOrigin o) || o.element().eResource() != analysis.resource()) {
            return false;
        }
        INode node = o.node();
        if (node == null) {
            return false;
        }
        // A finding on a feature (one flag, a size) also shows anywhere on its line's element.
        EObject element = o.element();
        ICompositeNode whole = NodeModelUtils.findActualNodeFor(element);
        INode range = whole != null && whole.getStartLine() == whole.getEndLine() ? whole : node;
        return range.getOffset() <= offset && offset <= range.getEndOffset();
    }
}
