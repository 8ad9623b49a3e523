package dev.vmem.engine.report;

import dev.vmem.engine.kb.KernelProfile;
import dev.vmem.engine.model.Origin;
import dev.vmem.engine.model.VmType;
import java.util.List;
import java.util.Optional;

/**
 * The result of one engine run.
 *
 * @param findings  diagnostics, in a stable order (by VM, then by the order the engine reached them)
 * @param exposures one exposure summary per VM that was brought up
 * @param scenarios one result per scenario
 * @param notes     per-element explanations for hovers
 * @param profiles  the resolved kernel profile of each VM
 * @param complete  false when the work budget ran out or the run was cancelled
 * @param layouts   one layout per VM that was brought up, for pictures
 */
public record Report(List<Finding> findings, List<VmExposure> exposures, List<ScenarioResult> scenarios,
        List<ElementNote> notes, List<ResolvedProfile> profiles, boolean complete, List<VmLayout> layouts) {

    public Report {
        findings = List.copyOf(findings);
        exposures = List.copyOf(exposures);
        scenarios = List.copyOf(scenarios);
        notes = List.copyOf(notes);
        profiles = List.copyOf(profiles);
        layouts = List.copyOf(layouts);
    }

    public Optional<VmLayout> layout(String vm) {
        return layouts.stream().filter(l -> l.vm().equals(vm)).findFirst();
    }

    /** Findings with the given code. */
    public List<Finding> findings(String code) {
        return findings.stream().filter(f -> f.code().equals(code)).toList();
    }

    /** The notes about one element. */
    public List<ElementNote> notesFor(Origin origin) {
        return notes.stream().filter(n -> n.origin().equals(origin)).toList();
    }

    public Optional<VmExposure> exposure(String vm) {
        return exposures.stream().filter(e -> e.vm().equals(vm)).findFirst();
    }

    public Optional<ScenarioResult> scenario(String name) {
        return scenarios.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /**
     * The kernel profile a VM ran under.
     *
     * @param vm          the VM
     * @param profileName the declared profile name, or "" for the built-in default
     * @param description e.g. "Linux 6.18 x86_64 + no_direct_map v12"
     * @param profile     the profile itself (what the kernel offers: flags, VM types, backings)
     * @param type        the VM's type
     */
    public record ResolvedProfile(String vm, String profileName, String description, KernelProfile profile,
            VmType type) {
    }
}
