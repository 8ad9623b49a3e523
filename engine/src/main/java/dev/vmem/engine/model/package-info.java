/**
 * The engine's immutable input model: kernel profiles, virtual machines and scenarios as plain
 * records. Callers (the DSL mapper, tests, other front ends) build a {@link dev.vmem.engine.model.Program}
 * and hand it to {@link dev.vmem.engine.Engine#run}. Every element carries an {@link dev.vmem.engine.model.Origin},
 * an opaque handle that the engine never interprets and gives back on findings, so that a caller
 * can place each finding on the element it is about.
 *
 * <p>Numbers are unsigned 64-bit quantities held in {@code long}; the engine compares and adds them
 * as unsigned values and reports overflow rather than wrapping. References between elements
 * (a slot's backing, a VM's kernel) are by name; the engine resolves them in its own tables.
 */
package dev.vmem.engine.model;
