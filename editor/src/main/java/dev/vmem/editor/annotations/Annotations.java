package dev.vmem.editor.annotations;

import dev.vmem.dsl.analysis.Checker;
import dev.vmem.dsl.mapping.EObjectOrigin;
import dev.vmem.dsl.vmem.Scenario;
import dev.vmem.engine.model.Origin;
import dev.vmem.engine.report.BackingExposure;
import dev.vmem.engine.report.Report;
import dev.vmem.engine.report.ScenarioResult;
import dev.vmem.engine.report.VmExposure;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;

/**
 * What an editor writes into the text from the engine's report, as plain data: inlay hints with the
 * bytes each VM and each backing leave in the kernel's direct map after bring-up, and a label on each
 * scenario with its result. The language server turns them into inlay hints and code lenses.
 */
public final class Annotations {

    /**
     * A hint at an offset: after a VM's name, at the end of a backing's declaration.
     *
     * @param offset  where it goes
     * @param label   what it shows, e.g. "direct map: 64 MiB of 1 GiB"
     * @param tooltip more about it
     */
    public record Hint(int offset, String label, String tooltip) {
    }

    /**
     * A label on a scenario's name.
     *
     * @param offset start of the name
     * @param length its length
     * @param title  "passed (3 steps)", "1 of 3 steps failed", "not run: …"
     */
    public record Lens(int offset, int length, String title) {
    }

    private Annotations() {
    }

    /** The exposure hints of the elements of {@code resource}, from {@code report} (none without one). */
    public static List<Hint> hints(Report report, XtextResource resource) {
        var hints = new ArrayList<Hint>();
        if (report == null) {
            return hints;
        }
        for (VmExposure vm : report.exposures()) {
            element(vm.origin(), resource).flatMap(Checker::nameNode).ifPresent(node -> hints.add(new Hint(
                    node.getEndOffset(),
                    "direct map: " + Sizes.format(vm.directMapBytes()) + " of " + Sizes.format(vm.guestBytes()),
                    "Guest RAM of vm " + vm.vm() + " still in the kernel's direct map after bring-up (the rest: "
                            + Sizes.format(vm.removedBytes()) + " removed).")));
            for (BackingExposure b : vm.backings()) {
                element(b.origin(), resource).map(NodeModelUtils::findActualNodeFor).ifPresent(node -> hints.add(new Hint(
                        node.getEndOffset(),
                        "in direct map: " + Sizes.format(b.directMapBytes())
                                + (b.hardwareProtectedBytes() > 0 ? " (hardware-protected)" : ""),
                        b.backing() + ": " + b.reason() + " (" + Sizes.format(b.guestBytes()) + " exposed to the guest)")));
            }
        }
        return hints;
    }

    /** A label with its result on each scenario of {@code resource} (none without a report). */
    public static List<Lens> lenses(Report report, XtextResource resource) {
        var lenses = new ArrayList<Lens>();
        if (report == null) {
            return lenses;
        }
        for (ScenarioResult r : report.scenarios()) {
            if (r.origin() instanceof EObjectOrigin o && o.element() instanceof Scenario s && s.eResource() == resource) {
                Checker.nameNode(s).ifPresent(node -> lenses.add(new Lens(node.getOffset(), node.getLength(), summary(r))));
            }
        }
        return lenses;
    }

    /** "passed (3 steps)", "1 of 3 steps failed", "not run: …". */
    public static String summary(ScenarioResult r) {
        if (!r.skipped().isEmpty()) {
            return "not run: " + r.skipped();
        }
        int total = r.steps().size();
        String steps = total + (total == 1 ? " step" : " steps");
        long failed = r.failedSteps();
        return failed == 0 ? "passed (" + steps + ")" : failed + " of " + steps + " failed";
    }

    private static Optional<EObject> element(Origin origin, XtextResource resource) {
        return origin instanceof EObjectOrigin o && o.element().eResource() == resource
                ? Optional.of(o.element())
                : Optional.empty();
    }
}
