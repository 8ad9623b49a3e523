package dev.vmem.engine.kb;

import static dev.vmem.engine.kb.Certainty.DOCUMENTED;
import static dev.vmem.engine.kb.Certainty.INFERRED;
import static dev.vmem.engine.kb.Certainty.SOURCE;
import static dev.vmem.engine.kb.Certainty.UNVERIFIED;

/**
 * The kernel facts the engine encodes. Each names where it comes from (kernel file and function,
 * or patch subject), how certain it is, and the section of the project's fact sheet
 * ({@code kernel-facts.md}) that records it. Traces, hovers and rule pages cite these.
 */
public enum KernelFact {
    // --- GUP and the direct map ---------------------------------------------------------------
    GUP_REFUSES_SECRETMEM("mm/gup.c check_vma_flags(), gup_fast_folio_allowed()", SOURCE, "1.2",
            "Slow GUP returns -EFAULT for a secretmem VMA; GUP-fast refuses secretmem folios and falls back to slow GUP."),
    GUP_REFUSES_NO_DIRECT_MAP("[PATCH v9 03/13] mm: introduce AS_NO_DIRECT_MAP", SOURCE, "2.6",
            "vma_has_no_direct_map()/mapping_no_direct_map() replace every secretmem check, so GUP on a NO_DIRECT_MAP guest_memfd VMA is refused exactly like secretmem."),
    SECRETMEM_GUP_FAST_BUG("65291dcfcf89 \"mm/secretmem: fix GUP-fast succeeding on secretmem folios\" (6.9-rc3; stable 5.15.154)", DOCUMENTED, "2.4",
            "Before the fix folio_is_secretmem() missed secretmem folios, so GUP-fast handed out pre-faulted secret pages; kernel users then oopsed on the missing direct-map entry (fuse_copy_do, CVE-2024-35872)."),
    SECRETMEM_GUP_EXPERIMENT("\"Unmapping KVM Guest Memory from Host Kernel\" (J. Gowans, 8 Mar 2024)", DOCUMENTED, "2.4",
            "The AWS prototype removed the secretmem check from GUP and hid kvmclock through KVM_CPUID_FEATURES to boot a Firecracker guest on memfd_secret."),
    HVA_TO_PFN("virt/kvm/kvm_main.c hva_to_pfn()", SOURCE, "1.2",
            "KVM resolves an HVA with GUP-fast, then slow GUP, then the VM_IO|VM_PFNMAP follow; failure gives KVM_PFN_ERR_FAULT."),
    HANDLE_ERROR_PFN("arch/x86/kvm/mmu/mmu.c kvm_handle_error_pfn()", SOURCE, "3.1",
            "An error PFN on the HVA fault path makes KVM_RUN fail with -EFAULT, without KVM_EXIT_MEMORY_FAULT information."),
    FAULTIN_GMEM("arch/x86/kvm/mmu/mmu.c __kvm_mmu_faultin_pfn() → kvm_mmu_faultin_pfn_gmem()", SOURCE, "3.1",
            "Private faults and faults on GMEM_ONLY slots are served by kvm_gmem_get_pfn(); a private fault on a slot without guest_memfd, or a get_pfn error, exits with KVM_EXIT_MEMORY_FAULT."),
    GMEM_ONLY_SLOT("virt/kvm/guest_memfd.c kvm_gmem_bind() (KVM_MEMSLOT_GMEM_ONLY); guest_memfd_test test_guest_memfd_guest", SOURCE, "1.3",
            "Binding a guest_memfd created with MMAP marks the slot GMEM_ONLY: guest faults come from the guest_memfd whatever userspace_addr says."),
    USERSPACE_ADDR_UNCHECKED("virt/kvm/kvm_main.c kvm_set_memory_region(); selftest binds with userspace_addr = NULL", INFERRED, "1.3",
            "KVM never checks that a guest_memfd slot's userspace_addr maps the same guest_memfd range; if they differ, KVM's internal reads and writes hit other memory than the guest sees."),
    KVM_UACCESS("virt/kvm/kvm_main.c kvm_read_guest()/kvm_write_guest() (gfn_to_hva_memslot + __copy_*_user)", INFERRED, "3.2",
            "KVM's own accesses copy through userspace_addr with user accessors (source); that they work on any mapping that can be faulted, secretmem included, and fail with -EFAULT otherwise is inferred."),
    UACCESS_USERS("x86 record_steal_time(), PV EOI, async PF (gfn_to_hva_cache users)", UNVERIFIED, "3.2",
            "Steal time, PV EOI and async-PF data are written through gfn_to_hva caches and user accessors."),
    EMULATION_VIA_USERSPACE_ADDR("[PATCH v9 13/13] KVM: selftests: Test guest execution from direct map removed gmem", DOCUMENTED, "3.5",
            "x86 MMIO emulation (page walks, instruction fetch) reads guest memory through the slot's userspace_addr, so NO_DIRECT_MAP guest_memfd works when that address maps the same guest_memfd."),
    PFNCACHE_OLD_KERNELS("virt/kvm/pfncache.c (the 6.x text read)", UNVERIFIED, "3.3",
            "The fact sheet describes kvmclock's gfn_to_pfn_cache in the 6.x code only; how older kernels map the pvclock page is not modelled."),
    PFNCACHE_REFRESH("virt/kvm/pfncache.c hva_to_pfn_retry()", SOURCE, "3.3",
            "A gfn_to_pfn_cache resolves its PFN with hva_to_pfn() (GUP) and maps it with kmap(), which on 64-bit is the direct-map address."),
    PVCLOCK_SKIPS_ON_ERROR("arch/x86/kvm/x86.c kvm_setup_guest_pvclock(), kvm_write_system_time()", SOURCE, "3.3",
            "kvm_setup_guest_pvclock() returns when kvm_gpc_refresh() fails and kvm_write_system_time() ignores the activation error: the pvclock page is silently never written."),
    PFNCACHE_GMEM_FIX("\"KVM: pfncache: Add guest_memfd support to pfncache\" (T. Itazuri, Mar 2026)", DOCUMENTED, "3.3",
            "GPA-based caches over guest_memfd resolve through kvm_gmem_get_pfn() and map NO_DIRECT_MAP pages with vmap(); HVA-based (Xen) caches still fail."),
    XEN_HVA_PFNCACHE("Xen emulation shinfo_cache / vcpu_info_cache / runstate_cache", DOCUMENTED, "3.3",
            "Xen shared_info, vcpu_info and runstate pages use HVA-based pfncaches; a failed activation fails the Xen attribute ioctl with -EFAULT."),
    VCPU_MAP("virt/kvm/kvm_main.c __kvm_vcpu_map()", SOURCE, "3.4",
            "kvm_vcpu_map() pins through the HVA and GUP; an error PFN gives -EINVAL; a valid page is mapped with kmap(), the direct-map address."),
    NESTED_USERS("nested VMX/SVM: vmcb12, virtual-APIC page, MSR bitmaps", UNVERIFIED, "3.4",
            "Nested virtualization maps guest pages with kvm_vcpu_map()."),
    UNMAPPED_DIRECT_MAP_OOPS("kernel #PF \"unable to handle page fault … not-present page\" (fuse_copy_do report, Mar 2024)", INFERRED, "5",
            "A kernel access through the direct-map address of a page whose direct-map PTE is not present is a kernel page fault: an oops (panic with panic_on_oops)."),

