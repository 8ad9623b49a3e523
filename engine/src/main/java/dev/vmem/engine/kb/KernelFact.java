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
    SECRETMEM_GUP_FAST_BUG("65291dcfcf89 \"mm/secretmem: fix GUP-fast succeeding on secretmem folios\" (6.9; stable 5.15.154, 6.1.85, 6.6.26, 6.8.5)", DOCUMENTED, "2.4",
            "Before the fix folio_is_secretmem() relied on PG_lru, so GUP-fast could hand out pre-faulted secret pages still in a per-CPU LRU batch; kernel users then oopsed on the missing direct-map entry (fuse_copy_do, CVE-2024-35872)."),
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
    GMEM_BIND_OVERLAP_EEXIST("7ea987a90585 \"KVM: guest_memfd: Return -EEXIST for overlapping bindings\" (7.2; stable 6.12.118)", DOCUMENTED, "10.5",
            "From 7.2 (and stable 6.12.118), kvm_gmem_bind() returns -EEXIST for a guest_memfd file range that overlaps an existing binding; 7.0 and 7.1 return -EINVAL."),
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
            "hugetlb pages come from the pool, sit in the direct map and are GUP-able."),

    // --- second edition (kernel-facts.md §10) -----------------------------------------------------
    POPULATE_SECRETMEM("mm/gup.c populate_vma_page_range() → __get_user_pages() → check_vma_flags(); mm_populate() ignores the error", SOURCE, "10.1 item 1",
            "MAP_POPULATE does not fault secretmem (or a no-direct-map guest_memfd under the series) in: GUP refuses the VMA and mm_populate() ignores the error, so mmap succeeds with nothing populated."),
    MADV_POPULATE_SECRETMEM("mm/gup.c faultin_vma_page_range() (to 6.8) / FOLL_MADV_POPULATE in __get_user_pages() (6.9+)", SOURCE, "10.1 item 1",
            "madvise(MADV_POPULATE_READ/WRITE) on secretmem, or on a no-direct-map guest_memfd under the series, fails with EINVAL on every kernel since 5.14."),
    GUP_FAST_RACE("65291dcfcf89 commit message; mm/swap.c folio_add_lru() per-CPU lru_add batch", INFERRED, "10.1 item 2",
            "Before the fix, GUP-fast refuses a secretmem folio once it has PG_lru; only folios still in the per-CPU lru_add batch (a handful) slip through. Which pages do is a race: a pre-faulted page may be let through (and a direct-map access then oopses) or refused."),
    STABLE_FIXES("stable shortlogs and CVE records (CVE-2024-35872, CVE-2024-50182, CVE-2025-68810, CVE-2025-40274, CVE-2026-93243)", DOCUMENTED, "10.1 items 3, 4, 7; 10.2 items 15, 16; 10.5",
            "Fixes reach stable series at different point releases, so a bare series is ambiguous where a backport exists; the first fixed release of each series is data."),
    ARM64_SECRETMEM_NOOP("CVE-2024-50182 \"secretmem: disable memfd_secret() if arch cannot set direct map\" (6.12; 5.15.169, 6.1.113, 6.6.57, 6.11.4)", DOCUMENTED, "10.1 item 4",
            "Before the fix, memfd_secret() on arm64 without a 4 KiB linear map succeeds and set_direct_map_invalid_noflush() is a no-op: the pages stay in the direct map."),
    SECRETMEM_MADVISE("mm/madvise.c madvise_dontneed_free_valid_vma() (VM_LOCKED); THP orders for secretmem", INFERRED, "10.1 item 5",
            "madvise(MADV_DONTNEED) on a VM_LOCKED secretmem VMA is EINVAL [S]; MADV_COLLAPSE is EINVAL because secretmem allows no THP order [I]."),
    SECRETMEM_NO_HUGE("mm/secretmem.c SYSCALL_DEFINE1(memfd_secret): flags & ~O_CLOEXEC → -EINVAL", SOURCE, "10.1 item 6",
            "memfd_secret has no huge pages: its only flag is O_CLOEXEC and its folios are order-0."),
    SECRETMEM_ACCOUNTING("CVE-2026-93243 \"mm/secretmem: properly account locked pages\" (7.3-rc2; 7.2.5, 6.18.52, 6.12.113, 6.1.191)", DOCUMENTED, "10.1 item 7",
            "On fixed kernels secretmem mmap no longer checks RLIMIT_MEMLOCK nor sets VM_LOCKED; pages are charged to locked_vm at fault and a fault over the limit is SIGBUS (CAP_IPC_LOCK no longer bypasses it). The charge has inode scope: secretmem_fault() charges only a folio it allocates (a page already in the page cache, faulted through any mapping, is not charged again), and secretmem_release() uncharges every page when the inode dies, not at munmap (post-fix mm/secretmem.c [S])."),
    NOSLOT_PRIVATE("arch/x86/kvm/mmu/mmu.c kvm_handle_noslot_fault(): fault->is_private → kvm_mmu_prepare_memory_fault_exit, -EFAULT", SOURCE, "10.2 item 8",
            "A private guest access with no memslot exits with KVM_EXIT_MEMORY_FAULT, not MMIO emulation; for SW_PROTECTED VMs the attribute decides privateness."),
    SMM_ADDRESS_SPACE("arch/x86/include/asm/kvm_host.h kvm_arch_nr_memslot_as_ids(); kvm_set_memory_region() as_id check", SOURCE, "10.2 item 9",
            "x86 has two memslot address spaces (normal, SMM) only for VMs without private memory and with CONFIG_KVM_SMM; slot ids >= 0x10000 are EINVAL otherwise."),
    GPA_LIMITS("arch/x86/kvm/x86.c kvm_arch_prepare_memory_region() (kvm_mmu_max_gfn, kvm_is_gfn_alias; 86931ff7207b, 5.18); arch/arm64/kvm/mmu.c", SOURCE, "10.2 item 10",
            "x86 refuses a memslot ending above the host MAXPHYADDR (52 bits without TDP) and a TDX shared-bit alias with EINVAL; arm64 refuses one beyond the VM's IPA size (40 bits for type 0) with EFAULT."),
    USER_MEMSLOT_COUNT("arch/x86/include/asm/kvm_host.h KVM_USER_MEM_SLOTS; 4fc096a99e01 (5.12)", SOURCE, "10.2 item 11",
            "x86 has 509 user memslots (ids 0-508) before 5.12 and 32764 (ids 0-32763) from 5.12."),
    ARM64_GMEM("arm64 Kconfig KVM_GUEST_MEMFD (6.18); arch/arm64/kvm/mmu.c kvm_arch_prepare_memory_region(); kvm_arch_vm_ioctl() default -EINVAL", SOURCE, "10.2 item 12",
            "arm64 has KVM_CREATE_GUEST_MEMFD only from 6.18 (before: EINVAL); from 6.18 a guest_memfd memslot whose guest_memfd lacks MMAP is EINVAL."),
    X86_GMEM_KCONFIG("x86 Kconfig: KVM_SW_PROTECTED_VM (EXPERT) selects guest_memfd 6.8-6.10; KVM_AMD_SEV 6.11; TDX 6.16; every x86_64 build 6.18", DOCUMENTED, "10.2 item 13",
            "KVM_X86_SW_PROTECTED_VM needs CONFIG_KVM_SW_PROTECTED_VM on every version; x86 guest_memfd needs it on 6.8-6.10 and comes with SEV (6.11), TDX (6.16) or every build (6.18); distribution kernels usually lack the EXPERT option [I]."),
    MEMORY_ATTRIBUTES_KCONFIG("virt/kvm/kvm_main.c #ifdef CONFIG_KVM_GENERIC_MEMORY_ATTRIBUTES", SOURCE, "10.2 item 14",
            "KVM_SET_MEMORY_ATTRIBUTES exists only with CONFIG_KVM_GENERIC_MEMORY_ATTRIBUTES (6.8+, x86 builds with SW_PROTECTED/SEV/TDX): ENOTTY on x86 without it; arm64 never has it (EINVAL from kvm_arch_vm_ioctl)."),
    GMEM_FLAG_TOGGLE("9935df5333aa \"KVM: Disallow toggling KVM_MEM_GUEST_MEMFD on an existing memslot\" (6.19; 6.18.3, 6.12.64; CVE-2025-68810)", DOCUMENTED, "10.2 item 15",
            "Before the fix, clearing KVM_MEM_GUEST_MEMFD on an existing slot was accepted, leaving a dangling binding and a use-after-free write in kvm_gmem_release()."),
    GMEM_DYING_SLOT_DELETE("\"KVM: guest_memfd: Remove bindings on memslot deletion when gmem is dying\" (6.18; 6.17.9, 6.12.59; CVE-2025-40274)", DOCUMENTED, "10.2 item 16",
            "Before the fix, deleting a memslot whose guest_memfd was already closed is a use-after-free."),
    GMEM_USER_CONSUMERS("virt/kvm/guest_memfd.c kvm_gmem_mmap() (-ENODEV without MMAP), kvm_gmem_fault_user_mapping() (SIGBUS on private pages)", SOURCE, "10.2 item 17",
            "A userspace consumer of a guest_memfd (vhost-user daemon) cannot map it without MMAP (ENODEV) and faults SIGBUS on every page without INIT_SHARED."),
    LONGTERM_FILE_PINS("mm/gup.c check_vma_flags(): writable_file_mapping_allowed() (6.5), vma_is_fsdax()", SOURCE, "10.2 item 18",
            "From 6.5, FOLL_LONGTERM write pins of shared mappings of files needing dirty tracking (ext4, xfs, ...) are refused; file-system DAX refuses every long-term pin (EOPNOTSUPP); hugetlbfs, tmpfs and device-DAX are fine."),
    HUGETLB_SIZES("fs/hugetlbfs/inode.c hugetlbfs_setattr(), hugetlb_file_setup(); mm/hugetlb.c; arm64 hugetlbpage.c", SOURCE, "10.3 item 19",
            "A hugetlb file size must be a multiple of the huge page size (EINVAL); write(2) to hugetlbfs is EINVAL; x86 has 2 MiB and 1 GiB pages (an unsupported size is ENODEV for memfd, EINVAL for mmap); arm64 with 4 KiB pages has 64 KiB, 2 MiB, 32 MiB and 1 GiB [D]."),
    POPULATE_SOURCE("arch/x86/kvm/svm/sev.c sev_gmem_post_populate() (copy_from_user, 6.11-6.19); 2a62345b3052 kvm_gmem_populate() GUPs the source (7.0); tdx_gmem_post_populate()", SOURCE, "10.4 item 20",
            "SNP populate copies the source with copy_from_user up to 6.19 (works from secretmem); from 7.0 common code GUPs it (EIO from SNP_LAUNCH_UPDATE on secretmem/no-direct-map, 4 KiB alignment). TDX always GUPs the source (EFAULT)."),
    SEV_ENCRYPTED("AMD SEV documentation (memory encryption)", DOCUMENTED, "10.4 item 21",
            "SEV and SEV-ES guest memory is encrypted by hardware: in the direct map it is not plaintext, though not integrity-protected; pages shared with the host are plaintext."),
    HIBERNATION_NO_DIRECT_MAP("kernel/power/snapshot.c safe_copy_page() / hibernate_map_page(); only secretmem_active() blocks hibernation", INFERRED, "10.4 item 22",
            "Hibernation is not refused for a no-direct-map guest_memfd, and the snapshot copies its non-present pages through hibernate_map_page(): guest RAM ends up in the image."),
    STANDARD_MM("man-pages mmap(2), munmap(2), read(2), write(2), fallocate(2), ftruncate(2), madvise(2), close(2)", DOCUMENTED, "2.1-2.3",
            "Anonymous memory, memfd (shmem) and ordinary files behave as the man pages document: shared and private mappings, faults on touch, read/write/fallocate/ftruncate on the fd; MADV_DONTNEED and MADV_HUGEPAGE are accepted on anonymous and shmem mappings, MADV_COLLAPSE from 6.1."),
    NOT_MODELLED("docs/fidelity.md decision matrix", SOURCE, "10",
            "The engine has no fact for this combination of operation, backing kind and VM type: the outcome is unknown, not ok."),
    NDM_REVISIONS("research/upstream-2026.md: v12 (2026-04-10) is the last posting; redesign since May 2026", DOCUMENTED, "10.5",
            "The no-direct-map series was last posted as v12; a later revision will have different semantics (direct-map removal at page-cache insertion), which the knowledge base does not know."),

    // --- mapping options: THP, KSM, dontdump, noreserve, mlock, NUMA (kernel-facts.md §10.6) --------
    THP_ADVICE("mm/khugepaged.c hugepage_madvise(); mm/madvise.c madvise_behavior_valid() (CONFIG_TRANSPARENT_HUGEPAGE)", SOURCE, "10.6 item 23",
            "madvise(MADV_HUGEPAGE/MADV_NOHUGEPAGE) sets VM_HUGEPAGE/VM_NOHUGEPAGE on any VMA and returns 0 (EINVAL only without CONFIG_TRANSPARENT_HUGEPAGE); whether huge pages back it is up to the THP sysfs modes and the memory's allocator."),
    THP_ORDER0_MEMORY("virt/kvm/guest_memfd.c (order-0 folios); mm/secretmem.c (order-0 folios); hugetlb faults in mm/hugetlb.c", INFERRED, "10.6 item 23",
            "guest_memfd and memfd_secret allocate only order-0 folios and hugetlb memory is faulted by hugetlb_fault(), so MADV_HUGEPAGE on them is accepted and changes nothing [S for the order-0 allocators, I for the conclusion]."),
    KSM_MADVISE("mm/ksm.c ksm_madvise() (\"just ignore the advice\"); Documentation/admin-guide/mm/ksm.rst (run defaults to 0)", SOURCE, "10.6 item 24",
            "MADV_MERGEABLE returns 0 without marking the VMA for VM_SHARED, VM_MAYSHARE, VM_PFNMAP, VM_IO, VM_DONTEXPAND, VM_HUGETLB, VM_MIXEDMAP and DAX VMAs: shared, hugetlb and fd-shared guest memory is never merged. ksmd merges only while /sys/kernel/mm/ksm/run is 1 [D]."),
    DONTDUMP("mm/madvise.c madvise_vma_behavior() (MADV_DONTDUMP sets VM_DONTDUMP); fs/coredump.c vma_dump_size()", SOURCE, "10.6 item 25",
            "MADV_DONTDUMP sets VM_DONTDUMP on any VMA, and vma_dump_size() returns 0 for a VM_DONTDUMP VMA: the core dump leaves that guest memory out."),
    MLOCK_ACCOUNTING("mm/mlock.c mlock_fixup(), do_mlock(), mlockall(); mm/mmap.c do_mmap() mlock_future_check(), mmap_region()", SOURCE, "10.6 item 26",
            "A VM_LOCKED mapping (mlockall(MCL_FUTURE) before mmap, MAP_LOCKED) is checked against RLIMIT_MEMLOCK at mmap (-EAGAIN without CAP_IPC_LOCK), and mlockall/mlock need a non-zero limit (-EPERM); hugetlb, DAX, VM_SPECIAL and secretmem VMAs are neither marked VM_LOCKED nor counted; MCL_ONFAULT/MLOCK_ONFAULT populates nothing."),
    HUGETLB_NORESERVE("mm/hugetlb.c hugetlb_reserve_pages() (VM_NORESERVE: no reservation); alloc_hugetlb_folio() at fault", SOURCE, "10.6 item 27",
            "Without MAP_NORESERVE a hugetlb mmap reserves its huge pages (ENOMEM when the pool is short); with it nothing is reserved and a fault finding the pool empty is SIGBUS. The pool's size is host state the profile does not hold."),
    NUMA_POLICY("mm/mempolicy.c vma_replace_policy() (vm_ops->set_policy); guest_memfd set_policy/get_policy (6.19); mm/secretmem.c secretmem_fault() folio_alloc()", INFERRED, "10.6 item 28",
            "mbind() policies are honoured by anonymous, shmem and hugetlb allocations [D]; guest_memfd consults a mapping's mempolicy only from 6.19, which added set_policy/get_policy [D]; before that, and for memfd_secret (folio_alloc with the task policy), the VMA policy is set but allocations do not consult it [I]."),
    FILE_SYSTEM_DECLARED("mm/gup.c check_vma_flags(): writable_file_mapping_allowed() (6.5), vma_is_fsdax(); the declaration's `on FS`", SOURCE, "10.2 item 18",
            "With the backing's file system stated, check_vma_flags() decides a long-term pin: refused with EFAULT for a shared writable mapping of ext4, xfs or btrfs (from 6.5), EOPNOTSUPP on fs-DAX, allowed on tmpfs, hugetlbfs and device-DAX."),
    SHADOW_PAGING_GPA_LIMIT("arch/x86/kvm/mmu.h kvm_mmu_max_gfn(): max_gpa_bits = tdp_enabled ? kvm_host.maxphyaddr : 52 (shadow_phys_bits before 6.11); tdp_enabled from kvm_intel.ept / kvm_amd.npt", SOURCE, "10.2 item 10",
            "Without two-dimensional paging (kvm_intel.ept=0 or kvm_amd.npt=0) KVM uses shadow paging and kvm_mmu_max_gfn() allows 52-bit guest-physical addresses whatever the host MAXPHYADDR; with TDP the host MAXPHYADDR bounds memslots."),
    SECRETMEM_CAP_IPC_LOCK("mm/mmap.c mlock_future_ok(): if (!(flags & VM_LOCKED) || capable(CAP_IPC_LOCK)) return true; (mlock_future_check() before 6.5)", SOURCE, "2.4, 10.1 item 7",
            "Before the secretmem accounting change a VMM with CAP_IPC_LOCK maps memfd_secret beyond RLIMIT_MEMLOCK (mlock_future_ok() does not check the limit); after it the bypass is gone and the fault over the limit is SIGBUS."),
    COCO_NEEDS_TDP("arch/x86/kvm/svm/sev.c sev_hardware_setup(): if (!sev_enabled || !npt_enabled ...) goto out; arch/x86/kvm/vmx/tdx.c tdx_bringup(): !enable_ept, !tdp_mmu_enabled → success_disable_tdx", SOURCE, "10.2 item 10 (TDP)",
            "SEV, SEV-ES and SEV-SNP need nested paging (kvm_amd.npt), TDX needs EPT and the TDP MMU (kvm_intel.ept, kvm.tdp_mmu): with the parameter off the VM type is not in kvm_caps.supported_vm_types and KVM_CREATE_VM fails with EINVAL.");

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
