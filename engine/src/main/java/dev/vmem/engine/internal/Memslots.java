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
 * KVM_SET_USER_MEMORY_REGION2: {@code virt/kvm/kvm_main.c} (kvm_set_memory_region,
 * check_memory_region_flags, kvm_check_memslot_overlap) and kvm_arch_prepare_memory_region's
 * guest-physical limits ({@code arch/x86/kvm/x86.c}, {@code arch/arm64/kvm/mmu.c}).
 */
final class Memslots extends KernelPart {

    Memslots(Kernel kernel) {
        super(kernel);
    }

    /** KVM_USER_MEM_SLOTS on x86 (KVM_CAP_NR_MEMSLOTS). */
    static final long USER_MEM_SLOTS = 32764;
    /** KVM_ADDRESS_SPACE_NUM on x86 (normal and SMM). */
    static final long ADDRESS_SPACES = 2;
    /** KVM_MEM_MAX_NR_PAGES: (1 << 31) - 1 pages per memslot. */
    static final long MAX_SLOT_PAGES = (1L << 31) - 1;

    /** KVM_SET_USER_MEMORY_REGION2: create, or modify an existing id. */
    Result setMemoryRegion(SlotDecl d) {
        budget.spend(1);
        var type = vm.decl.type();
        var p = vm.profile;
        var gmemBacking = d.guestMemfd().map(n -> vm.backings.get(n));
        var userBacking = d.userspace().map(n -> vm.backings.get(n));
        Optional<Vma> userVma = userBacking.flatMap(vm::firstVma);
        long uaddr = userVma.map(v -> v.start + d.userspaceOffset()).orElse(VmState.NO_HVA);
        var t = Trace.builder(() -> "KVM_SET_USER_MEMORY_REGION2(slot " + d.id() + ", gpa " + hex(d.gpa())
                + (d.guestMemfd().isPresent() ? ", KVM_MEM_GUEST_MEMFD " + d.guestMemfd().get() : "") + ")");
        t.kernel("kvm_set_memory_region → check_memory_region_flags", KernelFact.MEMSLOT_FLAGS);
        boolean gmem = d.guestMemfd().isPresent();
        if (gmem && !p.gmemSlotsAllowed(type)) {
            t.outcome("EINVAL: KVM_MEM_GUEST_MEMFD is not a valid flag here", null);
            var why = !p.hasGuestMemfd() ? "guest_memfd arrived in Linux 6.8"
                    : "before 6.18 KVM_MEM_GUEST_MEMFD is valid only for VMs with private memory (this VM is "
                            + type.keyword() + " on " + p.version() + ")";
            return Result.finding(Outcome.EINVAL, t.build(), Draft.of(Rule.KERNEL_FEATURE_MISSING,
                    why + ": KVM_SET_USER_MEMORY_REGION2 fails with EINVAL.", d.guestMemfdOrigin(),
                    List.of(new Related(vm.decl.kernelOrigin(), "kernel profile " + p.describe()))));
        }
        for (var f : d.flags()) {
            if (gmem) {
                t.outcome("EINVAL: " + f.flag().keyword() + " with KVM_MEM_GUEST_MEMFD", null);
                var why = f.flag() == SlotFlag.LOG_DIRTY_PAGES
                        ? "dirty logging is not supported on guest_memfd memslots (check_memory_region_flags drops KVM_MEM_LOG_DIRTY_PAGES)"
                        : "read-only guest_memfd memslots are not supported (KVM cannot emulate MMIO on private memory)";
                return Result.finding(Outcome.EINVAL, t.build(), Draft.of(Rule.GMEM_SLOT_FLAGS,
                        "Slot " + d.id() + ": " + why + "; KVM_SET_USER_MEMORY_REGION2 fails with EINVAL.", f.origin(),
                        List.of(new Related(d.guestMemfdOrigin(), "the guest_memfd binding"))).with("flag",
                                f.flag().keyword()));
            }
            if (f.flag() == SlotFlag.READONLY
                    && (type == VmType.TDX || type == VmType.SNP || type == VmType.SEV_ES)) {
                t.outcome("EINVAL: kvm_arch_has_readonly_mem is false", null);
                return Result.finding(Outcome.EINVAL, t.build(), Draft.of(Rule.INVALID_ARGUMENT,
                        type.keyword() + " VMs have no read-only memory (protected guest state): KVM_MEM_READONLY fails with EINVAL.",
                        f.origin(), List.of()).with("flag", f.flag().keyword()));
            }
        }
        // Size: explicit, or the backing's size from the offset on.
        long sz;
        if (d.size().isPresent()) {
            sz = d.size().getAsLong();
        } else if (userBacking.isPresent() && userBacking.get() != null) {
            sz = Math.max(0, userBacking.get().size - d.userspaceOffset());
        } else if (gmemBacking.isPresent() && gmemBacking.get() != null) {
            sz = Math.max(0, gmemBacking.get().size - d.guestMemfdOffset());
        } else {
            sz = 0;
        }
        t.kernel("kvm_set_memory_region: alignment, id and range checks", KernelFact.MEMSLOT_CHECKS);
        var existing = vm.slots.get(d.id());
        if (sz == 0) {
            if (existing != null) {
                return deleteSlot(d.id());
            }
            t.outcome("EINVAL: memory_size 0 deletes a slot, and slot " + d.id() + " does not exist", null);
            return Result.finding(Outcome.EINVAL, t.build(), Draft.of(Rule.INVALID_ARGUMENT,
                    "Slot " + d.id() + " has size 0, which asks KVM to delete a slot that does not exist: EINVAL.",
                    d.sizeOrigin() == Origin.NONE ? d.origin() : d.sizeOrigin(), List.of()));
        }
        var misaligned = misalignment(d, sz, uaddr);
        if (misaligned.isPresent()) {
            t.outcome("EINVAL: " + misaligned.get().message(), null);
            return Result.finding(Outcome.EINVAL, t.build(), misaligned.get());
        }
        long as = d.id() >>> 16;
        long id = d.id() & 0xffff;
        long userSlots = p.userMemSlots();
        var spaces = p.addressSpaces(type);
        if (id >= userSlots || d.id() > 0xffff_ffffL || as >= ADDRESS_SPACES) {
            t.kernel("KVM_USER_MEM_SLOTS " + userSlots, KernelFact.USER_MEMSLOT_COUNT);
            t.outcome("EINVAL: as_id " + as + " / id " + id + " out of range", null);
            return Result.finding(Outcome.EINVAL, t.build(), Draft.of(Rule.INVALID_ARGUMENT,
                    "Slot " + d.id() + " is out of range (as_id " + as + ", id " + id + "; x86 has at most "
                            + ADDRESS_SPACES + " address spaces and, on " + p.declared() + ", " + userSlots
                            + " user memslots, ids 0-" + (userSlots - 1) + "): EINVAL.",
                    d.origin(), List.of()));
        }
        if (as >= 1 && spaces.isPresent() && as >= spaces.get()) {
            t.kernel("kvm_set_memory_region: as_id >= kvm_arch_nr_memslot_as_ids(kvm)", KernelFact.SMM_ADDRESS_SPACE);
            t.outcome("EINVAL", null);
            var why = type.hasPrivateMemory() || p.arch() == dev.vmem.engine.model.Arch.ARM64
                    ? (p.arch() == dev.vmem.engine.model.Arch.ARM64 ? "arm64 has one memslot address space"
                            : type.keyword() + " VMs have private memory, and SMM is unsupported for them: one address space")
                    : "the kernel is built without CONFIG_KVM_SMM: one address space";
            return Result.finding(Outcome.EINVAL, t.build(), Draft.of(Rule.INVALID_ARGUMENT,
                    "Slot " + d.id() + " is in address space " + as + " (SMM), but " + why + ": EINVAL.", d.origin(),
                    List.of()));
        }
        Result smmMay = null;
        if (as >= 1 && spaces.isEmpty()) {
            t.kernel("kvm_arch_nr_memslot_as_ids: 2 with CONFIG_KVM_SMM, else 1", KernelFact.SMM_ADDRESS_SPACE);
            smmMay = Result.may(java.util.Set.of(Outcome.OK, Outcome.EINVAL), null, Draft.of(Rule.BUILD_OPTION_UNKNOWN,
                    "Slot " + d.id() + " is in the SMM address space, which exists only with CONFIG_KVM_SMM; the profile does not say (config kvm_smm on|off), so KVM_SET_USER_MEMORY_REGION2 may fail with EINVAL.",
                    d.origin(), List.of(new Related(vm.decl.kernelOrigin(), "kernel profile " + p.describe()))));
        }

        if (add(d.gpa(), sz).isEmpty() || (uaddr != VmState.NO_HVA && add(uaddr, sz).isEmpty())) {
            t.outcome("EINVAL: range overflows", null);
            return Result.finding(Outcome.EINVAL, t.build(), Draft.of(Rule.INVALID_ARGUMENT,
                    "Slot " + d.id() + ": gpa " + hex(d.gpa()) + " + size " + size(sz) + " overflows: EINVAL.",
                    d.gpaOrigin(), List.of()));
        }
        if (Long.compareUnsigned(sz / PAGE, MAX_SLOT_PAGES) > 0) {
            t.outcome("EINVAL: more than KVM_MEM_MAX_NR_PAGES", null);
            return Result.finding(Outcome.EINVAL, t.build(), Draft.of(Rule.INVALID_ARGUMENT,
                    "Slot " + d.id() + " has " + Long.toUnsignedString(sz / PAGE)
                            + " pages, more than KVM_MEM_MAX_NR_PAGES (2^31 - 1): EINVAL.",
                    d.sizeOrigin() == Origin.NONE ? d.origin() : d.sizeOrigin(), List.of()));
        }
        boolean move = false;
        if (existing != null) {
            // Modify: only a move of a non-guest_memfd slot or a dirty-logging toggle is allowed.
            String why = null;
            if (existing.gmem != null && !gmem) {
                var toggle = p.fix(dev.vmem.engine.kb.StableFix.GMEM_FLAG_TOGGLE);
                if (toggle != dev.vmem.engine.kb.StableFix.State.FIXED) {
                    t.kernel("kvm_set_memory_region: KVM_MEM_GUEST_MEMFD cleared on an existing slot", KernelFact.GMEM_FLAG_TOGGLE);
                    var rel = List.of(new Related(existing.decl.origin(), "the existing slot " + d.id()),
                            new Related(vm.decl.kernelOrigin(), "kernel profile " + p.describe()));
                    if (toggle == dev.vmem.engine.kb.StableFix.State.DEPENDS) {
                        t.state(dev.vmem.engine.kb.StableFix.GMEM_FLAG_TOGGLE.ambiguity(p.declared()), KernelFact.STABLE_FIXES);
                        t.outcome("may EINVAL (fixed) or ok with a dangling binding (use-after-free)", null);
                        return Result.may(java.util.Set.of(Outcome.EINVAL, Outcome.OK), t.build(), Draft.of(
                                Rule.POINT_RELEASE_AMBIGUOUS,
                                "Slot " + d.id() + " clears KVM_MEM_GUEST_MEMFD on an existing memslot: fixed kernels refuse it with EINVAL, older ones accept it and leave a dangling binding (a use-after-free in kvm_gmem_release(), CVE-2025-68810); "
                                        + dev.vmem.engine.kb.StableFix.GMEM_FLAG_TOGGLE.ambiguity(p.declared()) + ".",
                                d.origin(), rel));
                    }
                    t.outcome("ok: the binding is left dangling; kvm_gmem_release() later writes freed memory", null);
                    return Result.finding(Outcome.OK, t.build(), Draft.of(Rule.GMEM_SLOT_USE_AFTER_FREE,
                            "Slot " + d.id() + " clears KVM_MEM_GUEST_MEMFD on an existing memslot; Linux " + p.declared()
                                    + " accepts it and leaves the guest_memfd binding dangling: a use-after-free write in kvm_gmem_release() (CVE-2025-68810; fixed in "
                                    + dev.vmem.engine.kb.StableFix.GMEM_FLAG_TOGGLE.releases() + ").",
                            d.origin(), rel));
                }
                why = "KVM_MEM_GUEST_MEMFD cannot be toggled on an existing memslot (9935df5333aa)";
            } else if (existing.gmem != null || gmem) {
                why = "guest_memfd memslots are immutable, they can only be deleted";
            } else if (existing.userspaceAddr != uaddr || existing.size != sz) {
                why = "a memslot's userspace_addr and size cannot change";
            } else if (existing.flags.contains(SlotFlag.READONLY) != d.hasFlag(SlotFlag.READONLY)) {
                why = "KVM_MEM_READONLY cannot be toggled";
            }
            if (why != null) {
                t.outcome("EINVAL: " + why, null);
                return Result.finding(Outcome.EINVAL, t.build(), Draft.of(Rule.INVALID_ARGUMENT,
                        "Slot " + d.id() + " already exists and " + why + ": EINVAL.", d.origin(),
                        List.of(new Related(existing.decl.origin(), "the existing slot " + d.id()))));
            }
            move = existing.gpa != d.gpa();
        }
        if (existing == null || move) {
            budget.spend(1);
            var clashing = vm.overlapping(as, d.gpa(), sz, existing);
            if (clashing.isPresent()) {
                var other = clashing.get();
                t.kernel("kvm_check_memslot_overlap", KernelFact.MEMSLOT_CHECKS);
                t.state("slot " + other.id + " covers [" + hex(other.gpa) + ", " + hex(other.end()) + ")", null);
                t.outcome("EEXIST", null);
                return Result.finding(Outcome.EEXIST, t.build(), Draft.of(Rule.MEMSLOT_OVERLAP,
                        "Slot " + d.id() + " [" + hex(d.gpa()) + ", " + hex(d.gpa() + sz) + ") overlaps slot "
                                + other.id + " [" + hex(other.gpa) + ", " + hex(other.end())
                                + ") in guest-physical space: KVM_SET_USER_MEMORY_REGION2 fails with EEXIST.",
                        d.gpaOrigin(), List.of(new Related(other.decl.origin(), "slot " + other.id))));
            }
        }
        // kvm_set_memslot → kvm_arch_prepare_memory_region: after the overlap check.
        var limit = gpaLimit(d, sz, t);
        if (limit.isPresent()) {
            return limit.get();
        }
        if (existing != null) {
            vm.moveSlot(existing, d.gpa());
            existing.flags.clear();
            d.flags().forEach(f -> existing.flags.add(f.flag()));
            return Result.ok(t.outcome(move ? "ok: KVM_MR_MOVE" : "ok: KVM_MR_FLAGS_ONLY", null).build());
        }
        Backing g = null;
        if (gmem) {
            var bound = kernel.gmem.bind(d, sz, gmemBacking.orElse(null), t);
            if (bound.isPresent()) {
                return bound.get();
            }
            g = gmemBacking.get();
        }
        var flags = EnumSet.noneOf(SlotFlag.class);
        d.flags().forEach(f -> flags.add(f.flag()));
        var slot = new Slot(d, d.id(), d.gpa(), sz, uaddr, userBacking.orElse(null), g, d.guestMemfdOffset(), flags);
        vm.putSlot(slot);
        if (g != null) {
            g.bindings.put(d.guestMemfdOffset(), d.guestMemfdOffset() + sz, d.id());
            if (slot.gmemOnly) {
                t.kernel("kvm_gmem_bind: GUEST_MEMFD_FLAG_MMAP → KVM_MEMSLOT_GMEM_ONLY", KernelFact.GMEM_ONLY_SLOT);
            }
        }
        if (smmMay != null) {
            t.outcome("may ok or EINVAL", null);
            return new Result(Outcome.UNKNOWN, t.build(), smmMay.draft(), smmMay.possible());
        }
        return Result.ok(t.outcome("ok: KVM_MR_CREATE", null));
    }