    // --- secretmem ------------------------------------------------------------------------------
    SECRETMEM_SYSCALL("mm/secretmem.c SYSCALL_DEFINE1(memfd_secret)", SOURCE, "2.4",
            "memfd_secret() returns -ENOSYS when secretmem.enable is off or can_set_direct_map() is false (arm64 without a 4 KiB linear map)."),
    SECRETMEM_HISTORY("memfd_secret since 5.14; b758fe6df50d \"mm/secretmem: make it on by default\" (6.5)", DOCUMENTED, "2.4",
            "memfd_secret appeared in 5.14 and was off unless booted with secretmem.enable=y until 6.5."),
    SECRETMEM_MMAP("mm/secretmem.c secretmem_mmap_prepare()", SOURCE, "2.4",
            "secretmem mappings must be MAP_SHARED (-EINVAL otherwise), are VM_LOCKED|VM_DONTDUMP and are charged to RLIMIT_MEMLOCK through mlock_future_ok() (-EAGAIN)."),
    SECRETMEM_FAULT("mm/secretmem.c secretmem_fault()", SOURCE, "2.4",
            "A secretmem fault allocates a zeroed order-0 folio, removes it from the direct map and flushes the kernel TLB; beyond i_size it is SIGBUS."),
    SECRETMEM_SETATTR("mm/secretmem.c secretmem_setattr()", SOURCE, "2.4",
            "A secretmem file's size can be set once; later size changes return -EINVAL."),
    SECRETMEM_NO_FILE_IO("tools/testing/selftests/mm/memfd_secret.c test_file_apis()", SOURCE, "6.3",
            "read, write, pread and pwrite on a secretmem fd fail: there are no read/write file operations."),
    HIBERNATION_SECRETMEM("kernel/power/hibernate.c hibernation_available()", SOURCE, "2.4",
            "Hibernation is unavailable while any secretmem file exists: hibernate() returns -EPERM."),
    REMOTE_ACCESS_SECRETMEM("tools/testing/selftests/mm/memfd_secret.c test_ptrace(), test_process_vm_read()", SOURCE, "2.4",
            "PTRACE_PEEKDATA and process_vm_readv on secretmem fail (selftest); /proc/pid/mem reads return EIO through access_remote_vm → GUP (documented)."),

