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
 * guest_memfd: {@code virt/kvm/guest_memfd.c} (kvm_gmem_create, kvm_gmem_get_supported_flags,
 * kvm_gmem_bind, kvm_gmem_get_pfn, kvm_gmem_mmap, kvm_gmem_fault_user_mapping, kvm_gmem_fallocate)
 * with the direct-map removal series' additions (folio_zap_direct_map).
 */
final class GuestMemfd extends KernelPart {

    GuestMemfd(Kernel kernel) {
        super(kernel);
    }

    Result create(Backing b) {
        var d = b.decl;
        var type = vm.decl.type();
        var flags = String.join(" | ", d.flags().stream().map(f -> f.flag().keyword()).toList());
        var t = Trace.builder("KVM_CREATE_GUEST_MEMFD(size " + size(d.size()) + ", flags "
                + (flags.isEmpty() ? "0" : flags) + ") on a " + type.keyword() + " VM");
        var kernelRel = List.of(new Related(vm.decl.kernelOrigin(), "kernel profile " + vm.profile.describe()));
        if (!vm.profile.hasGuestMemfd()) {
            boolean arm = vm.profile.arch() == dev.vmem.engine.model.Arch.ARM64;
            t.state(vm.profile.describe(), arm ? KernelFact.ARM64_GMEM : KernelFact.GMEM_HISTORY);
            t.outcome(arm ? "EINVAL: arm64 kvm_arch_vm_ioctl() default" : "EINVAL: KVM_CREATE_GUEST_MEMFD does not exist before 6.8", null);
            return Result.finding(Outcome.EINVAL, t.build(), Draft.of(Rule.KERNEL_FEATURE_MISSING,
                    (arm ? "arm64 selects KVM_GUEST_MEMFD from Linux 6.18; before it KVM_CREATE_GUEST_MEMFD falls to kvm_arch_vm_ioctl() and fails with EINVAL (this profile is "
                            : "guest_memfd (KVM_CREATE_GUEST_MEMFD) arrived in Linux 6.8 (this profile is ")
                            + vm.profile.version() + ").",
                    d.origin(), kernelRel));
        }
        var build = vm.profile.gmemBuild(type);
        if (build == dev.vmem.engine.kb.KernelProfile.Build.ABSENT) {
            t.state("CONFIG_KVM_SW_PROTECTED_VM=n", KernelFact.X86_GMEM_KCONFIG);
            t.outcome("EINVAL: no guest_memfd in this build", null);
            return Result.finding(Outcome.EINVAL, t.build(), Draft.of(Rule.KERNEL_FEATURE_MISSING,
                    "On Linux " + vm.profile.version()
                            + " x86 guest_memfd for a " + type.keyword() + " VM comes only with CONFIG_KVM_SW_PROTECTED_VM, which this profile turns off: KVM_CREATE_GUEST_MEMFD fails.",
                    d.origin(), kernelRel));
        }
        if (d.hasFlag(GmemFlag.NO_DIRECT_MAP) && vm.profile.unknownNoDirectMapRevision()) {
            t.state("no_direct_map v" + vm.profile.declaredNoDirectMapRevision() + ": newer than v12, the last posted",
                    KernelFact.NDM_REVISIONS);
            t.outcome("unknown", null);
            return Result.may(java.util.Set.of(), t.build(), Draft.of(Rule.UNKNOWN_PATCH_REVISION,
                    "no_direct_map v" + vm.profile.declaredNoDirectMapRevision()
                            + " is newer than v12, the last revision posted; the series is being redesigned (folios leave the direct map when they enter the page cache), so v12's semantics are not assumed and what KVM_CREATE_GUEST_MEMFD and the guest's faults do with "
                            + b.name() + " is unknown.",
                    b.flagOrigin(GmemFlag.NO_DIRECT_MAP), kernelRel).with("backing", b.name()));
        }
        t.kernel("kvm_gmem_create → kvm_gmem_get_supported_flags", KernelFact.GMEM_SUPPORTED_FLAGS);
        // The ioctl fails once; report the most specific reason and list the other refused flags.
        GmemFlagDecl worst = null;
        FlagVerdict worstVerdict = FlagVerdict.OFFERED;
        var refused = new ArrayList<GmemFlagDecl>();
        for (var f : d.flags()) {
            var v = vm.profile.gmemFlag(f.flag(), type);
            if (v != FlagVerdict.OFFERED) {
                refused.add(f);
                if (worst == null || rank(v) > rank(worstVerdict)) {
                    worst = f;
                    worstVerdict = v;
                }
            }
        }
        if (worst != null) {
            var related = new ArrayList<Related>();
            related.add(new Related(vm.decl.kernelOrigin(), "kernel profile " + vm.profile.describe()));
            for (var f : refused) {
                if (f != worst) {
                    related.add(new Related(f.origin(), "also refused: " + f.flag().keyword()));
                }
            }
            var draft = flagDraft(b, worst, worstVerdict, type, related);
            t.state(draft.message(), null);
            t.outcome("EINVAL: flags & ~supported", KernelFact.GMEM_CREATE);
            return Result.finding(Outcome.EINVAL, t.build(), draft.with("flag", worst.flag().keyword()));
        }
        if (d.size() == 0) {
            return kernel.mm.sizeZero(b, t);
        }
        if (!aligned(d.size())) {
            t.outcome("EINVAL: !PAGE_ALIGNED(size)", KernelFact.GMEM_CREATE);
            return Result.finding(Outcome.EINVAL, t.build(), Draft.of(Rule.MISALIGNED,
                    "guest_memfd size " + Long.toUnsignedString(d.size())
                            + " is not a multiple of the 4 KiB page size: KVM_CREATE_GUEST_MEMFD fails with EINVAL.",
                    d.sizeOrigin(), List.of()));
        }
        b.created = true;
        b.fdOpen = true;
        if (b.has(GmemFlag.NO_DIRECT_MAP)) {
            t.kernel("mapping_set_no_direct_map(inode->i_mapping) (AS_NO_DIRECT_MAP)", KernelFact.NDM_FLAG);
        }
        if (build == dev.vmem.engine.kb.KernelProfile.Build.DEPENDS) {
            t.state("x86 guest_memfd on " + vm.profile.version() + " depends on the build", KernelFact.X86_GMEM_KCONFIG);
            t.outcome("may ok or EINVAL", null);
            return Result.may(java.util.Set.of(Outcome.OK, Outcome.EINVAL), t.build(), Draft.of(Rule.BUILD_OPTION_UNKNOWN,
                    "On Linux " + vm.profile.version() + " x86 guest_memfd for a " + type.keyword()
                            + " VM exists only in builds with CONFIG_KVM_SW_PROTECTED_VM"
                            + (vm.profile.version().atLeast(6, 11) ? " or SEV support (CONFIG_KVM_AMD_SEV)" : "")
                            + "; the profile does not say (config kvm_sw_protected_vm on|off), so KVM_CREATE_GUEST_MEMFD for "
                            + b.name() + " may fail. The analysis assumes it exists.",
                    d.origin(), kernelRel).with("backing", b.name()));
        }
        return Result.ok(t.outcome("ok: mapping_set_inaccessible, folios order-0", null).build());
    }