    /** kvm_arch_prepare_memory_region: the guest-physical limit (x86 MAXPHYADDR / TDX alias, arm64 IPA). */
    private Optional<Result> gpaLimit(SlotDecl d, long sz, Trace.Builder t) {
        var p = vm.profile;
        boolean arm = p.arch() == dev.vmem.engine.model.Arch.ARM64;
        // Shadow paging (no TDP): kvm_mmu_max_gfn() allows 52 bits whatever MAXPHYADDR is.
        boolean shadow = !arm && !p.tdp();
        int bits = shadow ? 52 : p.gpaBits().orElse(52);
        if (bits >= 64 || !arm && p.declared().series().compareTo(dev.vmem.engine.kb.KernelVersion.of(5, 18)) < 0) {
            return Optional.empty(); // the x86 check arrived in 5.18 (86931ff7207b)
        }
        var endOpt = add(d.gpa(), sz);
        if (endOpt.isEmpty()) {
            return Optional.empty();
        }
        long end = endOpt.get();
        long limit = 1L << bits;
        boolean beyond = Long.compareUnsigned(end, limit) > 0;
        if (shadow && p.gpaBits().isPresent() && Long.compareUnsigned(end, 1L << p.gpaBits().get()) > 0) {
            t.state("TDP off: kvm_mmu_max_gfn() is 52 bits, not MAXPHYADDR " + p.gpaBits().get(),
                    KernelFact.SHADOW_PAGING_GPA_LIMIT);
        }
        boolean alias = false;
        if (!beyond && !shadow && vm.decl.type() == VmType.TDX && !arm && p.gpaBits().isPresent()) {
            // the TDX shared bit is the top GPA bit (GPAW 48 → bit 47, 52 → bit 51)
            long shared = 1L << ((bits > 48 ? 52 : 48) - 1);
            alias = Long.compareUnsigned(end - 1, shared) >= 0;
        }
        if (!beyond && !alias) {
            return Optional.empty();
        }
        t.kernel(arm ? "kvm_arch_prepare_memory_region: base_gfn + npages > kvm_phys_size >> PAGE_SHIFT"
                : alias ? "kvm_arch_prepare_memory_region: kvm_is_gfn_alias (TDX shared bit)"
                        : "kvm_arch_prepare_memory_region: base_gfn + npages - 1 > kvm_mmu_max_gfn()",
                KernelFact.GPA_LIMITS);
        var outcome = arm ? Outcome.EFAULT : Outcome.EINVAL;
        t.outcome(outcome.name(), null);
        String what = arm ? "the VM's " + bits + "-bit IPA space" + (p.ipaBits() == 0 ? " (type 0 VMs get 40 bits)" : "")
                : alias ? "the TDX shared-bit alias range (GPAs at or above the shared bit)"
                        : shadow ? "52 bits, the largest guest-physical address with shadow paging (TDP off)"
                        : p.gpaBits().isPresent() ? "the host's " + bits + "-bit physical-address width (MAXPHYADDR)"
                                : "52 bits, the largest x86 guest-physical address";
        return Optional.of(Result.finding(outcome, t.build(), Draft.of(Rule.GPA_BEYOND_LIMIT,
                "Slot " + d.id() + " [" + hex(d.gpa()) + ", " + hex(end) + ") reaches beyond " + what
                        + ": KVM_SET_USER_MEMORY_REGION2 fails with " + outcome.name() + ".",
                d.gpaOrigin() == Origin.NONE ? d.origin() : d.gpaOrigin(),
                List.of(new Related(vm.decl.kernelOrigin(), "kernel profile " + p.describe())))));
    }