    // --- guest_memfd ----------------------------------------------------------------------------
    GMEM_HISTORY("KVM_CREATE_GUEST_MEMFD (6.8); \"KVM: Rework KVM_CAP_GUEST_MEMFD_MMAP into KVM_CAP_GUEST_MEMFD_FLAGS\" (6.18)", DOCUMENTED, "2.5",
            "guest_memfd arrived in 6.8, private-only; GUEST_MEMFD_FLAG_MMAP, INIT_SHARED and guest_memfd for non-CoCo VMs in 6.18."),
    GMEM_CREATE("virt/kvm/guest_memfd.c kvm_gmem_create()", SOURCE, "2.5",
            "Flags outside kvm_gmem_get_supported_flags(), a size of 0 or an unaligned size give -EINVAL."),
    GMEM_SUPPORTED_FLAGS("include/linux/kvm_host.h kvm_gmem_get_supported_flags(); x86 kvm_arch_supports_gmem_init_shared()", SOURCE, "2.5",
            "Every VM gets MMAP; INIT_SHARED only when the VM has no private memory (not SW_PROTECTED, SNP or TDX)."),
    GMEM_MMAP("virt/kvm/guest_memfd.c kvm_gmem_mmap()", SOURCE, "2.5",
            "mmap of a guest_memfd without GUEST_MEMFD_FLAG_MMAP is -ENODEV; anything but MAP_SHARED is -EINVAL."),
    GMEM_FAULT_USER("virt/kvm/guest_memfd.c kvm_gmem_fault_user_mapping()", SOURCE, "2.5",
            "A fault on a guest_memfd mapping at or beyond i_size, or of a guest_memfd without INIT_SHARED, is SIGBUS."),
    GMEM_FILE_OPS("virt/kvm/guest_memfd.c kvm_gmem_fops, kvm_gmem_setattr()", SOURCE, "2.5",
            "guest_memfd has no read/write operations, so read(2) and write(2) fail, and its size is immutable (setattr -EINVAL)."),
    NO_RW_FOPS_ERRNO("fs/read_write.c vfs_read()/vfs_write(): FMODE_CAN_READ/FMODE_CAN_WRITE", INFERRED, "2.4, 2.5",
            "A file without read/write operations has no FMODE_CAN_READ/WRITE, so read(2) and write(2) fail with -EINVAL; the fact sheet records only that they fail."),
    GMEM_FALLOCATE("virt/kvm/guest_memfd.c kvm_gmem_fallocate()", SOURCE, "2.5",
            "fallocate needs FALLOC_FL_KEEP_SIZE (-EOPNOTSUPP), page-aligned offset and length (-EINVAL); allocation beyond i_size is -EINVAL; punching at or beyond i_size succeeds."),
    GMEM_COLLAPSE("tools/testing/selftests/kvm/guest_memfd_test.c test_collapse()", SOURCE, "2.5",
            "guest_memfd is order-0: MADV_HUGEPAGE is accepted and MADV_COLLAPSE fails with -EINVAL."),
    GMEM_BIND("virt/kvm/guest_memfd.c kvm_gmem_bind()", SOURCE, "2.5",
            "A binding of a non-guest_memfd fd, of another VM's guest_memfd, or off the file's end is -EINVAL; a file range already bound is -EINVAL in the mainline text."),
    GMEM_BIND_OVERLAP_EEXIST("kvm-x86 tools/testing/selftests/kvm/set_memory_region_test.c test_add_overlapping_private_memory_regions() (36a062568ea8)", SOURCE, "6.2",
            "kvm-x86/next (2026) expects -EEXIST for a guest_memfd file range that overlaps an existing binding; modelled from 7.1 on (the release is inferred)."),
    GMEM_GET_PFN("virt/kvm/guest_memfd.c kvm_gmem_get_pfn()", SOURCE, "2.5",
            "kvm_gmem_get_pfn() fails with -EFAULT once the guest_memfd file is released (bindings nullified), which the fault path turns into KVM_EXIT_MEMORY_FAULT."),
    GMEM_IN_DIRECT_MAP("virt/kvm/guest_memfd.c (no direct-map calls in mainline)", SOURCE, "2.5",
            "Mainline guest_memfd folios stay in the direct map, shared and private alike; CoCo private memory is protected by hardware, not by page tables."),
    GMEM_POPULATE("virt/kvm/guest_memfd.c kvm_gmem_populate()", SOURCE, "2.5",
            "kvm_gmem_populate() GUP-fasts the source page from userspace and requires the private attribute on the target gfn (-EINVAL otherwise)."),

