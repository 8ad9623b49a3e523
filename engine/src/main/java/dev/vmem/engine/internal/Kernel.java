package dev.vmem.engine.internal;

import static dev.vmem.engine.internal.VmState.PAGE;

import dev.vmem.engine.internal.Result.Draft;
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
 * The modelled syscalls, ioctls and kernel paths, acting on a {@link VmState}. Each method follows
 * the kernel function it models, in the kernel's order of checks, and returns a {@link Result} with
 * the outcome and a trace whose links cite the knowledge base.
 */
final class Kernel {

    /** KVM_USER_MEM_SLOTS on x86 (KVM_CAP_NR_MEMSLOTS). */
    static final long USER_MEM_SLOTS = 32764;
    /** KVM_ADDRESS_SPACE_NUM on x86 (normal and SMM). */
    static final long ADDRESS_SPACES = 2;
    /** Folios a per-CPU lru_add batch holds before it is drained (15 on 6.8; GUP_FAST_RACE). */
    static final long LRU_BATCH_PAGES = 15;
    /** KVM_MEM_MAX_NR_PAGES: (1 << 31) - 1 pages per memslot. */
    static final long MAX_SLOT_PAGES = (1L << 31) - 1;

    final VmState vm;
    private final Budget budget;

    Kernel(VmState vm, Budget budget) {
        this.vm = vm;
        this.budget = budget;
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    static String size(long bytes) {
        if (bytes != 0 && bytes % (1L << 40) == 0) {
            return Long.toUnsignedString(bytes >>> 40) + " TiB";
        }
        if (bytes != 0 && bytes % (1L << 30) == 0) {
            return (bytes >>> 30) + " GiB";
        }
        if (bytes != 0 && bytes % (1L << 20) == 0) {
            return (bytes >>> 20) + " MiB";
        }
        if (bytes != 0 && bytes % (1L << 10) == 0) {
            return (bytes >>> 10) + " KiB";
        }
        return Long.toUnsignedString(bytes) + " bytes";
    }

    static boolean aligned(long v) {
        return (v & (PAGE - 1)) == 0;
    }

    /** a + b, or empty when it overflows 64 bits (unsigned). */
    static Optional<Long> add(long a, long b) {
        long s = a + b;
        return Long.compareUnsigned(s, a) < 0 ? Optional.empty() : Optional.of(s);
    }

    static long roundUp(long v) {
        return (v + PAGE - 1) & -PAGE;
    }

    // ---- KVM_CREATE_VM ---------------------------------------------------------------------------

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

    // ---- backings --------------------------------------------------------------------------------

    Result createBacking(Backing b) {
        budget.spend(1);
        var d = b.decl;
        return switch (d.kind()) {
            case ANONYMOUS -> {
                if (d.hugetlb()) {
                    var t = Trace.builder("mmap(MAP_ANONYMOUS|MAP_HUGETLB) for " + b.name());
                    var bad = hugetlbProblem(b, t);
                    if (bad.isPresent()) {
                        yield bad.get();
                    }
                }
                b.created = true;
                yield Result.ok(Trace.builder("anonymous memory " + b.name() + ": created at mmap").build());
            }
            case MEMFD, FILE -> {
                var t = Trace.builder((d.kind() == BackingKind.MEMFD ? "memfd_create(" : "open(")
                        + (d.kind() == BackingKind.FILE ? "\"" + d.path() + "\"" : "\"" + b.name() + "\"")
                        + (d.hugetlb() ? ", MFD_HUGETLB" : "") + ") + ftruncate(" + size(d.size()) + ")");
                if (d.size() == 0) {
                    yield sizeZero(b, t);
                }
                if (d.hugetlb()) {
                    var bad = hugetlbProblem(b, t);
                    if (bad.isPresent()) {
                        yield bad.get();
                    }
                }
                b.created = true;
                b.fdOpen = true;
                yield Result.ok(t.outcome("ok", null).build());
            }
            case MEMFD_SECRET -> createSecretmem(b);
            case GUEST_MEMFD -> createGmem(b);
        };
    }

    /** The huge page sizes of the host architecture (x86: 2 MiB, 1 GiB; arm64 4 KiB granule: 64 KiB, 2 MiB, 32 MiB, 1 GiB). */
    List<Long> hugePageSizes() {
        return vm.profile.arch() == dev.vmem.engine.model.Arch.X86_64 ? List.of(2L << 20, 1L << 30)
                : List.of(64L << 10, 2L << 20, 32L << 20, 1L << 30);
    }

    /** hugetlb_file_setup / hugetlbfs_setattr checks; empty when the hugetlb backing is fine. */
    private Optional<Result> hugetlbProblem(Backing b, Trace.Builder t) {
        var d = b.decl;
        long hp = d.hugePageSize();
        if (!hugePageSizes().contains(hp)) {
            var outcome = d.kind() == BackingKind.MEMFD ? Outcome.ENODEV : Outcome.EINVAL;
            t.kernel(d.kind() == BackingKind.MEMFD ? "memfd_create → hugetlb_file_setup: no hstate for the size"
                    : "hugetlb: no hstate for the size", KernelFact.HUGETLB_SIZES);
            t.outcome(outcome.name(), null);
            return Optional.of(Result.finding(outcome, t.build(), Draft.of(Rule.HUGETLB_SIZE_INVALID,
                    size(hp) + " is not a huge page size of " + vm.profile.arch().keyword() + " (it has "
                            + String.join(", ", hugePageSizes().stream().map(Kernel::size).toList()) + "): "
                            + (d.kind() == BackingKind.MEMFD ? "memfd_create(MFD_HUGETLB) fails with ENODEV."
                                    : "the hugetlb mapping fails with EINVAL."),
                    d.hugetlbOrigin() == Origin.NONE ? d.origin() : d.hugetlbOrigin(), List.of())
                    .with("backing", b.name())));
        }
        if (d.size() % hp != 0) {
            t.kernel("hugetlbfs_setattr: size not a multiple of the huge page size", KernelFact.HUGETLB_SIZES);
            t.outcome("EINVAL", null);
            return Optional.of(Result.finding(Outcome.EINVAL, t.build(), Draft.of(Rule.HUGETLB_SIZE_INVALID,
                    "hugetlb backing " + b.name() + " of " + size(d.size()) + " is not a multiple of its "
                            + size(hp) + " page size: ftruncate (hugetlbfs_setattr) fails with EINVAL.",
                    d.sizeOrigin() == Origin.NONE ? d.origin() : d.sizeOrigin(), List.of()).with("backing", b.name())));
        }
        return Optional.empty();
    }

    private Result sizeZero(Backing b, Trace.Builder t) {
        t.outcome("EINVAL: a zero-sized backing cannot be mapped or created", KernelFact.GMEM_CREATE);
        return Result.finding(Outcome.EINVAL, t.build(), Draft.of(Rule.INVALID_ARGUMENT,
                "Backing " + b.name() + " has size 0: KVM_CREATE_GUEST_MEMFD and mmap refuse a zero size with EINVAL.",
                b.decl.sizeOrigin(), List.of()));
    }

    private Result createSecretmem(Backing b) {
        var t = Trace.builder("memfd_secret(0) for " + b.name());
        t.kernel("SYSCALL_DEFINE1(memfd_secret)", KernelFact.SECRETMEM_SYSCALL);
        if (b.decl.hugetlb()) {
            t.kernel("memfd_secret(flags): only O_CLOEXEC; folios are order-0", KernelFact.SECRETMEM_NO_HUGE);
            t.outcome("EINVAL", null);
            return Result.finding(Outcome.EINVAL, t.build(), Draft.of(Rule.HUGETLB_SIZE_INVALID,
                    "memfd_secret has no huge pages (its only flag is O_CLOEXEC and its folios are order-0): "
                            + b.name() + " cannot be hugetlb memory.",
                    b.decl.hugetlbOrigin() == Origin.NONE ? b.decl.origin() : b.decl.hugetlbOrigin(), List.of())
                    .with("backing", b.name()));
        }
        var p = vm.profile;
        boolean arm64NoLinear = p.arch() == dev.vmem.engine.model.Arch.ARM64 && !p.canSetDirectMap() && p.hasMemfdSecret()
                && p.secretmemEnabled();
        if (arm64NoLinear) {
            var state = p.fix(dev.vmem.engine.kb.StableFix.ARM64_SECRETMEM_DISABLE);
            if (state != dev.vmem.engine.kb.StableFix.State.FIXED) {
                t.kernel("can_set_direct_map() is false, and this kernel does not check it in memfd_secret()",
                        KernelFact.ARM64_SECRETMEM_NOOP);
                b.created = true;
                b.fdOpen = true;
                b.directMapNoop = true;
                var related = List.of(new Related(vm.decl.kernelOrigin(), "kernel profile " + p.describe()));
                if (state == dev.vmem.engine.kb.StableFix.State.DEPENDS) {
                    t.state(dev.vmem.engine.kb.StableFix.ARM64_SECRETMEM_DISABLE.ambiguity(p.declared()),
                            KernelFact.STABLE_FIXES);
                    t.outcome("may ENOSYS (fixed point releases) or ok with the pages left in the direct map", null);
                    return Result.may(java.util.Set.of(Outcome.OK, Outcome.ENOSYS), t.build(),
                            Draft.of(Rule.SECRETMEM_IN_DIRECT_MAP,
                                    "On arm64 without a 4 KiB linear map, memfd_secret() for " + b.name()
                                            + " may succeed and leave every page in the direct map (set_direct_map_invalid_noflush() is a no-op), or fail with ENOSYS: "
                                            + dev.vmem.engine.kb.StableFix.ARM64_SECRETMEM_DISABLE.ambiguity(p.declared()) + ".",
                                    b.decl.origin(), related).with("backing", b.name()));
                }
                t.outcome("ok: but set_direct_map_invalid_noflush() is a no-op, the pages stay in the direct map", null);
                return Result.finding(Outcome.OK, t.build(), Draft.of(Rule.SECRETMEM_IN_DIRECT_MAP,
                        "On arm64 without a 4 KiB linear map, Linux " + p.declared()
                                + " lets memfd_secret() succeed for " + b.name()
                                + " but cannot remove its pages from the direct map: the secret memory stays readable by the kernel (CVE-2024-50182; fixed in "
                                + dev.vmem.engine.kb.StableFix.ARM64_SECRETMEM_DISABLE.releases() + ").",
                        b.decl.origin(), related).with("backing", b.name()));
            }
        }
        var missing = vm.profile.memfdSecretMissing();
        if (missing.isPresent()) {
            var outcome = Outcome.ENOSYS;
            t.state(vm.profile.describe(), KernelFact.SECRETMEM_HISTORY);
            t.outcome("ENOSYS: " + missing.get(), null);
            return Result.finding(outcome, t.build(), Draft.of(Rule.KERNEL_FEATURE_MISSING,
                    missing.get() + ".", b.decl.origin(),
                    List.of(new Related(vm.decl.kernelOrigin(), "kernel profile " + vm.profile.describe()))));
        }
        if (b.decl.size() == 0) {
            return sizeZero(b, t);
        }
        b.created = true;
        b.fdOpen = true;
        t.kernel("ftruncate(" + size(b.size) + ") → secretmem_setattr (size set once)", KernelFact.SECRETMEM_SETATTR);
        return Result.ok(t.outcome("ok: secretmem_users++ (hibernation now unavailable)", null).build());
    }

    private Result createGmem(Backing b) {
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
            return sizeZero(b, t);
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

    // ---- mmap ------------------------------------------------------------------------------------

    /** mmap of a backing by the VMM. */
    Result mmap(Backing b, Sharing sharing, long length, Optional<Long> at, boolean populate, Origin origin) {
        budget.spend(1);
        var t = Trace.builder("mmap(" + (at.map(Kernel::hex).orElse("NULL")) + ", " + size(length) + ", MAP_"
                + sharing.name() + (populate ? "|MAP_POPULATE" : "") + ") of " + b.describe());
        if (b.hasFd() && !b.fdOpen) {
            t.outcome("EBADF: the file descriptor is closed", null);
            return Result.of(Outcome.EBADF, t.build());
        }
        if (b.isGmem()) {
            t.kernel("kvm_gmem_mmap", KernelFact.GMEM_MMAP);
            if (!b.has(GmemFlag.MMAP)) {
                t.state(b.name() + " was created without GUEST_MEMFD_FLAG_MMAP", null);
                t.outcome("ENODEV", null);
                return Result.finding(Outcome.ENODEV, t.build(), Draft.of(Rule.GMEM_MMAP_UNSUPPORTED,
                        "guest_memfd " + b.name()
                                + " was created without GUEST_MEMFD_FLAG_MMAP, so kvm_gmem_mmap() refuses the mapping with ENODEV.",
                        origin, List.of(new Related(b.decl.origin(), "the guest_memfd backing"))).with("backing", b.name()));
            }
        }
        if ((b.isGmem() || b.isSecretmem()) && sharing == Sharing.PRIVATE) {
            var fact = b.isGmem() ? KernelFact.GMEM_MMAP : KernelFact.SECRETMEM_MMAP;
            t.kernel(b.isGmem() ? "kvm_gmem_mmap: needs VM_SHARED|VM_MAYSHARE" : "secretmem_mmap_prepare: MAP_SHARED only",
                    fact);
            t.outcome("EINVAL", null);
            return Result.finding(Outcome.EINVAL, t.build(), Draft.of(Rule.SHARED_MAPPING_REQUIRED,
                    (b.isGmem() ? "guest_memfd" : "memfd_secret") + " memory can only be mapped MAP_SHARED; MAP_PRIVATE of "
                            + b.name() + " fails with EINVAL.",
                    origin, List.of(new Related(b.decl.origin(), "the backing"))).with("backing", b.name()));
        }
        if (at.isPresent() && b.decl.hugetlb() && b.decl.hugePageSize() > 0 && at.get() % b.decl.hugePageSize() != 0) {
            t.kernel("hugetlb_get_unmapped_area / prepare_hugepage_range: MAP_FIXED must be huge-page aligned",
                    KernelFact.HUGETLB_SIZES);
            t.outcome("EINVAL", null);
            return Result.finding(Outcome.EINVAL, t.build(), Draft.of(Rule.MISALIGNED,
                    "mmap address " + hex(at.get()) + " of hugetlb backing " + b.name() + " is not aligned to its "
                            + size(b.decl.hugePageSize()) + " page size: EINVAL.", origin, List.of()));
        }
        if (at.isPresent() && !aligned(at.get())) {
            t.outcome("EINVAL: unaligned fixed address", null);
            return Result.finding(Outcome.EINVAL, t.build(), Draft.of(Rule.MISALIGNED,
                    "mmap address " + hex(at.get()) + " is not page aligned: EINVAL.", origin, List.of()));
        }
        if (length == 0) {
            t.outcome("EINVAL: length 0", null);
            return Result.of(Outcome.EINVAL, t.build());
        }
        long len = roundUp(length);
        long base = at.orElse(vm.nextMmap);
        if (len == 0 || add(base, len).isEmpty() || add(base + len, Math.max(len, 2L << 20) + (2L << 20)).isEmpty()) {
            t.outcome("ENOMEM: the range does not fit in the address space", null);
            return Result.of(Outcome.ENOMEM, t.build());
        }
        Result memlockMay = null;
        var accounting = vm.profile.fix(dev.vmem.engine.kb.StableFix.SECRETMEM_ACCOUNTING);
        if (b.isSecretmem() && accounting == dev.vmem.engine.kb.StableFix.State.FIXED) {
            t.kernel("secretmem_mmap_prepare: VM_DONTDUMP only; pages are charged to locked_vm at fault",
                    KernelFact.SECRETMEM_ACCOUNTING);
        } else if (b.isSecretmem()) {
            t.kernel("secretmem_mmap_prepare → mlock_future_ok(VM_LOCKED)", KernelFact.SECRETMEM_MMAP);
            long limit = vm.decl.memlockLimit().orElse(-1);
            long after = vm.lockedBytes + len;
            if (limit != -1 && Long.compareUnsigned(after, limit) > 0
                    && accounting == dev.vmem.engine.kb.StableFix.State.DEPENDS) {
                t.state(dev.vmem.engine.kb.StableFix.SECRETMEM_ACCOUNTING.ambiguity(vm.profile.declared()), KernelFact.STABLE_FIXES);
                t.outcome("may EAGAIN (old accounting) or ok with SIGBUS at the fault over the limit (new accounting)", null);
                memlockMay = Result.may(java.util.Set.of(Outcome.EAGAIN, Outcome.OK), null, Draft.of(Rule.MEMLOCK_EXCEEDED,
                        "Mapping " + size(len) + " of memfd_secret " + b.name() + " exceeds RLIMIT_MEMLOCK ("
                                + size(limit) + "): with the old accounting mmap fails with EAGAIN, with the 2026 change the mmap succeeds and the fault over the limit is SIGBUS; "
                                + dev.vmem.engine.kb.StableFix.SECRETMEM_ACCOUNTING.ambiguity(vm.profile.declared()) + ".",
                        origin, List.of(new Related(vm.decl.memlockOrigin(), "RLIMIT_MEMLOCK"),
                                new Related(b.decl.origin(), "the memfd_secret backing"))).with("backing", b.name()));
            } else if (limit != -1 && Long.compareUnsigned(after, limit) > 0) {
                t.state("RLIMIT_MEMLOCK " + size(limit) + ", locked " + size(vm.lockedBytes) + " + " + size(len), null);
                t.outcome("EAGAIN", null);
                return Result.finding(Outcome.EAGAIN, t.build(), Draft.of(Rule.MEMLOCK_EXCEEDED,
                        "memfd_secret mappings are VM_LOCKED and charged to RLIMIT_MEMLOCK: mapping " + size(len) + " of "
                                + b.name() + " with " + size(vm.lockedBytes) + " already locked exceeds the limit of "
                                + size(limit) + ", so mmap fails with EAGAIN.",
                        origin, List.of(new Related(vm.decl.memlockOrigin(), "RLIMIT_MEMLOCK"),
                                new Related(b.decl.origin(), "the memfd_secret backing"))).with("backing", b.name()));
            }
            vm.lockedBytes = after;
        }
        long start = at.orElseGet(() -> {
            // Automatic placement leaves a hole as large as the mapping after it, so a memslot that
            // runs past its mapping hits unmapped addresses at every scale, not a neighbour.
            long s = vm.nextMmap;
            long hole = Math.max(len, 2L << 20);
            vm.nextMmap = (s + len + hole + (2L << 20) - 1) & -(2L << 20);
            return s;
        });
        if (!b.isGmem() && !b.isSecretmem()) {
            t.kernel("mmap of " + b.kind().keyword() + " memory", KernelFact.STANDARD_MM);
        }
        var vma = new Vma(b, sharing, start, len, origin);
        vm.addVma(vma);
        t.state("VMA [" + hex(start) + ", " + hex(start + len) + ")", null);
        if (memlockMay != null) {
            return new Result(Outcome.UNKNOWN, t.build(), memlockMay.draft(), memlockMay.possible());
        }
        if (populate && b.noDirectMap() && vm.profile.gupRefusesNoDirectMap()) {
            t.kernel("mm_populate → populate_vma_page_range → __get_user_pages → check_vma_flags: "
                    + (b.isSecretmem() ? "vma_is_secretmem" : "vma_has_no_direct_map") + " → -EFAULT, ignored",
                    KernelFact.POPULATE_SECRETMEM);
            t.outcome("ok: nothing is faulted in", null);
            return Result.finding(Outcome.OK, t.build(), Draft.of(Rule.POPULATE_IGNORED,
                    "MAP_POPULATE faults nothing of " + b.name() + " in: GUP refuses "
                            + (b.isSecretmem() ? "secretmem" : "NO_DIRECT_MAP guest_memfd")
                            + " VMAs and mm_populate() ignores the error, so the mapping succeeds and every page is still unpopulated.",
                    origin, List.of(new Related(b.decl.origin(), "the backing " + b.name()))).with("backing", b.name()));
        }
        if (populate) {
            var pr = fault(vma, 0, len, Access.WRITE, t);
            if (pr.outcome() == Outcome.OK) {
                t.kernel("MAP_POPULATE: every page faulted in", null);
            } else {
                t.kernel("MAP_POPULATE: faults failed (" + pr.outcome().keyword() + "); mmap ignores populate errors",
                        null);
            }
        }
        return Result.ok(t.outcome("ok", null).build());
    }

    /**
     * The VMM touches {@code [off, off+len)} of a VMA: the backing's fault handler runs for pages not
     * yet present. Returns OK, SIGBUS or SIGSEGV; records population and direct-map removal.
     */
    Result fault(Vma vma, long off, long len, Access access, Trace.Builder t) {
        budget.spend(1);
        var b = vma.backing;
        if (Long.compareUnsigned(off + len, vma.length) > 0 || len == 0 && off >= vma.length) {
            t.outcome("SIGSEGV: outside the mapping", null);
            return Result.of(Outcome.SIGSEGV, t.build());
        }
        long fileEnd = off + len;
        if (b.kind() != BackingKind.ANONYMOUS && Long.compareUnsigned(fileEnd, roundUp(b.size)) > 0) {
            var fact = b.isGmem() ? KernelFact.GMEM_FAULT_USER
                    : b.isSecretmem() ? KernelFact.SECRETMEM_FAULT : null;
            t.kernel("fault beyond i_size (" + size(b.size) + ")", fact);
            t.outcome("SIGBUS", null);
            return Result.of(Outcome.SIGBUS, t.build());
        }
        if (b.isGmem()) {
            t.kernel("kvm_gmem_fault_user_mapping", KernelFact.GMEM_FAULT_USER);
            if (!b.has(GmemFlag.INIT_SHARED)) {
                t.state(b.name() + " lacks GUEST_MEMFD_FLAG_INIT_SHARED: its memory is private", null);
                t.outcome("SIGBUS", null);
                return Result.of(Outcome.SIGBUS, t.build());
            }
            if (b.released) {
                t.outcome("SIGBUS", null);
                return Result.of(Outcome.SIGBUS, t.build());
            }
            if (b.has(GmemFlag.NO_DIRECT_MAP)) {
                t.kernel("folio_zap_direct_map" + (vm.profile.tlbFlushAfterZap() ? " + flush_tlb_kernel_range"
                        : " without TLB flush (guest_memfd_tlb_flush=off)"), KernelFact.NDM_FLAG);
                b.removed.put(off, fileEnd, true);
                b.pendingZap.put(off, fileEnd, null);
            }
        } else if (b.isSecretmem()) {
            if (vm.profile.fix(dev.vmem.engine.kb.StableFix.SECRETMEM_ACCOUNTING) == dev.vmem.engine.kb.StableFix.State.FIXED) {
                long fresh = len - vma.populated.bytes(off, off + len, x -> x);
                long limit = vm.decl.memlockLimit().orElse(-1);
                t.kernel("secretmem_fault: charge locked_vm", KernelFact.SECRETMEM_ACCOUNTING);
                if (limit != -1 && Long.compareUnsigned(vm.lockedBytes + fresh, limit) > 0) {
                    t.state("RLIMIT_MEMLOCK " + size(limit) + ", charged " + size(vm.lockedBytes) + " + " + size(fresh), null);
                    t.outcome("SIGBUS: the fault is over RLIMIT_MEMLOCK", null);
                    return Result.of(Outcome.SIGBUS, t.build());
                }
                vm.lockedBytes += fresh;
            }
            t.kernel(b.directMapNoop ? "secretmem_fault → set_direct_map_invalid_noflush: a no-op on this arm64 host"
                    : "secretmem_fault → set_direct_map_invalid_noflush + flush_tlb_kernel_range",
                    b.directMapNoop ? KernelFact.ARM64_SECRETMEM_NOOP : KernelFact.SECRETMEM_FAULT);
            if (!b.directMapNoop) {
                b.removed.put(off, fileEnd, true);
            }
        }
        b.allocated.put(off, fileEnd, true);
        vma.populated.put(off, off + len, true);
        return Result.ok(t.build());
    }

    // ---- memslots --------------------------------------------------------------------------------

    /** KVM_SET_USER_MEMORY_REGION2: create, or modify an existing id. */
    Result setMemoryRegion(SlotDecl d) {
        budget.spend(1);
        var type = vm.decl.type();
        var p = vm.profile;
        var gmemBacking = d.guestMemfd().map(n -> vm.backings.get(n));
        var userBacking = d.userspace().map(n -> vm.backings.get(n));
        Optional<Vma> userVma = userBacking.flatMap(vm::firstVma);
        long uaddr = userVma.map(v -> v.start + d.userspaceOffset()).orElse(VmState.NO_HVA);
        var t = Trace.builder("KVM_SET_USER_MEMORY_REGION2(slot " + d.id() + ", gpa " + hex(d.gpa())
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
            var bound = bind(d, sz, gmemBacking.orElse(null), t);
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
        return Result.ok(t.outcome("ok: KVM_MR_CREATE", null).build());
    }

    /** kvm_arch_prepare_memory_region: the guest-physical limit (x86 MAXPHYADDR / TDX alias, arm64 IPA). */
    private Optional<Result> gpaLimit(SlotDecl d, long sz, Trace.Builder t) {
        var p = vm.profile;
        boolean arm = p.arch() == dev.vmem.engine.model.Arch.ARM64;
        int bits = p.gpaBits().orElse(52);
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
        boolean alias = false;
        if (!beyond && vm.decl.type() == VmType.TDX && !arm && p.gpaBits().isPresent()) {
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

    /** kvm_gmem_bind; empty on success. */
    private Optional<Result> bind(SlotDecl d, long sz, Backing g, Trace.Builder t) {
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

    // ---- memory attributes ------------------------------------------------------------------------

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

    // ---- GUP and uaccess over the VMM's address space ---------------------------------------------

    /** How a GUP call over an address range ends. Ordered from worst to best. */
    enum Gup {
        NO_MAPPING, FAULT_FAILED, REFUSED, LET_THROUGH, MAY_LET_THROUGH, OK
    }

    /** The verdict for a range plus the VMA that decided it (null when unmapped). */
    record GupResult(Gup verdict, Vma vma) {
    }

    /**
     * get_user_pages over {@code [addr, addr+len)}. {@code fast} callers try GUP-fast first, which
     * matters for the secretmem GUP-fast bug on pre-faulted pages.
     */
    GupResult gup(long addr, long len, boolean fast, Trace.Builder t) {
        GupResult worst = new GupResult(Gup.OK, null);
        for (var piece : vmaPieces(addr, len)) {
            budget.spend(1);
            var r = gupPiece(piece, fast, t);
            if (r.verdict().ordinal() < worst.verdict().ordinal()) {
                worst = r;
            }
            if (worst.verdict() == Gup.NO_MAPPING) {
                break;
            }
        }
        return worst;
    }

    private GupResult gupPiece(VmaPiece piece, boolean fast, Trace.Builder t) {
        if (piece.vma == null) {
            t.state("no VMA at " + hex(piece.addr), null);
            return new GupResult(Gup.NO_MAPPING, null);
        }
        var v = piece.vma;
        var b = v.backing;
        long off = piece.addr - v.start;
        if (b.kind() != BackingKind.ANONYMOUS && Long.compareUnsigned(off + piece.len, roundUp(b.size)) > 0) {
            t.state(b.name() + ": fault beyond i_size → SIGBUS", null);
            return new GupResult(Gup.FAULT_FAILED, v);
        }
        if (b.isGmem() && !b.has(GmemFlag.INIT_SHARED)) {
            t.state(b.name() + ": guest_memfd without INIT_SHARED faults SIGBUS", KernelFact.GMEM_FAULT_USER);
            return new GupResult(Gup.FAULT_FAILED, v);
        }
        if (b.isGmem() && b.released) {
            return new GupResult(Gup.FAULT_FAILED, v);
        }
        if (!b.noDirectMap()) {
            return new GupResult(Gup.OK, v);
        }
        boolean secret = b.isSecretmem();
        var refuseFact = secret && vm.profile.noDirectMapRevision() == 0 ? KernelFact.GUP_REFUSES_SECRETMEM
                : KernelFact.GUP_REFUSES_NO_DIRECT_MAP;
        if (!vm.profile.gupRefusesNoDirectMap()) {
            t.state(b.name() + ": the secretmem check was removed from GUP (secretmem_gup_allowed), so GUP returns a page whose direct-map entry is gone",
                    KernelFact.SECRETMEM_GUP_EXPERIMENT);
            return new GupResult(Gup.LET_THROUGH, v);
        }
        long prefaulted = secret && fast && vm.profile.secretmemGupFastBug() ? v.populated.bytes(off, off + piece.len, x -> x) : 0;
        if (prefaulted == piece.len && piece.len > LRU_BATCH_PAGES * PAGE) {
            t.kernel("gup_fast: more pre-faulted pages than a per-CPU lru_add batch holds; the rest have PG_lru and are refused",
                    KernelFact.GUP_FAST_RACE);
        } else if (prefaulted == piece.len && prefaulted > 0) {
            t.kernel("gup_fast: pages present; folio_is_secretmem() tests PG_lru, which a folio still in the per-CPU lru_add batch lacks",
                    KernelFact.SECRETMEM_GUP_FAST_BUG);
            t.state(b.name() + ": pre-faulted secretmem on " + vm.profile.declared()
                    + (vm.profile.fix(dev.vmem.engine.kb.StableFix.SECRETMEM_GUP_FAST) == dev.vmem.engine.kb.StableFix.State.DEPENDS
                            ? " (" + dev.vmem.engine.kb.StableFix.SECRETMEM_GUP_FAST.ambiguity(vm.profile.declared()) + ")" : "")
                    + ": a race decides whether GUP-fast lets a page through (still in a batch) or refuses it (PG_lru set), after which slow GUP refuses",
                    KernelFact.GUP_FAST_RACE);
            return new GupResult(Gup.MAY_LET_THROUGH, v);
        }
        if (fast) {
            t.kernel(secret ? "gup_fast_folio_allowed: secretmem → fall back to slow GUP"
                    : "gup_fast_folio_allowed: mapping_no_direct_map → fall back to slow GUP", refuseFact);
        }
        t.kernel(secret ? "check_vma_flags: vma_is_secretmem → -EFAULT" : "check_vma_flags: vma_has_no_direct_map → -EFAULT",
                refuseFact);
        t.state(b.describe() + " has no direct map", null);
        return new GupResult(Gup.REFUSED, v);
    }

    /**
     * check_vma_flags() for FOLL_LONGTERM: from 6.5 a writable long-term pin of a shared file
     * mapping that needs dirty tracking is refused (writable_file_mapping_allowed); fs-DAX refuses
     * every long-term pin. hugetlbfs, tmpfs/shmem (memfd, /dev/shm) and device-DAX are fine. A file
     * whose file system the path does not show gets a "may".
     */
    Optional<Result> longtermFilePin(Vma v, String who, Trace.Builder t, Origin origin) {
        var declared = BackingPolicy.longtermPin(vm, v, who, t, origin);
        if (declared != null) {
            return declared;
        }
        var b = v.backing;
        if (b.kind() != BackingKind.FILE || b.decl.hugetlb() || v.sharing != Sharing.SHARED
                || vm.profile.declared().series().compareTo(dev.vmem.engine.kb.KernelVersion.of(6, 5)) < 0) {
            return Optional.empty();
        }
        var path = b.decl.path() == null ? "" : b.decl.path();
        if (path.startsWith("/dev/shm/") || path.startsWith("/run/") || path.startsWith("/dev/hugepages")
                || path.startsWith("/dev/dax")) {
            return Optional.empty();
        }
        t.kernel("check_vma_flags: FOLL_LONGTERM && !writable_file_mapping_allowed(vma)", KernelFact.LONGTERM_FILE_PINS);
        t.state(b.name() + " is a shared mapping of \"" + path + "\", whose file system the profile does not show", null);
        t.outcome("may EFAULT (ext4, xfs and other file systems with dirty tracking; EOPNOTSUPP on fs-DAX) or ok (tmpfs)",
                null);
        return Optional.of(Result.may(java.util.Set.of(Outcome.EFAULT, Outcome.EOPNOTSUPP, Outcome.OK), t.build(),
                Draft.of(Rule.LONGTERM_PIN_FILE_MAPPING, who + " pins " + b.name() + " (a shared mapping of \"" + path
                        + "\") long term: since 6.5 GUP refuses FOLL_LONGTERM write pins of file mappings that need dirty tracking (ext4, xfs, ...), and fs-DAX refuses every long-term pin with EOPNOTSUPP; only tmpfs, hugetlbfs and device-DAX files are fine. The pin may fail.",
                        origin, List.of(new Related(b.decl.origin(), "the file backing " + b.name()))).with("backing", b.name())));
    }

    /** A contiguous part of an address range: covered by one VMA, or by none. */
    record VmaPiece(long addr, long len, Vma vma) {
    }

    List<VmaPiece> vmaPieces(long addr, long len) {
        var out = new ArrayList<VmaPiece>();
        if (addr == VmState.NO_HVA) {
            out.add(new VmaPiece(addr, len, null));
            return out;
        }
        long pos = addr;
        long end = addr + len;
        while (Long.compareUnsigned(pos, end) < 0) {
            budget.spend(1);
            var v = vm.vmaAt(pos);
            if (v.isPresent()) {
                long e = Long.compareUnsigned(v.get().end(), end) < 0 ? v.get().end() : end;
                out.add(new VmaPiece(pos, e - pos, v.get()));
                pos = e;
            } else {
                long next = vm.nextVmaStart(pos, end);
                out.add(new VmaPiece(pos, next - pos, null));
                pos = next;
            }
        }
        return out;
    }

    /** How a user-accessor copy over an address range ends. */
    enum Uaccess {
        NO_MAPPING, SIGBUS, OK
    }

    /** copy_to_user/copy_from_user over {@code [addr, addr+len)}: works on any mapping that can be faulted. */
    record UaccessResult(Uaccess verdict, Vma vma) {
    }

    UaccessResult uaccess(long addr, long len, Trace.Builder t) {
        for (var piece : vmaPieces(addr, len)) {
            budget.spend(1);
            if (piece.vma == null) {
                t.state("no VMA at " + hex(piece.addr), null);
                return new UaccessResult(Uaccess.NO_MAPPING, null);
            }
            var b = piece.vma.backing;
            long off = piece.addr - piece.vma.start;
            if (b.kind() != BackingKind.ANONYMOUS && Long.compareUnsigned(off + piece.len, roundUp(b.size)) > 0) {
                t.state(b.name() + ": fault beyond i_size → SIGBUS", null);
                return new UaccessResult(Uaccess.SIGBUS, piece.vma);
            }
            if (b.isGmem() && (!b.has(GmemFlag.INIT_SHARED) || b.released)) {
                t.state(b.name() + ": guest_memfd without INIT_SHARED: kvm_gmem_fault_user_mapping → SIGBUS",
                        KernelFact.GMEM_FAULT_USER);
                return new UaccessResult(Uaccess.SIGBUS, piece.vma);
            }
        }
        return new UaccessResult(Uaccess.OK, null);
    }

    // ---- guest-side paths ------------------------------------------------------------------------

    /** The address range in the VMM that backs {@code [gpa, gpa+len)} of a slot through userspace_addr. */
    static long hva(Slot s, long gpa) {
        return s.userspaceAddr == VmState.NO_HVA ? VmState.NO_HVA : s.userspaceAddr + (gpa - s.gpa);
    }

    /**
     * A guest access to {@code [gpa, gpa+len)} inside one slot, all of one attribute: the stage-2
     * fault path of __kvm_mmu_faultin_pfn.
     */
    Result guestFault(Slot s, long gpa, long len, Access access, boolean isPrivate, Origin attrOrigin) {
        budget.spend(1);
        var t = Trace.builder("guest " + access.keyword() + " of [" + hex(gpa) + ", " + hex(gpa + len) + ") in "
                + s.label() + (isPrivate ? " (private)" : ""));
        if (isPrivate) {
            t.kernel("__kvm_mmu_faultin_pfn: fault->is_private → kvm_mmu_faultin_pfn_gmem", KernelFact.FAULTIN_GMEM);
            if (s.gmem == null) {
                t.state(s.label() + " has no guest_memfd binding", null);
                t.outcome("KVM_EXIT_MEMORY_FAULT: kvm_mmu_prepare_memory_fault_exit, KVM_RUN returns -EFAULT", null);
                var rel = new ArrayList<Related>();
                rel.add(new Related(s.decl.origin(), s.label()));
                return Result.finding(Outcome.MEMORY_FAULT, t.build(), Draft.of(Rule.PRIVATE_MEMORY_NEEDS_GMEM,
                        "[" + hex(gpa) + ", " + hex(gpa + len) + ") is private but " + s.label()
                                + " has no guest_memfd: private faults exit with KVM_EXIT_MEMORY_FAULT.",
                        attrOrigin == Origin.NONE ? s.decl.origin() : attrOrigin, rel).with("slot", Long.toString(s.id)));
            }
            return gmemFault(s, gpa, len, t);
        }
        if (s.gmemOnly) {
            t.kernel("__kvm_mmu_faultin_pfn: kvm_memslot_is_gmem_only → kvm_mmu_faultin_pfn_gmem",
                    KernelFact.GMEM_ONLY_SLOT);
            return gmemFault(s, gpa, len, t);
        }
        if (access == Access.WRITE && s.flags.contains(SlotFlag.READONLY)) {
            t.outcome("KVM_EXIT_MMIO: write to a read-only slot", null);
            return Result.of(Outcome.MMIO, t.build());
        }
        t.kernel("__kvm_faultin_pfn → hva_to_pfn (GUP-fast, then slow GUP)", KernelFact.HVA_TO_PFN);
        var g = gup(hva(s, gpa), len, true, t);
        return switch (g.verdict()) {
            case OK -> Result.ok(t.outcome("ok: the PFN is mapped into stage-2", null).build());
            case LET_THROUGH -> Result.ok(t.outcome(
                    "ok: the PFN is mapped into stage-2; the guest does not need the direct map", null).build());
            case MAY_LET_THROUGH -> {
                t.outcome("may ok (the page slips through GUP-fast) or EFAULT (refused): a race", KernelFact.GUP_FAST_RACE);
                var b = g.vma().backing;
                yield Result.may(java.util.Set.of(Outcome.OK, Outcome.EFAULT), t.build(), Draft.of(Rule.GUP_ON_SECRET_MEMORY,
                        "KVM's stage-2 fault path resolves " + s.label() + " through userspace_addr with GUP (hva_to_pfn), and "
                                + b.name() + " is pre-faulted memfd_secret memory on a kernel that may lack the GUP-fast fix: a page still in a per-CPU LRU batch may slip through GUP-fast, otherwise GUP refuses it and KVM_RUN fails with EFAULT. Which one happens is a race.",
                        s.decl.userspaceOrigin() == Origin.NONE ? s.decl.origin() : s.decl.userspaceOrigin(),
                        List.of(new Related(b.decl.origin(), "the memfd_secret backing " + b.name()),
                                new Related(s.decl.origin(), s.label()))).with("backing", b.name()));
            }
            case NO_MAPPING, FAULT_FAILED -> {
                t.kernel("kvm_handle_error_pfn → -EFAULT", KernelFact.HANDLE_ERROR_PFN);
                t.outcome("EFAULT: KVM_RUN returns -1/EFAULT without KVM_EXIT_MEMORY_FAULT", null);
                var why = g.verdict() == Gup.NO_MAPPING
                        ? (s.userspaceBacking == null ? "has no userspace_addr"
                                : "points at " + s.userspaceBacking.name() + ", which is not mapped")
                        : "points at a mapping of " + g.vma().backing.describe() + " that faults SIGBUS";
                yield Result.finding(Outcome.EFAULT, t.build(), Draft.of(Rule.SLOT_MEMORY_UNREACHABLE,
                        s.label() + " " + why + ": guest faults resolve through userspace_addr (hva_to_pfn) and fail, so KVM_RUN returns EFAULT.",
                        s.decl.userspaceOrigin() == Origin.NONE ? s.decl.origin() : s.decl.userspaceOrigin(),
                        List.of(new Related(s.decl.origin(), s.label()))).with("slot", Long.toString(s.id)));
            }
            case REFUSED -> {
                t.kernel("hva_to_pfn → KVM_PFN_ERR_FAULT; kvm_handle_error_pfn → -EFAULT", KernelFact.HANDLE_ERROR_PFN);
                t.outcome("EFAULT: KVM_RUN returns -1/EFAULT without KVM_EXIT_MEMORY_FAULT", null);
                var b = g.vma().backing;
                yield Result.finding(Outcome.EFAULT, t.build(), gupDraft(b,
                        "KVM's stage-2 fault path resolves " + s.label() + " through userspace_addr with GUP (hva_to_pfn)",
                        "KVM_RUN fails with EFAULT", s.decl.userspaceOrigin() == Origin.NONE ? s.decl.origin()
                                : s.decl.userspaceOrigin(), new Related(s.decl.origin(), s.label())));
            }
        };
    }

    Draft gupDraft(Backing b, String who, String consequence, Origin origin, Related extra) {
        var what = b.isSecretmem() ? "memfd_secret memory" : "NO_DIRECT_MAP guest_memfd memory";
        var rel = new ArrayList<Related>();
        rel.add(new Related(b.decl.origin(), "the " + b.kind().keyword() + " backing " + b.name()));
        if (extra != null) {
            rel.add(extra);
        }
        if (b.isSecretmem() && vm.profile.secretmemGupFastBug()) {
            consequence = consequence + " (on this kernel a page the VMM has touched may still slip through GUP-fast, a race; MAP_POPULATE pre-faults nothing)";
        }
        return Draft.of(Rule.GUP_ON_SECRET_MEMORY, who + ", and GUP refuses " + what + " (" + b.name() + "): "
                + consequence + ".", origin, rel).with("backing", b.name());
    }

    private Result gmemFault(Slot s, long gpa, long len, Trace.Builder t) {
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
            t.kernel("folio_zap_direct_map" + (vm.profile.tlbFlushAfterZap() ? " + TLB flush"
                    : " without TLB flush (guest_memfd_tlb_flush=off)"), KernelFact.NDM_FLAG);
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
        return Result.ok(t.outcome("ok: the guest_memfd PFN is mapped into stage-2", null).build());
    }

    /**
     * A gfn_to_pfn_cache over {@code [gpa, gpa+len)} of a slot. GPA-based caches (kvmclock) can use
     * guest_memfd with the pfncache_gmem RFC; HVA-based ones (Xen) always use userspace_addr.
     */
    Result pfncache(Slot s, long gpa, long len, dev.vmem.engine.model.GuestFeature user, Origin origin) {
        budget.spend(1);
        boolean kvmclock = user == dev.vmem.engine.model.GuestFeature.KVMCLOCK;
        var t = Trace.builder((kvmclock ? "kvmclock: MSR_KVM_SYSTEM_TIME_NEW → kvm_gpc_activate(pv_time)"
                : "Xen shared_info/vcpu_info: KVM_XEN_ATTR → kvm_gpc_activate (HVA-based)") + " over " + s.label());
        if (kvmclock) {
            t.kernel("kvm_setup_guest_pvclock → kvm_gpc_check / kvm_gpc_refresh", KernelFact.PVCLOCK_SKIPS_ON_ERROR);
        }
        if (kvmclock && vm.profile.pfncacheGmem() && s.gmem != null) {
            t.kernel("hva_to_pfn_retry → kvm_gmem_get_pfn; vmap() for NO_DIRECT_MAP pages", KernelFact.PFNCACHE_GMEM_FIX);
            return Result.ok(t.outcome("ok: the cache maps the guest_memfd page with vmap", null).build());
        }
        t.kernel("hva_to_pfn_retry → hva_to_pfn(gpc->uhva) (GUP), then kmap = direct-map address",
                KernelFact.PFNCACHE_REFRESH);
        var g = gup(hva(s, gpa), len, true, t);
        var failOutcome = kvmclock ? Outcome.SILENT : Outcome.EFAULT;
        var whoName = kvmclock ? "kvmclock's pvclock page" : "the Xen shared pages";
        var related = new ArrayList<Related>();
        related.add(new Related(s.decl.origin(), s.label()));
        return switch (g.verdict()) {
            case OK -> Result.ok(t.outcome("ok", null).build());
            case MAY_LET_THROUGH -> {
                t.outcome("may oops (the page slips through GUP-fast and is written through kmap) or silent (refused): a race",
                        KernelFact.GUP_FAST_RACE);
                var b = g.vma().backing;
                related.add(0, new Related(b.decl.origin(), "the backing " + b.name()));
                var out = kvmclock ? Outcome.SILENT : Outcome.EFAULT;
                yield Result.may(java.util.Set.of(Outcome.OOPS, out), t.build(), Draft.of(Rule.PFNCACHE_UNMAPPED_PFN,
                        "The pfncache for " + whoName + " in " + b.name()
                                + " is pre-faulted memfd_secret memory on a kernel that may lack the GUP-fast fix: if the page is still in a per-CPU LRU batch, GUP-fast lets it through and the cache writes through kmap() (the missing direct-map address), so the host may oops; otherwise the refresh is refused and "
                                + (kvmclock ? "the update is silently skipped." : "the ioctl fails with EFAULT.")
                                + " Which one happens is a race.",
                        origin, related).with("backing", b.name()));
            }
            case LET_THROUGH -> {
                t.kernel("write through gpc->khva (kmap of a page whose direct-map PTE is not present)",
                        KernelFact.UNMAPPED_DIRECT_MAP_OOPS);
                t.outcome("oops: BUG: unable to handle page fault … #PF: supervisor write access in kernel mode, not-present page",
                        null);
                related.add(0, new Related(g.vma().backing.decl.origin(), "the backing " + g.vma().backing.name()));
                yield Result.finding(Outcome.OOPS, t.build(), Draft.of(Rule.PFNCACHE_UNMAPPED_PFN,
                        "GUP hands " + whoName + " in " + g.vma().backing.name()
                                + " to the pfncache although its direct-map entry is gone; the cache writes through kmap() (the direct-map address) and the host oopses.",
                        origin, related).with("backing", g.vma().backing.name()));
            }
            case REFUSED, NO_MAPPING, FAULT_FAILED -> {
                var why = g.verdict() == Gup.REFUSED
                        ? "GUP refuses " + g.vma().backing.describe()
                        : g.verdict() == Gup.NO_MAPPING ? "there is no userspace mapping behind " + s.label()
                                : "the mapping behind " + s.label() + " faults SIGBUS";
                if (g.vma() != null) {
                    related.add(0, new Related(g.vma().backing.decl.origin(), "the backing " + g.vma().backing.name()));
                }
                if (kvmclock) {
                    t.kernel("kvm_gpc_refresh fails → kvm_setup_guest_pvclock returns; the activation error is ignored",
                            KernelFact.PVCLOCK_SKIPS_ON_ERROR);
                    t.outcome("silent: the pvclock page is never written", null);
                } else {
                    t.kernel("kvm_gpc_activate fails", KernelFact.XEN_HVA_PFNCACHE);
                    t.outcome("EFAULT from the Xen attribute ioctl", null);
                }
                var msg = kvmclock
                        ? "The pfncache refresh for " + whoName + " fails (" + why
                                + "), and kvm_setup_guest_pvclock() skips the update without telling anyone: the guest's clock page is never written."
                        : "The HVA-based Xen pfncache cannot be activated (" + why + "): the Xen attribute ioctl fails with EFAULT.";
                var d = Draft.of(Rule.PFNCACHE_UNMAPPED_PFN, msg, origin, related);
                if (g.vma() != null) {
                    d = d.with("backing", g.vma().backing.name());
                }
                yield Result.finding(failOutcome, t.build(), d);
            }
        };
    }

    /** kvm_vcpu_map of a guest page (nested virtualization). */
    Result vcpuMap(Slot s, long gpa, long len, Origin origin) {
        budget.spend(1);
        var t = Trace.builder("kvm_vcpu_map of [" + hex(gpa) + ", " + hex(gpa + len) + ") in " + s.label());
        t.kernel("__kvm_vcpu_map → kvm_follow_pfn (.pin) → hva_to_pfn", KernelFact.VCPU_MAP);
        var g = gup(hva(s, gpa), len, true, t);
        var related = new ArrayList<Related>();
        related.add(new Related(s.decl.origin(), s.label()));
        return switch (g.verdict()) {
            case OK -> Result.ok(t.outcome("ok: kmap of the page", null).build());
            case MAY_LET_THROUGH -> {
                t.outcome("may oops or EINVAL: a race in GUP-fast", KernelFact.GUP_FAST_RACE);
                var b = g.vma().backing;
                yield Result.may(java.util.Set.of(Outcome.OOPS, Outcome.EINVAL), t.build(), Draft.of(Rule.VCPU_MAP_UNMAPPED_PFN,
                        "kvm_vcpu_map over pre-faulted memfd_secret memory (" + b.name()
                                + ") on a kernel that may lack the GUP-fast fix: the page may slip through GUP-fast and the first access through kmap() oops, or be refused (EINVAL). Which one happens is a race.",
                        origin, related).with("backing", b.name()));
            }
            case LET_THROUGH -> {
                t.kernel("map->hva = kmap(page): the direct-map address, not present", KernelFact.UNMAPPED_DIRECT_MAP_OOPS);
                t.outcome("oops on the first access through the mapping", null);
                yield Result.finding(Outcome.OOPS, t.build(), Draft.of(Rule.VCPU_MAP_UNMAPPED_PFN,
                        "kvm_vcpu_map gets a page of " + g.vma().backing.name()
                                + " from GUP although its direct-map entry is gone, and kmap() returns that not-present address: the first nested-state access oopses.",
                        origin, related).with("backing", g.vma().backing.name()));
            }
            case REFUSED, NO_MAPPING, FAULT_FAILED -> {
                t.outcome("EINVAL: error PFN; the nested VM-entry fails", null);
                var why = g.verdict() == Gup.REFUSED ? "GUP refuses " + g.vma().backing.describe()
                        : "there is no usable userspace mapping behind " + s.label();
                var d = Draft.of(Rule.VCPU_MAP_UNMAPPED_PFN,
                        "Nested virtualization maps guest pages with kvm_vcpu_map(), which pins through GUP; " + why
                                + ", so it returns EINVAL and the nested VM-entry fails.",
                        origin, related);
                if (g.vma() != null) {
                    d = d.with("backing", g.vma().backing.name());
                }
                yield Result.finding(Outcome.EINVAL, t.build(), d);
            }
        };
    }

    // ---- scenario operations on files -------------------------------------------------------------

    Result fileIo(Backing b, boolean write) {
        budget.spend(1);
        var t = Trace.builder((write ? "write(2)" : "read(2)") + " on " + b.describe());
        if (!b.hasFd()) {
            t.outcome("EBADF: anonymous memory has no file descriptor", null);
            return Result.of(Outcome.EBADF, t.build());
        }
        if (!b.fdOpen) {
            t.outcome("EBADF: the file descriptor is closed", null);
            return Result.of(Outcome.EBADF, t.build());
        }
        if (b.isGmem() || b.isSecretmem()) {
            t.kernel(b.isGmem() ? "kvm_gmem_fops: no read/write operations" : "secretmem_fops: no read/write operations",
                    b.isGmem() ? KernelFact.GMEM_FILE_OPS : KernelFact.SECRETMEM_NO_FILE_IO);
            t.kernel("vfs_" + (write ? "write" : "read") + ": no FMODE_CAN_" + (write ? "WRITE" : "READ"),
                    KernelFact.NO_RW_FOPS_ERRNO);
            t.outcome("EINVAL", null);
            return Result.of(Outcome.EINVAL, t.build());
        }
        if (write && b.decl.hugetlb()) {
            t.kernel("hugetlbfs_file_operations: no write_iter", KernelFact.HUGETLB_SIZES);
            return Result.of(Outcome.EINVAL, t.outcome("EINVAL", null).build());
        }
        return Result.ok(t.outcome("ok", KernelFact.STANDARD_MM).build());
    }

    Result fallocate(Backing b, Operation.FallocateMode mode, long off, long len) {
        budget.spend(1);
        var t = Trace.builder("fallocate(" + b.name() + ", FALLOC_FL_KEEP_SIZE"
                + (mode == Operation.FallocateMode.PUNCH_HOLE ? "|FALLOC_FL_PUNCH_HOLE" : "") + ", " + hex(off) + ", "
                + hex(len) + ")");
        if (!b.hasFd() || !b.fdOpen) {
            t.outcome("EBADF", null);
            return Result.of(Outcome.EBADF, t.build());
        }
        if (b.isSecretmem()) {
            t.kernel("vfs_fallocate: secretmem has no fallocate operation", KernelFact.SECRETMEM_NO_FILE_IO);
            t.outcome("EOPNOTSUPP", null);
            return Result.of(Outcome.EOPNOTSUPP, t.build());
        }
        if (!b.isGmem()) {
            if (b.decl.hugetlb() || b.kind() == BackingKind.FILE) {
                return ScenarioRunner.notModelled(t, "fallocate on a " + (b.decl.hugetlb() ? "hugetlb" : "regular") + " file");
            }
            if (mode == Operation.FallocateMode.PUNCH_HOLE) {
                b.allocated.put(off, off + len, null);
            }
            return Result.ok(t.outcome("ok: shmem_fallocate", KernelFact.STANDARD_MM).build());
        }
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

    Result ftruncate(Backing b, long newSize) {
        budget.spend(1);
        var t = Trace.builder("ftruncate(" + b.name() + ", " + size(newSize) + ")");
        if (!b.hasFd() || !b.fdOpen) {
            t.outcome("EBADF", null);
            return Result.of(Outcome.EBADF, t.build());
        }
        if (b.isGmem()) {
            t.kernel("kvm_gmem_setattr: the size is immutable", KernelFact.GMEM_FILE_OPS);
            t.outcome("EINVAL", null);
            return Result.of(Outcome.EINVAL, t.build());
        }
        if (b.isSecretmem()) {
            t.kernel("secretmem_setattr: i_size already set", KernelFact.SECRETMEM_SETATTR);
            t.outcome("EINVAL", null);
            return Result.of(Outcome.EINVAL, t.build());
        }
        if (b.decl.hugetlb() && newSize % b.decl.hugePageSize() != 0) {
            t.kernel("hugetlbfs_setattr: size not a multiple of the huge page size", KernelFact.HUGETLB_SIZES);
            return Result.of(Outcome.EINVAL, t.outcome("EINVAL", null).build());
        }
        b.size = newSize;
        return Result.ok(t.outcome("ok", KernelFact.STANDARD_MM).build());
    }
}
