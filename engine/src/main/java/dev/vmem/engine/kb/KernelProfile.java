package dev.vmem.engine.kb;

import dev.vmem.engine.model.Arch;
import dev.vmem.engine.model.GmemFlag;
import dev.vmem.engine.model.VmType;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * A resolved kernel profile: the known version whose semantics apply plus patches, parameters and
 * host features, and every capability question the engine asks of it. All version thresholds and
 * patch-revision differences live here, each answering from a {@link KernelFact}.
 *
 * @param name              the declared profile name ("" for the built-in default)
 * @param declared          the version as declared (may be a stable point release or unknown)
 * @param version           the known version used
 * @param exact             whether the declared series is a known version
 * @param arch              host architecture
 * @param noDirectMapRevision revision of the no_direct_map series applied, 0 if none
 * @param pfncacheGmem      the pfncache guest_memfd support RFC is applied
 * @param secretmemGupAllowed the experiment that removed the secretmem check from GUP is applied
 * @param secretmemEnable   secretmem.enable as set, empty for the version's default
 * @param tlbFlushParam     guest_memfd_tlb_flush as set, empty when not set
 * @param stage2Fwb         arm64 ARM64_HAS_STAGE2_FWB
 * @param linearMap4k       arm64 linear map at 4 KiB granularity
 */
