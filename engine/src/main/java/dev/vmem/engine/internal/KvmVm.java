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
 * KVM_CREATE_VM: {@code virt/kvm/kvm_main.c} (kvm_dev_ioctl_create_vm) and the architecture's
 * {@code kvm_arch_init_vm} / {@code kvm_is_vm_type_supported} ({@code arch/x86/kvm/x86.c},
 * {@code arch/arm64/kvm/arm.c}).
 */
final class KvmVm extends KernelPart {

    KvmVm(Kernel kernel) {
        super(kernel);
    }

    Result createVm(Origin typeOrigin) {
        var t = Trace.builder("KVM_CREATE_VM(" + vm.decl.type().keyword() + ")");
        var missing = vm.profile.vmTypeMissing(vm.decl.type());
        if (missing.isPresent()) {
            t.kernel("kvm_dev_ioctl_create_vm → kvm_arch_init_vm", KernelFact.VM_TYPES);
            t.outcome("EINVAL: " + missing.get(), null);
            return Result.finding(Outcome.EINVAL, t.build(), Draft.of(Rule.KERNEL_FEATURE_MISSING,
                    missing.get() + "; KVM_CREATE_VM fails with EINVAL.", typeOrigin,
                    List.of(new Related(vm.decl.kernelOrigin(), "kernel profile " + vm.profile.describe()))));
        }
        var noTdp = tdpMissing(vm.decl.type());
        if (noTdp.isPresent()) {
            t.kernel(vm.decl.type() == VmType.TDX ? "tdx_bringup: !enable_ept / !tdp_mmu_enabled → TDX disabled"
                    : "sev_hardware_setup: !npt_enabled → SEV disabled", KernelFact.COCO_NEEDS_TDP);
            t.outcome("EINVAL: the VM type is not in kvm_caps.supported_vm_types", null);
            return Result.finding(Outcome.EINVAL, t.build(), Draft.of(Rule.KERNEL_FEATURE_MISSING,
                    noTdp.get() + ": KVM_CREATE_VM fails with EINVAL.", typeOrigin,
                    List.of(new Related(vm.decl.kernelOrigin(), "kernel profile " + vm.profile.describe()))));
        }
        if (vm.decl.type() == VmType.SW_PROTECTED && vm.profile.arch() == dev.vmem.engine.model.Arch.X86_64) {
            var build = vm.profile.swProtectedBuild();
            t.kernel("kvm_is_vm_type_supported: KVM_X86_SW_PROTECTED_VM needs CONFIG_KVM_SW_PROTECTED_VM",
                    KernelFact.X86_GMEM_KCONFIG);
            var rel = List.of(new Related(vm.decl.kernelOrigin(), "kernel profile " + vm.profile.describe()));
            if (build == dev.vmem.engine.kb.KernelProfile.Build.ABSENT) {
                t.outcome("EINVAL", null);
                return Result.finding(Outcome.EINVAL, t.build(), Draft.of(Rule.KERNEL_FEATURE_MISSING,
                        "KVM_X86_SW_PROTECTED_VM exists only with CONFIG_KVM_SW_PROTECTED_VM, which this profile turns off: KVM_CREATE_VM fails with EINVAL.",
                        typeOrigin, rel));
            }
            if (build == dev.vmem.engine.kb.KernelProfile.Build.DEPENDS) {
                t.outcome("may ok or EINVAL", null);
                return Result.may(java.util.Set.of(Outcome.OK, Outcome.EINVAL), t.build(),
                        Draft.of(Rule.BUILD_OPTION_UNKNOWN,
                                "KVM_X86_SW_PROTECTED_VM exists only in kernels built with CONFIG_KVM_SW_PROTECTED_VM (an EXPERT option distribution kernels usually lack); the profile does not say (config kvm_sw_protected_vm on|off), so KVM_CREATE_VM may fail with EINVAL. The analysis assumes it succeeds.",
                                typeOrigin, rel));
            }
        }
        return Result.ok(t.outcome("ok", null).build());
    }

    /** Why a confidential VM type is off for lack of TDP (sev_hardware_setup, tdx_bringup); empty when it is not. */
    private java.util.Optional<String> tdpMissing(VmType type) {
        var p = vm.profile;
        if (p.arch() != dev.vmem.engine.model.Arch.X86_64) {
            return java.util.Optional.empty();
        }
        if ((type == VmType.SEV || type == VmType.SEV_ES || type == VmType.SNP) && !p.tdp()) {
            return java.util.Optional.of(type.keyword()
                    + " VMs need nested paging, and this profile turns it off (kvm_amd.npt=0 or kvm_intel.ept=0): sev_hardware_setup() leaves SEV disabled");
        }
        if (type == VmType.TDX && !p.tdpMmu()) {
            return java.util.Optional.of("TDX VMs need EPT and the TDP MMU, and this profile turns "
                    + (p.tdp() ? "the TDP MMU off (kvm.tdp_mmu=0)" : "EPT off (kvm_intel.ept=0 or kvm_amd.npt=0)")
                    + ": tdx_bringup() leaves TDX disabled");
        }
        return java.util.Optional.empty();
    }
}
