package dev.vmem.engine.model;

import java.util.List;
import java.util.Objects;

/**
 * A scenario: operations run in order against a VM's state after bring-up, or, {@code from scratch},
 * against a VM whose backing objects exist but which has no mappings, memslots or attributes yet.
 *
 * @param name        the scenario's name
 * @param vm          the VM's name
 * @param vmOrigin    where the VM is named
 * @param fromScratch start before the bring-up's mappings, memslots and attributes
 * @param steps       the steps, in order
 * @param origin      the whole declaration
 */
public record ScenarioDecl(String name, String vm, Origin vmOrigin, boolean fromScratch, List<StepDecl> steps,
        Origin origin) {
    public ScenarioDecl {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(vm, "vm");
        vmOrigin = vmOrigin == null ? Origin.NONE : vmOrigin;
        steps = List.copyOf(steps);
        origin = origin == null ? Origin.NONE : origin;
    }
}