public record KernelProfile(String name, KernelVersion declared, KernelVersion version, boolean exact, Arch arch,
        int noDirectMapRevision, boolean pfncacheGmem, boolean secretmemGupAllowed,
        Optional<Boolean> secretmemEnable, Optional<Boolean> tlbFlushParam, boolean stage2Fwb,
        boolean linearMap4k) {

    // ---- versions ------------------------------------------------------------------------------

    /** memfd_secret(2) exists (5.14). */
    public boolean hasMemfdSecret() {
        return version.atLeast(5, 14);
    }

    /** secretmem.enable: explicit, else on from 6.5 (b758fe6df50d). */
    public boolean secretmemEnabled() {
        return secretmemEnable.orElse(version.atLeast(6, 5));
    }

    /** can_set_direct_map(): always on x86; on arm64 only with a 4 KiB linear map. */
    public boolean canSetDirectMap() {
        return arch == Arch.X86_64 || linearMap4k;
    }

    /** Why memfd_secret() fails, or empty when it works. */
    public Optional<String> memfdSecretMissing() {
        if (!hasMemfdSecret()) {
            return Optional.of("memfd_secret() does not exist before Linux 5.14 (this profile: " + version + ")");
        }
        if (!secretmemEnabled()) {
            return Optional.of("memfd_secret() returns ENOSYS: secretmem.enable is off"
                    + (secretmemEnable.isEmpty() ? " (the default before 6.5)" : ""));
        }
        if (!canSetDirectMap()) {
            return Optional.of("memfd_secret() returns ENOSYS: can_set_direct_map() is false on arm64 without a 4 KiB linear map"
                    + " (the profile does not declare feature linear_map_4k; rodata_full, the usual default, gives one)");
        }
        return Optional.empty();
    }

    /** KVM_CREATE_GUEST_MEMFD exists (6.8). */
    public boolean hasGuestMemfd() {
        return version.atLeast(6, 8);
    }

    /** GUEST_MEMFD_FLAG_MMAP / INIT_SHARED and guest_memfd memslots for VMs without private memory (6.18). */
    public boolean hasGmemMmap() {
        return version.atLeast(6, 18);
    }

    /** Why a VM type cannot be created, or empty when it can. */
    public Optional<String> vmTypeMissing(VmType type) {
        if (type == VmType.DEFAULT) {
            return Optional.empty();
        }
        if (arch == Arch.ARM64) {
            return Optional.of("KVM_CREATE_VM type " + type.keyword() + " is an x86 VM type; arm64 has no such type");
        }
        int[] since = switch (type) {
            case SW_PROTECTED -> new int[] {6, 8};
            case SEV, SEV_ES -> new int[] {6, 10};
            case SNP -> new int[] {6, 11};
            case TDX -> new int[] {6, 16};
            default -> new int[] {0, 0};
        };
        if (version.before(since[0], since[1])) {
            return Optional.of("KVM_X86_" + type.name() + "_VM arrived in " + since[0] + "." + since[1]
                    + " (this profile: " + version + ")");
        }
        return Optional.empty();
    }

    /** What KVM_CREATE_GUEST_MEMFD does with one flag for a VM type. */
    public enum FlagVerdict {
        /** Offered. */
        OFFERED,
        /** The kernel has no such flag at all. */
        MISSING,
        /** The kernel has it but does not offer it for this VM type, architecture or CPU. */
        NOT_OFFERED,
        /** NO_DIRECT_MAP refused for TDX (v10 and later). */
        REFUSED_TDX,
        /** NO_DIRECT_MAP refused for SNP (v12). */
        REFUSED_SNP
    }

    /** kvm_gmem_get_supported_flags(kvm) for one flag and VM type. */
    public FlagVerdict gmemFlag(GmemFlag flag, VmType type) {
        return switch (flag) {
            case MMAP -> hasGmemMmap() ? FlagVerdict.OFFERED : FlagVerdict.MISSING;
            case INIT_SHARED -> !hasGmemMmap() ? FlagVerdict.MISSING
                    : type.hasPrivateMemory() ? FlagVerdict.NOT_OFFERED : FlagVerdict.OFFERED;
            case NO_DIRECT_MAP -> noDirectMap(type);
        };
    }

    private FlagVerdict noDirectMap(VmType type) {
        if (noDirectMapRevision == 0) {
            return FlagVerdict.MISSING;
        }
        if (arch == Arch.ARM64) {
            return canSetDirectMap() && stage2Fwb ? FlagVerdict.OFFERED : FlagVerdict.NOT_OFFERED;
        }
        if (type == VmType.TDX && noDirectMapRevision >= 10) {
            return FlagVerdict.REFUSED_TDX;
        }
        if (type == VmType.SNP && noDirectMapRevision >= 12) {
            return FlagVerdict.REFUSED_SNP;
        }
        return FlagVerdict.OFFERED;
    }

    /** KVM_CAP_GUEST_MEMFD_FLAGS for a VM type: what completion should offer. */
    public Set<GmemFlag> offeredGmemFlags(VmType type) {
        var set = EnumSet.noneOf(GmemFlag.class);
        for (var f : GmemFlag.values()) {
            if (gmemFlag(f, type) == FlagVerdict.OFFERED) {
                set.add(f);
            }
        }
        return set;
    }

    /** KVM_MEM_GUEST_MEMFD is a valid memslot flag for this VM type (6.18 for all, before only private-memory VMs). */
    public boolean gmemSlotsAllowed(VmType type) {
        return hasGuestMemfd() && (hasGmemMmap() || type.hasPrivateMemory());
    }

    /** KVM_SET_MEMORY_ATTRIBUTES(PRIVATE) is supported for this VM type. */
    public boolean privateAttributes(VmType type) {
        return version.atLeast(6, 8) && arch == Arch.X86_64 && type.hasPrivateMemory();
    }

    // ---- GUP -----------------------------------------------------------------------------------

    /**
     * GUP refuses secretmem (check_vma_flags / gup_fast_folio_allowed), unless the 2024 experiment
     * removed the check. With the no_direct_map series the same predicate covers NO_DIRECT_MAP
     * guest_memfd, so the experiment is taken to remove that check too.
     */
    public boolean gupRefusesNoDirectMap() {
        return !secretmemGupAllowed;
    }

    /**
     * The GUP-fast secretmem bug: present from memfd_secret's introduction until 6.9 (65291dcfcf89),
     * fixed in 5.15.154 stable. Other stable backports are not modelled.
     */
    public boolean secretmemGupFastBug() {
        if (!hasMemfdSecret() || version.atLeast(6, 9)) {
            return false;
        }
        return !(declared.series().equals(KernelVersion.of(5, 15)) && declared.patch() >= 154);
    }

    /** kvm_gmem_bind() errno for a file range that overlaps an existing binding. */
    public boolean gmemBindOverlapIsEexist() {
        return version.atLeast(7, 1);
    }

    /** Whether zapping a NO_DIRECT_MAP folio flushes the kernel TLB. */
    public boolean tlbFlushAfterZap() {
        return tlbFlushParam.orElse(true);
    }

    /** The fact sheet's kvmclock pfncache model (6.x code) applies. */
    public boolean kvmclockPfncacheModelled() {
        return version.atLeast(6, 1);
    }

    /** Direct-map removal at 4 KiB splits large direct-map pages (x86; arm64 removal needs a 4 KiB map already). */
    public boolean removalSplitsLargePages() {
        return arch == Arch.X86_64;
    }

    /** "Linux 6.18 x86_64 + no_direct_map v12 + pfncache_gmem". */
    public String describe() {
        var sb = new StringBuilder("Linux ").append(declared).append(' ').append(arch.keyword());
        if (!exact) {
            sb.append(" (modelled as ").append(version).append(')');
        }
        if (noDirectMapRevision != 0) {
            sb.append(" + no_direct_map v").append(noDirectMapRevision);
        }
        if (pfncacheGmem) {
            sb.append(" + pfncache_gmem");
        }
        if (secretmemGupAllowed) {
            sb.append(" + secretmem_gup_allowed");
        }
        secretmemEnable.ifPresent(v -> sb.append(", secretmem.enable=").append(v ? "on" : "off"));
        tlbFlushParam.ifPresent(v -> sb.append(", guest_memfd_tlb_flush=").append(v ? "on" : "off"));
        if (stage2Fwb) {
            sb.append(", stage2_fwb");
        }
        if (linearMap4k) {
            sb.append(", linear_map_4k");
        }
        return sb.toString();
    }
}