    // --- the no-direct-map series ---------------------------------------------------------------
    NDM_FLAG("[PATCH v9 07/13] KVM: guest_memfd: Add flag to remove from direct map", SOURCE, "2.6",
            "GUEST_MEMFD_FLAG_NO_DIRECT_MAP zaps each folio from the direct map at its first guest fault (kvm_gmem_get_pfn) or host mmap fault, and restores it when the folio is freed."),
    NDM_X86_SUPPORT("[PATCH v9 05/13] / v10 / v12 KVM: x86: define kvm_arch_gmem_supports_no_direct_map()", SOURCE, "2.6",
            "x86 offers NO_DIRECT_MAP for every VM type in v9, for all but TDX in v10, and for all but TDX and SNP in v12; an unoffered flag is -EINVAL at creation."),
    NDM_ARM64_SUPPORT("[PATCH v9 06/13] KVM: arm64: define kvm_arch_gmem_supports_no_direct_map()", SOURCE, "2.6",
            "arm64 offers NO_DIRECT_MAP only with can_set_direct_map() (a 4 KiB linear map) and ARM64_HAS_STAGE2_FWB."),
    NDM_ZAP_FLUSH("[PATCH v9 01/13] set_memory: add folio_{zap,restore}_direct_map helpers", SOURCE, "1.1",
            "folio_zap_direct_map() clears the direct-map PTEs and flushes the kernel TLB on x86."),
    NDM_TLB_FLUSH_PARAM("Firecracker 6.18 patch 0039 \"internal: x86: conditional tlb flush after zapping direct map\"", SOURCE, "2.6",
            "The guest_memfd_tlb_flush parameter (default off) skips the TLB flush after the zap, so stale kernel TLB entries can keep zapped pages reachable."),
    NDM_POPULATE_WINDOW("[PATCH v9 07/13] (kvm_gmem_populate folios are zapped at the next kvm_gmem_get_pfn)", SOURCE, "2.6",
            "Folios written by kvm_gmem_populate() or preallocated by fallocate stay in the direct map until their first use."),
    DIRECT_MAP_SPLIT("arch/x86/mm/pat/set_memory.c (CPA); comment in v9 07/13 kvm_gmem_folio_restore_direct_map", SOURCE, "1.1",
            "x86 maps the direct map with 2 MiB and 1 GiB pages and removing a 4 KiB page splits the large page around it (source); that the split is never undone is unverified."),

    // --- confidential VMs -----------------------------------------------------------------------
    TDX_CLFLUSH("arch/x86/virt/vmx/tdx/tdx.c tdx_clflush_page() from tdh_mem_page_add()/tdh_mem_page_aug(); R. Edgecombe's review of v9 07/13", SOURCE, "4.1",
            "The TDX page-add/aug paths clflush guest_memfd pages through their direct-map address (source); the MOVDIR64B clearing at that address is documented in review. On a page removed from the direct map either is a kernel page fault (inferred)."),
    SNP_DIRECT_MAP("arch/x86/kvm/svm/sev.c sev_gmem_post_populate(), sev_gmem_invalidate(); v12 \"Exclude TDX and SEV-SNP\"", SOURCE, "4.2",
            "SEV-SNP population copies into the target page through kmap_local_pfn() (source); invalidation also flushes through __va() (documented; the exact call unverified). v12 stops offering NO_DIRECT_MAP to SNP (source)."),
    VM_TYPES("arch/x86/include/uapi/asm/kvm.h KVM_X86_*_VM; KVM_CAP_VM_TYPES", SOURCE, "1.5",
            "x86 VM types: DEFAULT 0, SW_PROTECTED 1 (6.8), SEV 2 and SEV_ES 3 (6.10, unverified), SNP 4 (6.11), TDX 5 (6.16, unverified)."),
    MEMORY_ATTRIBUTES("virt/kvm/kvm_main.c KVM_SET_MEMORY_ATTRIBUTES, kvm_supported_mem_attributes()", SOURCE, "1.4",
            "KVM_MEMORY_ATTRIBUTE_PRIVATE is supported only by VMs with private memory (SW_PROTECTED, SNP, TDX); otherwise, and for misaligned or empty ranges, -EINVAL."),

