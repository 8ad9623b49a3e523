package dev.vmem.engine.kb;

import dev.vmem.engine.model.Arch;
import dev.vmem.engine.model.ConfigDecl;
import dev.vmem.engine.model.GmemFlag;
import dev.vmem.engine.model.ParamDecl;
import dev.vmem.engine.model.VmType;
import java.util.EnumSet;
import java.util.Map;
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
 * @param configs           build options stated by the profile; absent ones are unknown
 * @param physBits          x86 MAXPHYADDR, 0 when not stated
 * @param ipaBits           arm64 IPA size, 0 when not stated (a type-0 VM has 40 bits)
 * @param declaredNoDirectMapRevision the no_direct_map revision as written (0 if none)
 * @param kvmParams         KVM module parameters as set (kvm_intel.ept, kvm_amd.npt, kvm.tdp_mmu)
 */
public record KernelProfile(String name, KernelVersion declared, KernelVersion version, boolean exact, Arch arch,
        int noDirectMapRevision, boolean pfncacheGmem, boolean secretmemGupAllowed,
        Optional<Boolean> secretmemEnable, Optional<Boolean> tlbFlushParam, boolean stage2Fwb,
        boolean linearMap4k, Map<ConfigDecl.Option, Boolean> configs, int physBits, int ipaBits,
        int declaredNoDirectMapRevision, Map<ParamDecl.Param, Boolean> kvmParams) {

    public KernelProfile {
        configs = configs == null ? Map.of() : Map.copyOf(configs);
        kvmParams = kvmParams == null ? Map.of() : Map.copyOf(kvmParams);
    }

    /**
     * Whether KVM uses two-dimensional paging (kvm_intel.ept / kvm_amd.npt, {@code tdp_enabled}): on
     * unless the profile turns either module parameter off (their default where the CPU has it).
     */
    public boolean tdp() {
        return !Boolean.FALSE.equals(kvmParams.get(ParamDecl.Param.EPT))
                && !Boolean.FALSE.equals(kvmParams.get(ParamDecl.Param.NPT));
    }

    /** Whether the TDP MMU is in use: kvm.tdp_mmu (default on) and TDP ({@code tdp_mmu_enabled}). */
    public boolean tdpMmu() {
        return tdp() && !Boolean.FALSE.equals(kvmParams.get(ParamDecl.Param.TDP_MMU));
    }

    /** The newest no_direct_map revision whose semantics are known (v12, 2026-04-10). */
    public static final int NEWEST_NO_DIRECT_MAP_REVISION = 12;

    /** A stated build option, empty when the profile does not say. */
    public Optional<Boolean> config(ConfigDecl.Option option) {
        return Optional.ofNullable(configs.get(option));
    }

    /** Whether the declared kernel carries a fix with stable backports. */
    public StableFix.State fix(StableFix fix) {
        return fix.state(declared);
    }

    /** A no_direct_map revision newer than any the knowledge base knows is applied. */
    public boolean unknownNoDirectMapRevision() {
        return declaredNoDirectMapRevision > NEWEST_NO_DIRECT_MAP_REVISION;
    }

    /** x86 KVM_USER_MEM_SLOTS: 509 before 5.12 (4fc096a99e01), 32764 from it. */
    public long userMemSlots() {
        return declared.series().compareTo(KernelVersion.of(5, 12)) < 0 ? 509 : 32764;
    }

    /**
     * kvm_arch_nr_memslot_as_ids(): 1 for VMs with private memory or without CONFIG_KVM_SMM, else 2;
     * empty when it depends on an unstated CONFIG_KVM_SMM.
     */
    public Optional<Long> addressSpaces(VmType type) {
        if (arch == Arch.ARM64 || type.hasPrivateMemory()) {
            return Optional.of(1L);
        }
        return config(ConfigDecl.Option.KVM_SMM).map(on -> on ? 2L : 1L);
    }

    /** The highest guest-physical address bit count a memslot may use, empty when not stated (x86). */
    public Optional<Integer> gpaBits() {
        if (arch == Arch.ARM64) {
            return Optional.of(ipaBits == 0 ? 40 : ipaBits);
        }
        return physBits == 0 ? Optional.empty() : Optional.of(physBits);
    }

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

    /** KVM_CREATE_GUEST_MEMFD exists (6.8; arm64 selects KVM_GUEST_MEMFD from 6.18). */
    public boolean hasGuestMemfd() {
        return arch == Arch.ARM64 ? version.atLeast(6, 18) : version.atLeast(6, 8);
    }

    /** Whether the build has something: stated or implied, stated off, or not known from the profile. */
    public enum Build {
        PRESENT, ABSENT, DEPENDS
    }

    /**
     * x86 guest_memfd by build option (X86_GMEM_KCONFIG): on 6.8–6.10 only CONFIG_KVM_SW_PROTECTED_VM
     * selects it; 6.11 adds SEV builds, 6.16 TDX, 6.18 every x86_64 build. SNP, TDX, SEV and
     * SW_PROTECTED VMs exist only on builds that select it (SEV from 6.11).
     */
    public Build gmemBuild(VmType type) {
        if (!hasGuestMemfd()) {
            return Build.ABSENT;
        }
        if (arch != Arch.X86_64 || version.atLeast(6, 18) || type == VmType.SNP || type == VmType.TDX
                || type == VmType.SW_PROTECTED
                || (type == VmType.SEV || type == VmType.SEV_ES) && version.atLeast(6, 11)) {
            return Build.PRESENT;
        }
        var sw = config(ConfigDecl.Option.KVM_SW_PROTECTED_VM);
        if (sw.orElse(false)) {
            return Build.PRESENT;
        }
        return sw.isPresent() && version.before(6, 11) ? Build.ABSENT : Build.DEPENDS;
    }

    /** KVM_X86_SW_PROTECTED_VM needs CONFIG_KVM_SW_PROTECTED_VM on every version. */
    public Build swProtectedBuild() {
        return config(ConfigDecl.Option.KVM_SW_PROTECTED_VM).map(on -> on ? Build.PRESENT : Build.ABSENT)
                .orElse(Build.DEPENDS);
    }

    /** KVM_SET_MEMORY_ATTRIBUTES exists: empty when unknown (x86 default VMs with unstated options). */
    public Optional<Boolean> hasMemoryAttributesIoctl(VmType type) {
        if (arch == Arch.ARM64 || version.before(6, 8)) {
            return Optional.of(false);
        }
        if (type.hasPrivateMemory()) {
            return Optional.of(true); // those VM types exist only on builds that select the option
        }
        var stated = config(ConfigDecl.Option.KVM_GENERIC_MEMORY_ATTRIBUTES);
        if (stated.isPresent()) {
            return stated;
        }
        if (config(ConfigDecl.Option.KVM_SW_PROTECTED_VM).orElse(false)) {
            return Optional.of(true);
        }
        return Optional.empty();
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
        if (!hasMemfdSecret()) {
            return false;
        }
        var s = fix(StableFix.SECRETMEM_GUP_FAST);
        return s == StableFix.State.UNFIXED || s == StableFix.State.DEPENDS;
    }

    /** kvm_gmem_bind() errno for a file range that overlaps an existing binding: FIXED means EEXIST. */
    public StableFix.State gmemBindOverlapState() {
        return fix(StableFix.GMEM_BIND_EEXIST);
    }

    /** kvm_gmem_bind() returns EEXIST for an overlap (7.2, 6.12.118); false also when it depends. */
    public boolean gmemBindOverlapIsEexist() {
        return gmemBindOverlapState() == StableFix.State.FIXED;
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
        if (declaredNoDirectMapRevision != 0) {
            sb.append(" + no_direct_map v").append(declaredNoDirectMapRevision);
        }
        if (pfncacheGmem) {
            sb.append(" + pfncache_gmem");
        }
        if (secretmemGupAllowed) {
            sb.append(" + secretmem_gup_allowed");
        }
        secretmemEnable.ifPresent(v -> sb.append(", secretmem.enable=").append(v ? "on" : "off"));
        tlbFlushParam.ifPresent(v -> sb.append(", guest_memfd_tlb_flush=").append(v ? "on" : "off"));
        kvmParams.forEach((k, v) -> sb.append(", ").append(k.keyword()).append('=').append(v ? "on" : "off"));
        if (stage2Fwb) {
            sb.append(", stage2_fwb");
        }
        if (linearMap4k) {
            sb.append(", linear_map_4k");
        }
        configs.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> sb.append(", CONFIG_").append(e.getKey().name()).append(e.getValue() ? "=y" : "=n"));
        if (physBits != 0) {
            sb.append(", MAXPHYADDR ").append(physBits);
        }
        if (ipaBits != 0) {
            sb.append(", IPA ").append(ipaBits).append(" bits");
        }
        return sb.toString();
    }
}