    private static int rank(FlagVerdict v) {
        return switch (v) {
            case OFFERED -> 0;
            case NOT_OFFERED -> 1;
            case MISSING -> 2;
            case REFUSED_SNP, REFUSED_TDX -> 3;
        };
    }

    private Draft flagDraft(Backing b, GmemFlagDecl flag, FlagVerdict verdict, VmType type, List<Related> related) {
        var p = vm.profile;
        return switch (verdict) {
            case REFUSED_TDX -> Draft.of(Rule.TD_NO_DIRECT_MAP_GMEM,
                    "no_direct_map v" + p.noDirectMapRevision()
                            + " does not offer GUEST_MEMFD_FLAG_NO_DIRECT_MAP to TDX VMs (kvm_arch_gmem_supports_no_direct_map excludes KVM_X86_TDX_VM): KVM_CREATE_GUEST_MEMFD fails with EINVAL.",
                    flag.origin(), related);
            case REFUSED_SNP -> Draft.of(Rule.SNP_NO_DIRECT_MAP_GMEM,
                    "no_direct_map v" + p.noDirectMapRevision()
                            + " does not offer GUEST_MEMFD_FLAG_NO_DIRECT_MAP to SEV-SNP VMs (population and invalidation use the direct map): KVM_CREATE_GUEST_MEMFD fails with EINVAL.",
                    flag.origin(), related);
            case MISSING -> Draft.of(Rule.KERNEL_FEATURE_MISSING, switch (flag.flag()) {
                case MMAP, INIT_SHARED -> "GUEST_MEMFD_FLAG_" + flag.flag().name() + " arrived in Linux 6.18; on "
                        + p.version() + " it is an unknown flag and KVM_CREATE_GUEST_MEMFD fails with EINVAL.";
                case NO_DIRECT_MAP -> "GUEST_MEMFD_FLAG_NO_DIRECT_MAP exists only with the unmerged direct-map removal series (patch no_direct_map); without it KVM_CREATE_GUEST_MEMFD fails with EINVAL.";
            }, flag.origin(), related);
            case NOT_OFFERED -> Draft.of(Rule.GMEM_FLAG_UNSUPPORTED, switch (flag.flag()) {
                case INIT_SHARED -> "KVM does not offer GUEST_MEMFD_FLAG_INIT_SHARED to " + type.keyword()
                        + " VMs: they track private memory (kvm_arch_supports_gmem_init_shared is !kvm_arch_has_private_mem). KVM_CREATE_GUEST_MEMFD fails with EINVAL.";
                case NO_DIRECT_MAP -> "arm64 offers GUEST_MEMFD_FLAG_NO_DIRECT_MAP only with a 4 KiB linear map and ARM64_HAS_STAGE2_FWB"
                        + (p.canSetDirectMap() ? " (this host lacks stage2_fwb)" : " (this host lacks linear_map_4k)")
                        + ": KVM_CREATE_GUEST_MEMFD fails with EINVAL.";
                case MMAP -> "GUEST_MEMFD_FLAG_MMAP is not offered here: KVM_CREATE_GUEST_MEMFD fails with EINVAL.";
            }, flag.origin(), related);
            case OFFERED -> throw new IllegalStateException();
        };
    }

