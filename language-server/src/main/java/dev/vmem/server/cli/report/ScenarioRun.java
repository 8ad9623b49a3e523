package dev.vmem.server.cli.report;

import java.util.List;

/**
 * One scenario's run.
 *
 * @param name    the scenario
 * @param vm      its VM
 * @param span    the declaration
 * @param skipped why it did not run, or "" when it ran
 * @param steps   every step in order
 */
public record ScenarioRun(String name, String vm, Span span, String skipped, List<Step> steps) {

    public ScenarioRun {
        steps = List.copyOf(steps);
        skipped = skipped == null ? "" : skipped;
    }

    public boolean passed() {
        return skipped.isEmpty() && steps.stream().allMatch(Step::passed);
    }

    /**
     * One step.
     *
     * @param index     position in the scenario, from 0
     * @param operation the step's operation as written (whitespace collapsed)
     * @param outcome   what the kernel did (outcome keyword)
     * @param expected  the expected outcome keyword, or null when the step states none
     * @param span      the step
     * @param trace     how the engine got there
     */
    public record Step(int index, String operation, String outcome, String expected, Span span, List<TraceLink> trace) {
        public Step {
            trace = List.copyOf(trace);
        }

        public boolean passed() {
            return expected == null || expected.equals(outcome);
        }
    }
}
