package dev.vmem.server.lsp;

import dev.vmem.dsl.mapping.EObjectOrigin;
import dev.vmem.engine.report.BackingExposure;
import dev.vmem.engine.report.VmExposure;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.lsp4j.InlayHint;
import org.eclipse.lsp4j.InlayHintKind;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;

/**
 * Inlay hints with the bytes each VM and each backing leave in the kernel's direct map after bring-up
 * (the report's exposure summary): after a VM's name, and at the end of each backing's declaration.
 */
final class InlayHints {

    private InlayHints() {
    }

    static List<InlayHint> of(Analysis analysis, TextPositions text, Range window) {
        if (!analysis.ran()) {
            return List.of();
        }
        XtextResource resource = analysis.resource();
        var hints = new ArrayList<InlayHint>();
        for (VmExposure vm : analysis.report().exposures()) {
            element(vm.origin(), resource).flatMap(Analysis::nameNode).ifPresent(node -> hints.add(hint(
                    text.position(node.getEndOffset()),
                    "direct map: " + Sizes.format(vm.directMapBytes()) + " of " + Sizes.format(vm.guestBytes()),
                    "Guest RAM of vm " + vm.vm() + " still in the kernel's direct map after bring-up (the rest: "
                            + Sizes.format(vm.removedBytes()) + " removed).")));
            for (BackingExposure b : vm.backings()) {
                element(b.origin(), resource).map(NodeModelUtils::findActualNodeFor).ifPresent(node -> hints.add(hint(
                        text.position(node.getEndOffset()),
                        "in direct map: " + Sizes.format(b.directMapBytes())
                                + (b.hardwareProtectedBytes() > 0 ? " (hardware-protected)" : ""),
                        b.backing() + ": " + b.reason() + " (" + Sizes.format(b.guestBytes()) + " exposed to the guest)")));
            }
        }
        hints.removeIf(h -> !inside(h.getPosition(), window));
        return hints;
    }

    private static Optional<EObject> element(dev.vmem.engine.model.Origin origin, XtextResource resource) {
        return origin instanceof EObjectOrigin o && o.element().eResource() == resource
                ? Optional.of(o.element())
                : Optional.empty();
    }

    private static InlayHint hint(Position at, String label, String tooltip) {
        var hint = new InlayHint(at, Either.forLeft(label));
        hint.setKind(InlayHintKind.Type);
        hint.setPaddingLeft(true);
        hint.setTooltip(tooltip);
        return hint;
    }

    private static boolean inside(Position p, Range r) {
        if (r == null) {
            return true;
        }
        return compare(r.getStart(), p) <= 0 && compare(p, r.getEnd()) <= 0;
    }

    private static int compare(Position a, Position b) {
        return a.getLine() != b.getLine() ? Integer.compare(a.getLine(), b.getLine())
                : Integer.compare(a.getCharacter(), b.getCharacter());
    }
}