    /** kvm_gmem_bind; empty on success. */
    Optional<Result> bind(SlotDecl d, long sz, Backing g, Trace.Builder t) {
        t.kernel("kvm_gmem_bind", KernelFact.GMEM_BIND);
        var name = d.guestMemfd().get();
        if (g == null || !g.isGmem()) {
            t.outcome("EINVAL: f_op != &kvm_gmem_fops", null);
            return Optional.of(Result.finding(Outcome.EINVAL, t.build(), Draft.of(Rule.GMEM_BINDING_INVALID,
                    "Slot " + d.id() + " binds " + name + ", which is " + (g == null ? "not a backing of this VM"
                            : "a " + g.kind().keyword() + ", not a guest_memfd")
                            + ": kvm_gmem_bind fails with EINVAL.",
                    d.guestMemfdOrigin(), g == null ? List.of() : List.of(new Related(g.decl.origin(), "the backing")))));
        }
        if (!g.created || g.released) {
            // The creation already failed (its own finding says why) or the file is gone.
            t.outcome(g.released ? "EBADF: the guest_memfd was closed" : "EBADF: the guest_memfd was never created",
                    null);
            return Optional.of(Result.of(Outcome.EBADF, t.build()));
        }
        if (vm.profile.arch() == dev.vmem.engine.model.Arch.ARM64 && !g.has(GmemFlag.MMAP)) {
            t.kernel("arm64 kvm_arch_prepare_memory_region: guest_memfd slot must be GMEM_ONLY", KernelFact.ARM64_GMEM);
            t.outcome("EINVAL", null);
            return Optional.of(Result.finding(Outcome.EINVAL, t.build(), Draft.of(Rule.GMEM_BINDING_INVALID,
                    "Slot " + d.id() + " binds " + name
                            + ", created without GUEST_MEMFD_FLAG_MMAP: arm64 accepts only GMEM_ONLY guest_memfd slots (there are no arm64 CoCo VMs with private-only memory), so KVM_SET_USER_MEMORY_REGION2 fails with EINVAL.",
                    d.guestMemfdOrigin(), List.of(new Related(g.decl.origin(), "the guest_memfd")))));
        }
        long end = d.guestMemfdOffset() + sz;
        if (Long.compareUnsigned(end, d.guestMemfdOffset()) < 0 || Long.compareUnsigned(end, g.size) > 0) {
            t.outcome("EINVAL: offset + size > i_size", null);
            return Optional.of(Result.finding(Outcome.EINVAL, t.build(), Draft.of(Rule.GMEM_BINDING_INVALID,
                    "Slot " + d.id() + " binds [" + hex(d.guestMemfdOffset()) + ", " + hex(end) + ") of " + name
                            + ", past its end (" + size(g.size) + "): kvm_gmem_bind fails with EINVAL.",
                    d.guestMemfdOrigin(), List.of(new Related(g.decl.origin(), "the guest_memfd")))));
        }
        var clash = g.bindings.firstOverlap(d.guestMemfdOffset(), end);
        if (clash != null && vm.profile.gmemBindOverlapState() == dev.vmem.engine.kb.StableFix.State.DEPENDS) {
            t.kernel("xa_find(&gmem->bindings) finds slot " + clash.value(), KernelFact.GMEM_BIND_OVERLAP_EEXIST);
            t.state(dev.vmem.engine.kb.StableFix.GMEM_BIND_EEXIST.ambiguity(vm.profile.declared()), KernelFact.STABLE_FIXES);
            t.outcome("may EINVAL or EEXIST", null);
            var other = vm.slots.get(clash.value());
            return Optional.of(Result.may(java.util.Set.of(Outcome.EINVAL, Outcome.EEXIST), t.build(), Draft.of(
                    Rule.GMEM_BINDING_OVERLAP,
                    "Slot " + d.id() + " binds [" + hex(d.guestMemfdOffset()) + ", " + hex(end) + ") of " + name
                            + ", which overlaps the range bound by slot " + clash.value()
                            + ": kvm_gmem_bind fails with EINVAL or, with the bind rework, EEXIST; "
                            + dev.vmem.engine.kb.StableFix.GMEM_BIND_EEXIST.ambiguity(vm.profile.declared()) + ".",
                    d.guestMemfdOrigin(),
                    other == null ? List.of() : List.of(new Related(other.decl.origin(), "slot " + other.id)))));
        }
        if (clash != null) {
            boolean eexist = vm.profile.gmemBindOverlapIsEexist();
            var outcome = eexist ? Outcome.EEXIST : Outcome.EINVAL;
            t.kernel("xa_find(&gmem->bindings) finds slot " + clash.value(),
                    eexist ? KernelFact.GMEM_BIND_OVERLAP_EEXIST : KernelFact.GMEM_BIND);
            t.outcome(outcome.name(), null);
            var other = vm.slots.get(clash.value());
            return Optional.of(Result.finding(outcome, t.build(), Draft.of(Rule.GMEM_BINDING_OVERLAP,
                    "Slot " + d.id() + " binds [" + hex(d.guestMemfdOffset()) + ", " + hex(end) + ") of " + name
                            + ", which overlaps the range bound by slot " + clash.value() + ": kvm_gmem_bind fails with "
                            + outcome.name() + (eexist ? " (7ea987a90585: 7.2, stable 6.12.118)" : " (before 7.2)")
                            + ".",
                    d.guestMemfdOrigin(),
                    other == null ? List.of() : List.of(new Related(other.decl.origin(), "slot " + other.id)))));
        }
        return Optional.empty();
    }

