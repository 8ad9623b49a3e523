package dev.vmem.engine.report;

import dev.vmem.engine.model.Operation;
import dev.vmem.engine.model.Origin;
import dev.vmem.engine.model.Outcome;
import java.util.Optional;

/**
 * What one scenario step did.
 *
 * @param index     the step's position, from 0
 * @param operation the operation run
 * @param outcome   what the kernel did
 * @param expected  what the step expected, if stated
 * @param trace     how the engine got there
 * @param origin    the step
 * @param possible  when {@code outcome} is {@link Outcome#UNKNOWN}: the outcomes the kernel may give
 *                  (empty when not even those are known, e.g. a combination that is not modelled)
 * @param expectMay the expectation is {@code expect may X}
 */
public record StepResult(int index, Operation operation, Outcome outcome, Optional<Outcome> expected, Trace trace,
        Origin origin, java.util.Set<Outcome> possible, boolean expectMay) {

    public StepResult {
        possible = possible == null ? java.util.Set.of() : java.util.Set.copyOf(possible);
    }

    /** A step with a definite outcome and a definite expectation, if any. */
    public StepResult(int index, Operation operation, Outcome outcome, Optional<Outcome> expected, Trace trace,
            Origin origin) {
        this(index, operation, outcome, expected, trace, origin, java.util.Set.of(), false);
    }

    /**
     * True when no expectation was stated or it was met. {@code expect X} needs X as the definite
     * outcome; {@code expect may X} needs X as the definite outcome or one of the possible ones.
     */
    public boolean passed() {
        return expected.map(e -> e == outcome || expectMay && possible.contains(e)).orElse(true);
    }

    /** The outcome as words: {@code efault}, or {@code may efault or ok} for an undecided one. */
    public String describeOutcome() {
        if (outcome != Outcome.UNKNOWN || possible.isEmpty()) {
            return outcome.keyword();
        }
        return "may " + String.join(" or ", possible.stream().sorted().map(Outcome::keyword).toList());
    }
}
