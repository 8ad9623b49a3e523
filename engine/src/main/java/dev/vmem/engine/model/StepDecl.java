package dev.vmem.engine.model;

import java.util.Objects;
import java.util.Optional;

/**
 * One scenario step: an operation and, optionally, the outcome it is expected to have.
 *
 * @param operation    what to do
 * @param expect       the expected outcome, if stated
 * @param expectOrigin where the expectation is written
 * @param origin       the whole step
 * @param expectMay    {@code expect may X}: X only needs to be a possible outcome
 */
public record StepDecl(Operation operation, Optional<Outcome> expect, Origin expectOrigin, Origin origin,
        boolean expectMay) {

    /** A step whose expectation, if any, is a definite outcome. */
    public StepDecl(Operation operation, Optional<Outcome> expect, Origin expectOrigin, Origin origin) {
        this(operation, expect, expectOrigin, origin, false);
    }

    public StepDecl {
        Objects.requireNonNull(operation, "operation");
        expect = expect == null ? Optional.empty() : expect;
        expectOrigin = expectOrigin == null ? Origin.NONE : expectOrigin;
        origin = origin == null ? Origin.NONE : origin;
    }

    public static StepDecl of(Operation operation, Outcome expected) {
        var o = Origin.named("step " + operation);
        return new StepDecl(operation, Optional.ofNullable(expected), o, o);
    }

    /** A step that expects {@code expected} as one possible outcome ({@code expect may}). */
    public static StepDecl may(Operation operation, Outcome expected) {
        var o = Origin.named("step " + operation);
        return new StepDecl(operation, Optional.of(expected), o, o, true);
    }
}
