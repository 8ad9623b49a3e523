package dev.vmem.engine.report;

import dev.vmem.engine.model.Origin;
import java.util.List;

/**
 * A scenario's run: every step's outcome in order. A scenario whose VM cannot be brought up (or does
 * not exist) has no steps and a reason.
 *
 * @param name    the scenario
 * @param vm      its VM
 * @param origin  the scenario declaration
 * @param steps   the step results
 * @param skipped why the scenario did not run, or "" if it ran
 */
public record ScenarioResult(String name, String vm, Origin origin, List<StepResult> steps, String skipped) {
    public ScenarioResult {
        steps = List.copyOf(steps);
        skipped = skipped == null ? "" : skipped;
    }

    public boolean passed() {
        return skipped.isEmpty() && steps.stream().allMatch(StepResult::passed);
    }

    public long failedSteps() {
        return steps.stream().filter(s -> !s.passed()).count();
    }
}
