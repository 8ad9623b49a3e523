package dev.vmem.engine.model;

import java.util.OptionalLong;

/**
 * The operations a scenario step can run (language reference §3). Each is a record naming the
 * objects it acts on; backings are named, GPAs and sizes are unsigned 64-bit values.
 */
public sealed interface Operation {

    /** {@code mmap B shared|private [size N]}. */
    record Mmap(String backing, Sharing sharing, OptionalLong size) implements Operation {
        public Mmap {
            size = size == null ? OptionalLong.empty() : size;
        }
    }

    /** {@code munmap B}. */
    record Munmap(String backing) implements Operation {
    }

    /** {@code touch B read|write [offset N len N]}: the VMM accesses its own mapping of B. */
    record Touch(String backing, Access access, OptionalLong offset, OptionalLong length) implements Operation {
        public Touch {
            offset = offset == null ? OptionalLong.empty() : offset;
            length = length == null ? OptionalLong.empty() : length;
        }
    }

    /** {@code read B}: read(2) on B's file descriptor. */
    record FileRead(String backing) implements Operation {
    }

    /** {@code write B}: write(2) on B's file descriptor. */
    record FileWrite(String backing) implements Operation {
    }

    /** {@code fallocate B punch_hole|allocate offset N len N} (both with FALLOC_FL_KEEP_SIZE). */
    record Fallocate(String backing, FallocateMode mode, long offset, long length) implements Operation {
    }

    /** The fallocate modes of the language. */
    enum FallocateMode {
        PUNCH_HOLE("punch_hole"),
        ALLOCATE("allocate");

        private final String keyword;

        FallocateMode(String keyword) {
            this.keyword = keyword;
        }

        public String keyword() {
            return keyword;
        }
    }

    /** {@code ftruncate B N}. */
    record Ftruncate(String backing, long size) implements Operation {
    }

    /** {@code madvise B collapse|hugepage|dontneed|populate_read|populate_write} over B's mapping. */
    record Madvise(String backing, Advice advice) implements Operation {
    }

    /** The madvise advices of the language. */
    enum Advice {
        COLLAPSE("collapse"),
        HUGEPAGE("hugepage"),
        DONTNEED("dontneed"),
        /** MADV_POPULATE_READ (5.14): fault the range in through GUP. */
        POPULATE_READ("populate_read"),
        /** MADV_POPULATE_WRITE (5.14): fault the range in writable through GUP. */
        POPULATE_WRITE("populate_write");

        private final String keyword;

        Advice(String keyword) {
            this.keyword = keyword;
        }

        public String keyword() {
            return keyword;
        }
    }

    /** {@code slot ...}: KVM_SET_USER_MEMORY_REGION2 create (or modify, if the id exists). */
    record CreateSlot(SlotDecl slot) implements Operation {
    }

    /** {@code delete slot N}: KVM_SET_USER_MEMORY_REGION2 with memory_size 0. */
    record DeleteSlot(long id) implements Operation {
    }

    /** {@code private gpa N size N} / {@code shared gpa N size N}: KVM_SET_MEMORY_ATTRIBUTES. */
    record SetAttributes(AttributeDecl.MemoryAttribute attribute, long gpa, long size) implements Operation {
    }

    /** {@code guest vcpu N read|write|exec gpa N}: a guest access through stage-2. */
    record GuestAccess(int vcpu, Access access, long gpa) implements Operation {
    }

    /** {@code kvm read|write gpa N}: KVM's own uaccess (kvm_read_guest / kvm_write_guest). */
    record KvmAccess(Access access, long gpa) implements Operation {
    }

    /** {@code pfncache kvmclock|xen_shared_info gpa N}: activate and refresh a gfn_to_pfn_cache. */
    record Pfncache(GuestFeature user, long gpa) implements Operation {
    }

    /** {@code vcpu_map gpa N}: kvm_vcpu_map (nested virtualization). */
    record VcpuMap(long gpa) implements Operation {
    }

    /** {@code gup B [fast] [longterm]}: get_user_pages on B's mapping. */
    record Gup(String backing, boolean fast, boolean longterm) implements Operation {
    }

    /** {@code vfio map B}: VFIO_IOMMU_MAP_DMA of B's mapping. */
    record VfioMap(String backing) implements Operation {
    }

    /** {@code io_uring register B}: IORING_REGISTER_BUFFERS over B's mapping. */
    record IoUringRegister(String backing) implements Operation {
    }

    /** {@code o_direct B}: O_DIRECT I/O into B's mapping. */
    record ODirect(String backing) implements Operation {
    }

    /** {@code process_vm_readv B}: another process reads B's mapping. */
    record ProcessVmReadv(String backing) implements Operation {
    }

    /** {@code ptrace peek B}: PTRACE_PEEKDATA in B's mapping. */
    record PtracePeek(String backing) implements Operation {
    }

    /** {@code proc_mem read B}: a read of /proc/pid/mem at B's mapping. */
    record ProcMemRead(String backing) implements Operation {
    }

    /** {@code hibernate}. */
    record Hibernate() implements Operation {
    }

    /** {@code coredump}: the VMM dumps core. */
    record Coredump() implements Operation {
    }

    /** {@code populate gpa N from B}: TDX/SNP initial image, via kvm_gmem_populate. */
    record Populate(long gpa, String source) implements Operation {
    }

    /** {@code close B}: close(2) of B's file descriptor. */
    record Close(String backing) implements Operation {
    }
}