    /** kvm_gmem_get_pfn for a guest fault in a guest_memfd slot. */
    Result getPfn(Slot s, long gpa, long len, Trace.Builder t) {
        var g = s.gmem;
        t.kernel("kvm_gmem_get_pfn", KernelFact.GMEM_GET_PFN);
        if (g.released) {
            t.state(g.name() + " was closed: its bindings are gone", null);
            t.outcome("KVM_EXIT_MEMORY_FAULT: kvm_gmem_get_pfn returns -EFAULT", null);
            return Result.of(Outcome.MEMORY_FAULT, t.build());
        }
        long off = s.gmemOffset + (gpa - s.gpa);
        g.allocated.put(off, off + len, true);
        if (g.has(GmemFlag.NO_DIRECT_MAP)) {
            t.kernel(vm.profile.tlbFlushAfterZap() ? "folio_zap_direct_map + TLB flush"
                    : "folio_zap_direct_map without TLB flush (guest_memfd_tlb_flush=off)", KernelFact.NDM_FLAG);
            g.removed.put(off, off + len, true);
            g.pendingZap.put(off, off + len, null);
            if (vm.decl.type() == VmType.TDX && s.decl != null && vm.isPrivate(gpa)) {
                t.kernel("tdx_gmem_aug → tdh_mem_page_aug → tdx_clflush_page(page_to_virt(page))",
                        KernelFact.TDX_CLFLUSH);
                t.outcome("oops: clflush of a not-present direct-map address", KernelFact.UNMAPPED_DIRECT_MAP_OOPS);
                return Result.of(Outcome.OOPS, t.build());
            }
        } else if (vm.decl.type() == VmType.SNP) {
            t.kernel("kvm_arch_gmem_prepare → sev_gmem_prepare → rmp_make_private", KernelFact.SNP_DIRECT_MAP);
        }
        return Result.ok(t.outcome("ok: the guest_memfd PFN is mapped into stage-2", null));
    }

