package dev.vmem.engine.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one analysis run sees: the kernel profiles, VMs and scenarios of a file and of the
 * files it imports. Names are unique per kind (the DSL reports duplicates before mapping).
 */
public record Program(List<KernelDecl> kernels, List<VmDecl> vms, List<ScenarioDecl> scenarios) {

    public Program {
        kernels = List.copyOf(kernels);
        vms = List.copyOf(vms);
        scenarios = List.copyOf(scenarios);
    }

    public static Program of(List<KernelDecl> kernels, List<VmDecl> vms) {
        return new Program(kernels, vms, List.of());
    }

    public Optional<KernelDecl> kernel(String name) {
        return kernels.stream().filter(k -> k.name().equals(name)).findFirst();
    }

    public Optional<VmDecl> vm(String name) {
        return vms.stream().filter(v -> Objects.equals(v.name(), name)).findFirst();
    }
}
