package dev.vmem.engine.report;

import static dev.vmem.engine.kb.KernelFact.*;
import static dev.vmem.engine.report.Severity.ERROR;
import static dev.vmem.engine.report.Severity.INFO;
import static dev.vmem.engine.report.Severity.WARNING;

import dev.vmem.engine.kb.Certainty;
import dev.vmem.engine.kb.KernelFact;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The rule catalogue: the one registry every finding comes from. Each rule has a stable kebab-case
 * code (never reused with another meaning), a default severity, a title, when it fires, the fix,
 * and the knowledge-base facts it rests on. Issue codes, LSP code descriptions, SARIF rules and the
 * rule pages under {@code docs/rules/} all derive from here.
 */
public enum Rule implements CodeInfo {
    GUP_ON_SECRET_MEMORY("gup-on-secret-memory", ERROR, "GUP refused on memory without a direct map",
            "A GUP user (KVM's fault path via userspace_addr, VFIO/iommufd, io_uring fixed buffers, O_DIRECT, vhost zero-copy, process_vm_readv, ptrace, /proc/pid/mem, a populate source) reaches secretmem or NO_DIRECT_MAP guest_memfd and is refused.",
            "Keep GUP users away from such memory: bounce I/O through ordinary memory, drop the VFIO or zero-copy device, or serve guest faults from a guest_memfd binding instead of userspace_addr.",
            GUP_REFUSES_SECRETMEM, GUP_REFUSES_NO_DIRECT_MAP, HVA_TO_PFN, HANDLE_ERROR_PFN, HOST_GUP_USERS, REMOTE_ACCESS_SECRETMEM),
    PFNCACHE_UNMAPPED_PFN("pfncache-unmapped-pfn", ERROR, "gfn_to_pfn_cache over memory without a direct map",
            "A gfn_to_pfn_cache user (kvmclock, Xen shared pages) covers secretmem, NO_DIRECT_MAP or unmapped guest memory: the refresh is refused and the work silently skipped, or, where GUP lets the page through, the kernel writes to a not-present direct-map address (oops).",
            "Hide kvmclock from the guest (cpuid -kvmclock) or run a kernel with the pfncache guest_memfd support (patch pfncache_gmem) and a guest_memfd binding.",
            PFNCACHE_REFRESH, PVCLOCK_SKIPS_ON_ERROR, PFNCACHE_GMEM_FIX, XEN_HVA_PFNCACHE, UNMAPPED_DIRECT_MAP_OOPS),
    VCPU_MAP_UNMAPPED_PFN("vcpu-map-unmapped-pfn", ERROR, "kvm_vcpu_map over memory without a direct map",
            "kvm_vcpu_map (nested virtualization pages) covers memory without a direct map or without a mapping: -EINVAL and a failed nested entry, or an oops where GUP lets the page through.",
            "Do not offer nested virtualization to a guest whose RAM is removed from the direct map.",
            VCPU_MAP, NESTED_USERS, UNMAPPED_DIRECT_MAP_OOPS),
    GUP_UNMAPPED_PFN("gup-unmapped-pfn", ERROR, "GUP hands out a page without a direct map",
            "GUP lets a page without a direct-map entry through (secretmem_gup_allowed) to a kernel user that then copies through the page's direct-map address (remote reads): a kernel page fault, an oops.",
            "Do not remove the secretmem check from GUP, or keep remote readers (ptrace, /proc/pid/mem, process_vm_readv) away from the VM.",
            SECRETMEM_GUP_EXPERIMENT, REMOTE_ACCESS_SECRETMEM, UNMAPPED_DIRECT_MAP_OOPS),
    TD_NO_DIRECT_MAP_GMEM("td-no-direct-map-gmem", ERROR, "TDX VM with a NO_DIRECT_MAP guest_memfd",
            "A TDX VM uses a NO_DIRECT_MAP guest_memfd: the TDX page-add/aug paths clflush and clear the page through its direct-map address (oops) where the flag is accepted (v9); KVM_CREATE_GUEST_MEMFD fails with -EINVAL where it is refused (v10 and later).",
            "Drop no_direct_map from TDX guests' guest_memfd: TDX protects private memory in hardware.",
            TDX_CLFLUSH, NDM_X86_SUPPORT, UNMAPPED_DIRECT_MAP_OOPS),
    SNP_NO_DIRECT_MAP_GMEM("snp-no-direct-map-gmem", ERROR, "SEV-SNP VM with a NO_DIRECT_MAP guest_memfd",
            "An SEV-SNP VM uses a NO_DIRECT_MAP guest_memfd: population and invalidation touch the direct map (oops risk) where the flag is accepted (v9, v10); KVM_CREATE_GUEST_MEMFD fails with -EINVAL where it is refused (v12).",
            "Drop no_direct_map from SNP guests' guest_memfd: SNP protects private memory in hardware.",
            SNP_DIRECT_MAP, NDM_X86_SUPPORT, UNMAPPED_DIRECT_MAP_OOPS),
    GMEM_FLAG_UNSUPPORTED("gmem-flag-unsupported", ERROR, "guest_memfd flag not offered for this VM",
            "A guest_memfd flag the kernel has but does not offer for this VM type, architecture or CPU (INIT_SHARED for a VM with private memory, NO_DIRECT_MAP on arm64 without FWB or a 4 KiB linear map): KVM_CREATE_GUEST_MEMFD fails with -EINVAL.",
            "Drop the flag, or change the VM type or host.",
            GMEM_CREATE, GMEM_SUPPORTED_FLAGS, NDM_ARM64_SUPPORT),
    KERNEL_FEATURE_MISSING("kernel-feature-missing", ERROR, "The kernel lacks this feature",
            "A backing, ioctl, flag, parameter or VM type the profile's kernel does not have at all (guest_memfd before 6.8, MMAP/INIT_SHARED before 6.18, NO_DIRECT_MAP without the series, TDX before 6.16, memfd_secret before 5.14 or disabled, …).",
            "Use a newer kernel, add the patch series, or enable the feature.",
            GMEM_HISTORY, SECRETMEM_HISTORY, SECRETMEM_SYSCALL, VM_TYPES, MEMSLOT_FLAGS, NDM_FLAG),
    GMEM_MMAP_UNSUPPORTED("gmem-mmap-unsupported", ERROR, "mmap of a guest_memfd created without MMAP",
            "mmap of a guest_memfd created without GUEST_MEMFD_FLAG_MMAP fails with -ENODEV.",
            "Create the guest_memfd with flags mmap (and init_shared for a non-confidential VM), or do not map it.",
            GMEM_MMAP),
    SHARED_MAPPING_REQUIRED("shared-mapping-required", ERROR, "guest_memfd and memfd_secret need MAP_SHARED",
            "MAP_PRIVATE of a guest_memfd or memfd_secret fails with -EINVAL.",
            "Map it shared.",
            GMEM_MMAP, SECRETMEM_MMAP),
    MEMLOCK_EXCEEDED("memlock-exceeded", ERROR, "memfd_secret mappings beyond RLIMIT_MEMLOCK",
            "memfd_secret memory is charged to RLIMIT_MEMLOCK: before the 2026 accounting change a mapping beyond the limit fails with -EAGAIN; after it (7.3; 7.2.5, 6.18.52, 6.12.113, 6.1.191) the mmap succeeds and the fault over the limit is SIGBUS.",
            "Raise the VMM's RLIMIT_MEMLOCK (or, on older kernels, grant CAP_IPC_LOCK), or map less secret memory.",
            SECRETMEM_MMAP, SECRETMEM_ACCOUNTING),
    GMEM_SLOT_FLAGS("gmem-slot-flags", ERROR, "Memslot flag not allowed with guest_memfd",
            "A guest_memfd memslot with log_dirty_pages or readonly: KVM_SET_USER_MEMORY_REGION2 fails with -EINVAL.",
            "Drop the flag; dirty tracking and read-only memory are not supported on guest_memfd slots.",
            MEMSLOT_FLAGS),
    MEMSLOT_OVERLAP("memslot-overlap", ERROR, "Memslots overlap in guest-physical space",
            "Two memslots overlap in guest-physical space: KVM_SET_USER_MEMORY_REGION2 fails with -EEXIST.",
            "Move or shrink one of the slots.",
            MEMSLOT_CHECKS),
    GMEM_BINDING_INVALID("gmem-binding-invalid", ERROR, "Invalid guest_memfd binding",
            "A guest_memfd binding off the file's end, of another VM's guest_memfd, or of a file that is not a guest_memfd: -EINVAL.",
            "Bind a guest_memfd of this VM, within its size.",
            GMEM_BIND),
    GMEM_BINDING_OVERLAP("gmem-binding-overlap", ERROR, "guest_memfd bindings overlap",
            "Two memslots bind overlapping file ranges of one guest_memfd: -EINVAL up to 7.1, -EEXIST from 7.2 (and stable 6.12.118).",
            "Give each memslot a disjoint guest_memfd offset range.",
            GMEM_BIND, GMEM_BIND_OVERLAP_EEXIST),
    MISALIGNED("misaligned", ERROR, "Not page aligned",
            "A gpa, size, userspace_addr, guest_memfd offset, file offset or attribute range is not page aligned: -EINVAL.",
            "Align it to the page size (4 KiB).",
            MEMSLOT_CHECKS, GMEM_CREATE, GMEM_FALLOCATE, MEMORY_ATTRIBUTES),
    INVALID_ARGUMENT("invalid-argument", ERROR, "Argument the kernel rejects",
            "An ioctl or syscall argument the kernel rejects with -EINVAL for a reason no more specific rule covers: a zero size, a range that overflows, a slot id out of range, a change to an existing memslot that KVM forbids.",
            "Correct the value.",
            MEMSLOT_CHECKS, MEMORY_ATTRIBUTES, GMEM_CREATE),
    PRIVATE_MEMORY_NEEDS_GMEM("private-memory-needs-gmem", ERROR, "Private memory without a guest_memfd",
            "A private GPA range is covered by a memslot without a guest_memfd binding: guest accesses end in KVM_EXIT_MEMORY_FAULT.",
            "Bind a guest_memfd to the memslot (guest_memfd B), or keep the range shared.",
            FAULTIN_GMEM),
    ATTRIBUTES_UNSUPPORTED("attributes-unsupported", ERROR, "Memory attributes on a VM without private memory",
            "KVM_SET_MEMORY_ATTRIBUTES(PRIVATE) on a VM type without private memory (default, SEV, SEV-ES): -EINVAL.",
            "Use a VM type with private memory (sw_protected, snp, tdx), or drop the attribute.",
            MEMORY_ATTRIBUTES),
    GMEM_USERSPACE_MISMATCH("gmem-userspace-mismatch", ERROR, "guest_memfd slot whose userspace_addr maps other memory",
            "A guest_memfd-only memslot whose userspace_addr does not map the same guest_memfd range: KVM's internal reads and MMIO emulation see other memory than the guest.",
            "Point userspace at a shared mapping of the same guest_memfd, at the binding's offset.",
            GMEM_ONLY_SLOT, USERSPACE_ADDR_UNCHECKED, EMULATION_VIA_USERSPACE_ADDR),
    UACCESS_UNMAPPED("uaccess-unmapped", ERROR, "Host access needs a userspace mapping",
            "A host-side user of guest memory (steal time, PV EOI, async PF, virtio via the VMM or vhost, a GUP-based device) needs a userspace mapping the memory does not have (no mapping, or private guest_memfd that faults SIGBUS).",
            "Map the memory (guest_memfd with mmap | init_shared) and point the slot's userspace at it.",
            KVM_UACCESS, UACCESS_USERS, GMEM_FAULT_USER, VHOST_UACCESS),
    SLOT_MEMORY_UNREACHABLE("slot-memory-unreachable", ERROR, "Guest faults through a userspace_addr with no usable mapping",
            "A memslot whose guest faults resolve through userspace_addr, where that address has no mapping or a mapping that faults SIGBUS: KVM_RUN fails with -EFAULT.",
            "Map the backing and name it in the slot (userspace B), or bind a guest_memfd created with mmap.",
            HVA_TO_PFN, HANDLE_ERROR_PFN, GMEM_FAULT_USER),
    VHOST_USER_NEEDS_SHARED_MEMORY("vhost-user-needs-shared-memory", ERROR, "vhost-user with memory it cannot share",
            "A vhost-user device with guest memory that cannot be passed to the daemon as a shared fd mapping (anonymous memory, which has no fd, or MAP_PRIVATE mappings), or a guest_memfd the daemon cannot map (no MMAP: ENODEV) or whose pages are private (no INIT_SHARED: SIGBUS).",
            "Back guest RAM with memfd or a file and map it shared.",
            VHOST_USER_SHARED, GMEM_USER_CONSUMERS),
    HIBERNATION_BLOCKED("hibernation-blocked", WARNING, "Hibernation refused while memfd_secret exists",
            "Host hibernation while any memfd_secret file exists: hibernate() returns -EPERM.",
            "Do not rely on hibernation on hosts that run memfd_secret-backed VMs.",
            HIBERNATION_SECRETMEM),
    SECRETMEM_GUP_FAST_BUG("secretmem-gup-fast-bug", WARNING, "Kernel with the secretmem GUP-fast bug",
            "memfd_secret on a kernel that may lack the GUP-fast fix (6.9; stable 5.15.154, 6.1.85, 6.6.26, 6.8.5; a bare series with a backport is ambiguous): pre-faulted secret pages still in a per-CPU LRU batch may slip through GUP-fast to kernel users, a race. Silent under secretmem_gup_allowed, where the point is moot.",
            "Run 6.9 or later (or a stable kernel with 65291dcfcf89).",
            KernelFact.SECRETMEM_GUP_FAST_BUG, GUP_REFUSES_SECRETMEM, GUP_FAST_RACE, STABLE_FIXES),
    EXPOSURE_WINDOW("exposure-window", WARNING, "Window in which removed memory is still reachable",
            "Direct-map removal leaves a window: the zap is not followed by a TLB flush (guest_memfd_tlb_flush off), or populated/preallocated pages stay mapped until first use.",
            "Turn guest_memfd_tlb_flush on, or accept the window knowingly.",
            NDM_TLB_FLUSH_PARAM, NDM_POPULATE_WINDOW, NDM_ZAP_FLUSH),
    DIRECT_MAP_EXPOSURE("direct-map-exposure", INFO, "Guest RAM left in the direct map",
            "Per VM: bytes of guest RAM still in the kernel's direct map after bring-up, by backing.",
            "Use guest_memfd with no_direct_map (non-confidential VMs) to take guest RAM out of the direct map.",
            SPECULATIVE_EXPOSURE, ANON_IN_DIRECT_MAP, GMEM_IN_DIRECT_MAP),
    DIRECT_MAP_FRAGMENTATION("direct-map-fragmentation", INFO, "Direct-map large pages split",
            "4 KiB direct-map removal splits large direct-map pages; the figure is a lower bound (physically contiguous memory).",
            "Nothing to fix; expect a fragmented direct map on such hosts.",
            DIRECT_MAP_SPLIT),
    COREDUMP_OMITS_GUEST_MEMORY("coredump-omits-guest-memory", INFO, "Core dumps omit guest memory",
            "A host core dump of the VMM skips (secretmem) or zero-fills (NO_DIRECT_MAP guest_memfd) guest memory.",
            "Nothing to fix; debug guest memory another way.",
            COREDUMP),
    UNKNOWN_KERNEL_VERSION("unknown-kernel-version", WARNING, "Unknown kernel version",
            "A kernel version the knowledge base does not know; the nearest known version not newer than it is used.",
            "Use a version the knowledge base knows (see docs/kernel-profiles.md).",
            GMEM_HISTORY),
    EXPECTATION_FAILED("expectation-failed", ERROR, "Scenario step outcome differs from its expectation",
            "A scenario step's outcome differs from its expect clause.",
            "Fix the scenario, or the setup the step exercises."),
    ANALYSIS_INCOMPLETE("analysis-incomplete", WARNING, "Analysis incomplete",
            "The engine hit its work budget (or was cancelled) on this input; findings may be missing.",
            "Split the file, or raise the budget."),
    NOT_MODELLED("not-modelled", INFO, "Outcome not modelled",
            "An operation on a backing kind or VM type for which the knowledge base has no fact: the step's outcome is unknown, never a default ok.",
            "Check the kernel source for this combination, or extend the knowledge base (docs/fidelity.md lists what is decided).",
            KernelFact.NOT_MODELLED),
    BUILD_OPTION_UNKNOWN("build-option-unknown", INFO, "Outcome depends on a kernel build option",
            "What the VM needs depends on a kernel build option the profile does not state (CONFIG_KVM_SW_PROTECTED_VM for sw_protected VMs and 6.8-6.10 guest_memfd, CONFIG_KVM_GENERIC_MEMORY_ATTRIBUTES, CONFIG_KVM_SMM): the operation may fail.",
            "State the option in the kernel profile (config kvm_sw_protected_vm on|off, ...).",
            X86_GMEM_KCONFIG, MEMORY_ATTRIBUTES_KCONFIG, SMM_ADDRESS_SPACE),
    POINT_RELEASE_AMBIGUOUS("point-release-ambiguous", WARNING, "Outcome depends on the stable point release",
            "The profile names a bare series (6.12) whose stable point releases differ in a behaviour the VM exercises; the finding names the first fixed release.",
            "State the full version (version 6.12.64).",
            STABLE_FIXES, GMEM_FLAG_TOGGLE, GMEM_DYING_SLOT_DELETE, SECRETMEM_ACCOUNTING, GMEM_BIND_OVERLAP_EEXIST),
    UNKNOWN_PATCH_REVISION("unknown-patch-revision", WARNING, "Patch revision newer than any known",
            "A no_direct_map revision above v12, the last one posted: its semantics (the 2026 redesign removes folios from the direct map at page-cache insertion) are not known, and v12's are not assumed.",
            "Use a known revision (v9 to v12), or treat the outcomes as unknown.",
            NDM_REVISIONS),
    SECRETMEM_IN_DIRECT_MAP("secretmem-in-direct-map", ERROR, "memfd_secret that stays in the direct map",
            "memfd_secret on arm64 without a 4 KiB linear map on a kernel without CVE-2024-50182's fix: the call succeeds but the pages are never removed from the direct map.",
            "Boot with a 4 KiB linear map (rodata_full), or run a fixed kernel (6.12; 5.15.169, 6.1.113, 6.6.57, 6.11.4), where memfd_secret() fails with ENOSYS instead.",
            ARM64_SECRETMEM_NOOP, SECRETMEM_SYSCALL),
    POPULATE_IGNORED("populate-ignored", INFO, "MAP_POPULATE faults nothing in",
            "A populate mapping of memfd_secret (or NO_DIRECT_MAP guest_memfd): GUP refuses the VMA, mm_populate() ignores the error, and nothing is pre-faulted.",
            "Pre-fault by touching the memory from the VMM, if pre-faulting is wanted at all.",
            POPULATE_SECRETMEM),
    GMEM_SLOT_USE_AFTER_FREE("gmem-slot-use-after-free", ERROR, "guest_memfd binding left dangling",
            "Clearing KVM_MEM_GUEST_MEMFD on an existing memslot (before 6.19; 6.18.3, 6.12.64), or deleting a memslot whose guest_memfd was closed (before 6.18; 6.17.9, 6.12.59): a use-after-free in the host kernel.",
            "Delete and re-create the memslot instead of modifying it; delete memslots before closing their guest_memfd; or run a fixed kernel.",
            GMEM_FLAG_TOGGLE, GMEM_DYING_SLOT_DELETE, STABLE_FIXES),
    LONGTERM_PIN_FILE_MAPPING("longterm-pin-file-mapping", ERROR, "Long-term pin of a file mapping refused",
            "VFIO DMA maps, io_uring fixed buffers or another FOLL_LONGTERM pin of a shared mapping of a file that needs dirty tracking (from 6.5), or of file-system DAX.",
            "Back guest RAM with hugetlbfs, memfd/tmpfs or device-DAX when it is pinned long term.",
            LONGTERM_FILE_PINS),
    HUGETLB_SIZE_INVALID("hugetlb-size-invalid", ERROR, "hugetlb page size or size the kernel refuses",
            "A hugetlb page size the architecture does not have, a hugetlb backing whose size is not a multiple of its page size, or huge pages for memfd_secret.",
            "Use a page size of the architecture (x86: 2 MiB, 1 GiB) and a size that is a multiple of it.",
            HUGETLB_SIZES, SECRETMEM_NO_HUGE),
    HIBERNATION_IMAGE_EXPOSURE("hibernation-image-exposure", WARNING, "Hibernation writes removed guest memory to the image",
            "Host hibernation with a NO_DIRECT_MAP guest_memfd: nothing refuses it, and the snapshot copies the non-present pages through hibernate_map_page(), so guest RAM ends up in the image.",
            "Do not hibernate hosts that run such VMs, or encrypt the hibernation image.",
            HIBERNATION_NO_DIRECT_MAP),
    GPA_BEYOND_LIMIT("gpa-beyond-limit", ERROR, "Memslot beyond the guest-physical address limit",
            "A memslot ending above the host MAXPHYADDR (x86, EINVAL), at a TDX shared-bit alias (EINVAL), or beyond the VM's IPA size (arm64, EFAULT).",
            "Move the memslot below the limit, or create the VM with a larger IPA size.",
            GPA_LIMITS),
    ADVICE_IGNORED("advice-ignored", INFO, "Mapping option the kernel accepts and ignores",
            "A mapping option the kernel accepts without effect on this memory: mergeable (KSM) on a shared, hugetlb or fd-shared mapping; thp on guest_memfd, memfd_secret or hugetlb memory; locked on hugetlb or memfd_secret; a numa policy that guest_memfd (before 6.19) or memfd_secret allocations may not consult.",
            "Drop the option, or change the backing if the effect is wanted (KSM needs a private anonymous mapping).",
            KSM_MADVISE, THP_ADVICE, THP_ORDER0_MEMORY, MLOCK_ACCOUNTING, NUMA_POLICY),
    MLOCK_LIMIT_EXCEEDED("mlock-limit-exceeded", ERROR, "Locked guest memory beyond RLIMIT_MEMLOCK",
            "A locked mapping whose bytes, with what is already locked, exceed the VMM's RLIMIT_MEMLOCK: mmap of the VM_LOCKED mapping fails with EAGAIN (mlock_future_check), or mlockall/mlock fail with EPERM when the limit is 0 (without CAP_IPC_LOCK).",
            "Raise the VMM's RLIMIT_MEMLOCK to cover guest RAM (libvirt: <memtune><hard_limit>), grant CAP_IPC_LOCK, or do not lock guest memory.",
            MLOCK_ACCOUNTING);