    /** kvm_gmem_mmap: needs GUEST_MEMFD_FLAG_MMAP and a shared mapping; empty when the mapping may proceed. */
    Optional<Result> mmap(Backing b, Sharing sharing, Origin origin, Trace.Builder t) {
        t.kernel("kvm_gmem_mmap", KernelFact.GMEM_MMAP);
        if (!b.has(GmemFlag.MMAP)) {
            t.state(b.name() + " was created without GUEST_MEMFD_FLAG_MMAP", null);
            t.outcome("ENODEV", null);
            return Optional.of(Result.finding(Outcome.ENODEV, t.build(), Draft.of(Rule.GMEM_MMAP_UNSUPPORTED,
                    "guest_memfd " + b.name()
                            + " was created without GUEST_MEMFD_FLAG_MMAP, so kvm_gmem_mmap() refuses the mapping with ENODEV.",
                    origin, List.of(new Related(b.decl.origin(), "the guest_memfd backing"))).with("backing", b.name())));
        }
        if (sharing == Sharing.PRIVATE) {
            t.kernel("kvm_gmem_mmap: needs VM_SHARED|VM_MAYSHARE", KernelFact.GMEM_MMAP);
            t.outcome("EINVAL", null);
            return Optional.of(Result.finding(Outcome.EINVAL, t.build(), Draft.of(Rule.SHARED_MAPPING_REQUIRED,
                    "guest_memfd memory can only be mapped MAP_SHARED; MAP_PRIVATE of " + b.name() + " fails with EINVAL.",
                    origin, List.of(new Related(b.decl.origin(), "the backing"))).with("backing", b.name())));
        }
        return Optional.empty();
    }

    /** kvm_gmem_fault_user_mapping for a host fault on a guest_memfd mapping; empty when the page is faulted in. */
    Optional<Result> faultUser(Backing b, long off, long fileEnd, Trace.Builder t) {
        t.kernel("kvm_gmem_fault_user_mapping", KernelFact.GMEM_FAULT_USER);
        if (!b.has(GmemFlag.INIT_SHARED)) {
            t.state(b.name() + " lacks GUEST_MEMFD_FLAG_INIT_SHARED: its memory is private", null);
            t.outcome("SIGBUS", null);
            return Optional.of(Result.of(Outcome.SIGBUS, t.build()));
        }
        if (b.released) {
            t.outcome("SIGBUS", null);
            return Optional.of(Result.of(Outcome.SIGBUS, t.build()));
        }
        if (b.has(GmemFlag.NO_DIRECT_MAP)) {
            t.kernel("folio_zap_direct_map" + (vm.profile.tlbFlushAfterZap() ? " + flush_tlb_kernel_range"
                    : " without TLB flush (guest_memfd_tlb_flush=off)"), KernelFact.NDM_FLAG);
            b.removed.put(off, fileEnd, true);
            b.pendingZap.put(off, fileEnd, null);
        }
        return Optional.empty();
    }

    /** kvm_gmem_fallocate: allocate or punch a hole. */
    Result fallocate(Backing b, Operation.FallocateMode mode, long off, long len, Trace.Builder t) {
        t.kernel("kvm_gmem_fallocate", KernelFact.GMEM_FALLOCATE);
        if (!aligned(off) || !aligned(len)) {
            t.outcome("EINVAL: offset and len must be page aligned", null);
            return Result.of(Outcome.EINVAL, t.build());
        }
        var end = add(off, len);
        if (end.isEmpty()) {
            t.outcome("EINVAL: range overflows", null);
            return Result.of(Outcome.EINVAL, t.build());
        }
        if (mode == Operation.FallocateMode.ALLOCATE) {
            if (Long.compareUnsigned(end.get(), b.size) > 0) {
                t.outcome("EINVAL: allocation beyond i_size", null);
                return Result.of(Outcome.EINVAL, t.build());
            }
            b.allocated.put(off, end.get(), true);
            if (b.has(GmemFlag.NO_DIRECT_MAP)) {
                t.state("preallocated folios stay in the direct map until first use", KernelFact.NDM_POPULATE_WINDOW);
                b.pendingZap.put(off, end.get(), true);
            }
            return Result.ok(t.outcome("ok", null).build());
        }
        // Punch: zap SPTEs of bound slots, truncate the page cache; folios freed restore the direct map.
        b.allocated.put(off, end.get(), null);
        b.removed.put(off, end.get(), null);
        b.pendingZap.put(off, end.get(), null);
        for (var v : vm.vmas) {
            if (v.backing == b) {
                budget.spend(1);
                v.populated.put(off, end.get(), null);
            }
        }
        return Result.ok(t.outcome("ok: punching at or beyond i_size also succeeds", null).build());
    }
}
