package dev.vmem.engine.internal;

import static dev.vmem.engine.internal.Kernel.add;
import static dev.vmem.engine.internal.Kernel.aligned;
import static dev.vmem.engine.internal.Kernel.hex;
import static dev.vmem.engine.internal.Kernel.roundUp;
import static dev.vmem.engine.internal.Kernel.size;
import static dev.vmem.engine.internal.VmState.PAGE;

import dev.vmem.engine.internal.Result.Draft;
import dev.vmem.engine.internal.UserPages.Gup;
import dev.vmem.engine.internal.VmState.Backing;
import dev.vmem.engine.internal.VmState.Slot;
import dev.vmem.engine.internal.VmState.Vma;
import dev.vmem.engine.kb.KernelFact;
import dev.vmem.engine.kb.KernelProfile.FlagVerdict;
import dev.vmem.engine.model.Access;
import dev.vmem.engine.model.AttributeDecl.MemoryAttribute;
import dev.vmem.engine.model.BackingKind;
import dev.vmem.engine.model.GmemFlag;
import dev.vmem.engine.model.GmemFlagDecl;
import dev.vmem.engine.model.Operation;
import dev.vmem.engine.model.Origin;
import dev.vmem.engine.model.Outcome;
import dev.vmem.engine.model.Sharing;
import dev.vmem.engine.model.SlotDecl;
import dev.vmem.engine.model.SlotFlag;
import dev.vmem.engine.model.VmType;
import dev.vmem.engine.report.Related;
import dev.vmem.engine.report.Rule;
import dev.vmem.engine.report.Trace;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * KVM_SET_MEMORY_ATTRIBUTES: {@code virt/kvm/kvm_main.c} (kvm_vm_ioctl_set_mem_attributes,
 * kvm_supported_mem_attributes), present only with CONFIG_KVM_GENERIC_MEMORY_ATTRIBUTES.
 */
final class MemoryAttributes extends KernelPart {

    MemoryAttributes(Kernel kernel) {
        super(kernel);
    }

    Result setAttributes(MemoryAttribute attribute, long gpa, long sz, Origin origin) {
        budget.spend(1);
        var type = vm.decl.type();
        var t = Trace.builder("KVM_SET_MEMORY_ATTRIBUTES(gpa " + hex(gpa) + ", size " + size(sz) + ", "
                + (attribute == MemoryAttribute.PRIVATE ? "KVM_MEMORY_ATTRIBUTE_PRIVATE" : "0") + ")");
        var exists = vm.profile.hasMemoryAttributesIoctl(type);
        boolean arm = vm.profile.arch() == dev.vmem.engine.model.Arch.ARM64;
        if (exists.isPresent() && !exists.get() && vm.profile.version().atLeast(6, 8)) {
            t.kernel(arm ? "kvm_vm_ioctl → kvm_arch_vm_ioctl: default -EINVAL (arm64 never selects the option)"
                    : "kvm_vm_ioctl: KVM_SET_MEMORY_ATTRIBUTES compiled out", KernelFact.MEMORY_ATTRIBUTES_KCONFIG);
            var outcome = arm ? Outcome.EINVAL : Outcome.ENOTTY;
            t.outcome(outcome.name(), null);
            return Result.finding(outcome, t.build(), Draft.of(Rule.KERNEL_FEATURE_MISSING,
                    "KVM_SET_MEMORY_ATTRIBUTES exists only with CONFIG_KVM_GENERIC_MEMORY_ATTRIBUTES"
                            + (arm ? ", which arm64 never selects: the ioctl fails with EINVAL."
                                    : ", which this profile turns off: the ioctl fails with ENOTTY."),
                    origin, List.of(new Related(vm.decl.kernelOrigin(), "kernel profile " + vm.profile.describe()))));
        }
        if (exists.isEmpty() && attribute == MemoryAttribute.SHARED) {
            t.kernel("kvm_vm_ioctl: KVM_SET_MEMORY_ATTRIBUTES only with CONFIG_KVM_GENERIC_MEMORY_ATTRIBUTES",
                    KernelFact.MEMORY_ATTRIBUTES_KCONFIG);
            t.outcome("may ok or ENOTTY", null);
            return Result.may(java.util.Set.of(Outcome.OK, Outcome.ENOTTY), t.build(), Draft.of(Rule.BUILD_OPTION_UNKNOWN,
                    "KVM_SET_MEMORY_ATTRIBUTES exists only in builds with CONFIG_KVM_GENERIC_MEMORY_ATTRIBUTES (x86 builds with SW_PROTECTED, SEV or TDX support); the profile does not say, so the ioctl may fail with ENOTTY.",
                    origin, List.of(new Related(vm.decl.kernelOrigin(), "kernel profile " + vm.profile.describe()))));
        }
        t.kernel("kvm_vm_ioctl_set_mem_attributes → kvm_supported_mem_attributes", KernelFact.MEMORY_ATTRIBUTES);
        if (attribute == MemoryAttribute.PRIVATE && !vm.profile.privateAttributes(type)) {
            t.outcome("EINVAL: attribute not supported", null);
            var why = !vm.profile.version().atLeast(6, 8) ? "KVM_SET_MEMORY_ATTRIBUTES arrived in Linux 6.8"
                    : type.keyword() + " VMs have no private memory (KVM_CAP_MEMORY_ATTRIBUTES is 0)";
            return Result.finding(Outcome.EINVAL, t.build(), Draft.of(Rule.ATTRIBUTES_UNSUPPORTED,
                    why + ": setting KVM_MEMORY_ATTRIBUTE_PRIVATE fails with EINVAL.", origin,
                    List.of(new Related(vm.decl.typeOrigin(), "VM type " + type.keyword()))));
        }
        if (sz == 0 || add(gpa, sz).isEmpty()) {
            t.outcome("EINVAL", null);
            return Result.finding(Outcome.EINVAL, t.build(), Draft.of(Rule.INVALID_ARGUMENT,
                    "Memory attribute range [" + hex(gpa) + ", +" + size(sz) + ") is empty or overflows: EINVAL.",
                    origin, List.of()));
        }
        if (!aligned(gpa) || !aligned(sz)) {
            t.outcome("EINVAL: unaligned", null);
            return Result.finding(Outcome.EINVAL, t.build(), Draft.of(Rule.MISALIGNED,
                    "Memory attribute range [" + hex(gpa) + ", +" + size(sz) + ") is not page aligned: EINVAL.", origin,
                    List.of()));
        }
        vm.privateGpa.put(gpa, gpa + sz, attribute == MemoryAttribute.PRIVATE ? Boolean.TRUE : null);
        return Result.ok(t.outcome("ok", null).build());
    }
}
