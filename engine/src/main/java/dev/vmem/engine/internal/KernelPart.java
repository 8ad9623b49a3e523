package dev.vmem.engine.internal;

/**
 * One modelled kernel file or subsystem. Each part acts on the VM's {@link VmState}, spends the
 * run's {@link Budget}, and reaches the other parts through the {@link Kernel} facade.
 */
abstract class KernelPart {

    final Kernel kernel;
    final VmState vm;
    final Budget budget;

    KernelPart(Kernel kernel) {
        this.kernel = kernel;
        this.vm = kernel.vm;
        this.budget = kernel.budget;
    }
}