    private Optional<Draft> misalignment(SlotDecl d, long sz, long uaddr) {
        String what = null;
        Origin where = d.origin();
        if (!aligned(sz)) {
            what = "memory_size " + Long.toUnsignedString(sz);
            where = d.sizeOrigin() == Origin.NONE ? d.origin() : d.sizeOrigin();
        } else if (!aligned(d.gpa())) {
            what = "guest_phys_addr " + hex(d.gpa());
            where = d.gpaOrigin();
        } else if (uaddr != VmState.NO_HVA && !aligned(uaddr)) {
            what = "userspace_addr (offset " + hex(d.userspaceOffset()) + " into the mapping)";
            where = d.userspaceOrigin();
        } else if (d.guestMemfd().isPresent() && !aligned(d.guestMemfdOffset())) {
            what = "guest_memfd_offset " + hex(d.guestMemfdOffset());
            where = d.guestMemfdOrigin();
        }
        if (what == null) {
            return Optional.empty();
        }
        return Optional.of(Draft.of(Rule.MISALIGNED,
                "Slot " + d.id() + ": " + what + " is not page aligned: KVM_SET_USER_MEMORY_REGION2 fails with EINVAL.",
                where, List.of()));
    }

    Result deleteSlot(long id) {
        budget.spend(1);
        var t = Trace.builder("KVM_SET_USER_MEMORY_REGION2(slot " + id + ", memory_size 0)");
        t.kernel("kvm_set_memory_region: KVM_MR_DELETE", KernelFact.MEMSLOT_CHECKS);
        var s = vm.removeSlot(id);
        if (s == null) {
            t.outcome("EINVAL: no such slot", null);
            return Result.of(Outcome.EINVAL, t.build());
        }
        if (s.gmem != null) {
            s.gmem.bindings.put(s.gmemOffset, s.gmemOffset + s.size, null);
            if (s.gmem.released) {
                var fix = vm.profile.fix(dev.vmem.engine.kb.StableFix.GMEM_DYING_SLOT_DELETE);
                t.kernel("kvm_gmem_unbind on a guest_memfd that is already released", KernelFact.GMEM_DYING_SLOT_DELETE);
                if (fix == dev.vmem.engine.kb.StableFix.State.UNFIXED) {
                    t.outcome("ok, but kvm_gmem_unbind touches the freed guest_memfd: a use-after-free", null);
                    return Result.finding(Outcome.OK, t.build(), Draft.of(Rule.GMEM_SLOT_USE_AFTER_FREE,
                            "Deleting slot " + id + " after its guest_memfd " + s.gmem.name() + " was closed is a use-after-free on Linux "
                                    + vm.profile.declared() + " (CVE-2025-40274; fixed in "
                                    + dev.vmem.engine.kb.StableFix.GMEM_DYING_SLOT_DELETE.releases() + ").",
                            Origin.NONE, List.of(new Related(s.decl.origin(), s.label()))));
                }
                if (fix == dev.vmem.engine.kb.StableFix.State.DEPENDS) {
                    t.state(dev.vmem.engine.kb.StableFix.GMEM_DYING_SLOT_DELETE.ambiguity(vm.profile.declared()), KernelFact.STABLE_FIXES);
                    t.outcome("may ok, or a use-after-free on unfixed point releases", null);
                    return Result.may(java.util.Set.of(Outcome.OK), t.build(), Draft.of(Rule.POINT_RELEASE_AMBIGUOUS,
                            "Deleting slot " + id + " after its guest_memfd was closed is a use-after-free on unfixed kernels (CVE-2025-40274); "
                                    + dev.vmem.engine.kb.StableFix.GMEM_DYING_SLOT_DELETE.ambiguity(vm.profile.declared()) + ".",
                            Origin.NONE, List.of(new Related(s.decl.origin(), s.label()))));
                }
                t.state("fixed: bindings are removed when the guest_memfd is dying", null);
            }
        }
        return Result.ok(t.outcome("ok", null).build());
    }
}