    // --- memslots -------------------------------------------------------------------------------
    MEMSLOT_FLAGS("virt/kvm/kvm_main.c check_memory_region_flags()", SOURCE, "1.3",
            "KVM_MEM_GUEST_MEMFD removes LOG_DIRTY_PAGES from the valid flags and excludes READONLY; before 6.18 it is valid only for VMs with private memory."),
    MEMSLOT_CHECKS("virt/kvm/kvm_main.c kvm_set_memory_region()", SOURCE, "1.3",
            "Unaligned gpa, size, userspace_addr or guest_memfd_offset, an out-of-range slot id, an overflowing range and deleting a missing slot are -EINVAL; a GPA overlap on create or move is -EEXIST; a guest_memfd slot can only be deleted."),

    // --- backings and other host paths --------------------------------------------------------
    ANON_IN_DIRECT_MAP("\"Unmapping KVM Guest Memory from Host Kernel\" (J. Gowans, 8 Mar 2024); standard mm", DOCUMENTED, "2.1",
            "Anonymous, shmem and hugetlb pages stay in the kernel's direct map."),
    SPECULATIVE_EXPOSURE("Direct map removal series cover letter; vusec \"Quarantine\", Table 1", DOCUMENTED, "5",
            "Memory in the direct map is reachable by in-kernel transient-execution gadgets; roughly 60% of such issues leak from mapped memory."),
    HOST_GUP_USERS("VFIO vaddr_get_pfns() → pin_user_pages_remote; io_uring pin_user_pages; O_DIRECT iov_iter_extract_pages; vhost-net zerocopy", INFERRED, "3.7",
            "VFIO/iommufd DMA mapping, io_uring fixed buffers, O_DIRECT and vhost zero-copy pin guest pages with GUP, so they fail with -EFAULT on secretmem and NO_DIRECT_MAP memory."),
    VHOST_UACCESS("drivers/vhost: copy_to_user/copy_from_user on VHOST_SET_MEM_TABLE HVAs", INFERRED, "3.6",
            "In-kernel vhost workers use user accessors on the VMM's mappings, so they work on secretmem and NO_DIRECT_MAP guest_memfd mappings."),
    VHOST_USER_SHARED("vhost-user protocol (fd-passed memory regions); Firecracker secret-hiding rejects vhost-user", INFERRED, "3.6",
            "A vhost-user daemon maps guest memory from fds the VMM passes: it needs a shared, fd-backed mapping; a private mapping's pages never reach the daemon."),
    COREDUMP("mm/secretmem.c (VM_DONTDUMP); get_dump_page()", INFERRED, "3.7",
            "Core dumps skip secretmem (VM_DONTDUMP) and leave holes or zeros for NO_DIRECT_MAP guest_memfd."),
    HUGETLB("mm/gup.c gup_fast_folio_allowed() comment (hugetlb)", SOURCE, "2.3",
            "hugetlb pages come from the pool, sit in the direct map and are GUP-able.");

    private final String where;
    private final Certainty certainty;
    private final String section;
    private final String summary;

    KernelFact(String where, Certainty certainty, String section, String summary) {
        this.where = where;
        this.certainty = certainty;
        this.section = section;
        this.summary = summary;
    }

    /** Kernel file and function, or patch subject. */
    public String where() {
        return where;
    }

    public Certainty certainty() {
        return certainty;
    }

    /** The section of kernel-facts.md that records this fact. */
    public String section() {
        return section;
    }

    /** The fact, in one or two sentences. */
    public String summary() {
        return summary;
    }

    /** {@code where [tag]}, as traces print it. */
    public String citation() {
        return where + " [" + certainty.tag() + "]";
    }

    /** A stable kebab-case id for documents. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