    private final String code;
    private final Severity severity;
    private final String title;
    private final String whenItFires;
    private final String fix;
    private final List<KernelFact> facts;

    Rule(String code, Severity severity, String title, String whenItFires, String fix, KernelFact... facts) {
        this.code = code;
        this.severity = severity;
        this.title = title;
        this.whenItFires = whenItFires;
        this.fix = fix;
        this.facts = List.of(facts);
    }

    /** The stable kebab-case code. */
    @Override
    public String code() {
        return code;
    }

    @Override
    public Severity severity() {
        return severity;
    }

    @Override
    public String title() {
        return title;
    }

    /** One sentence: when the rule fires. */
    @Override
    public String whenItFires() {
        return whenItFires;
    }

    /** How to fix it. */
    @Override
    public String fix() {
        return fix;
    }

    /** The knowledge-base facts the rule rests on. */
    @Override
    public List<KernelFact> facts() {
        return facts;
    }

    /** The weakest certainty among the rule's facts. */
    public Certainty certainty() {
        return facts.stream().map(KernelFact::certainty).reduce(Certainty.SOURCE, Certainty::weakest);
    }

    /** The rule page, relative to the repository root. */
    @Override
    public String docPath() {
        return "docs/rules/" + code + ".md";
    }

    public static Optional<Rule> byCode(String code) {
        return Arrays.stream(values()).filter(r -> r.code.equals(code)).findFirst();
    }
}
