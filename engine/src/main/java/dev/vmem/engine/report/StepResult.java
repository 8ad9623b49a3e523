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
 */
public record StepResult(int index, Operation operation, Outcome outcome, Optional<Outcome> expected, Trace trace,
        Origin origin) {

    /** True when no expectation was stated or it was met. */
    public boolean passed() {
        return expected.map(e -> e == outcome).orElse(true);
    }
}
