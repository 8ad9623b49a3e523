package dev.vmem.engine.internal;

import static dev.vmem.engine.internal.VmState.PAGE;

import dev.vmem.engine.internal.Result.Draft;
import dev.vmem.engine.internal.UserPages.GupResult;
import dev.vmem.engine.internal.UserPages.UaccessResult;
import dev.vmem.engine.internal.UserPages.VmaPiece;
import dev.vmem.engine.internal.VmState.Backing;
import dev.vmem.engine.internal.VmState.Slot;
import dev.vmem.engine.internal.VmState.Vma;
import dev.vmem.engine.model.Access;
import dev.vmem.engine.model.AttributeDecl.MemoryAttribute;
import dev.vmem.engine.model.GuestFeature;
import dev.vmem.engine.model.Operation;
import dev.vmem.engine.model.Origin;
import dev.vmem.engine.model.Sharing;
import dev.vmem.engine.model.SlotDecl;
import dev.vmem.engine.report.Related;
import dev.vmem.engine.report.Trace;
import java.util.List;
import java.util.Optional;

/**
 * The modelled syscalls, ioctls and kernel paths acting on one {@link VmState}: a facade over one
 * class per kernel file or subsystem, each following the kernel functions it models in the
 * kernel's order of checks and returning a {@link Result} whose trace cites the knowledge base.
 *
 * <ul>
 * <li>{@link KvmVm}: KVM_CREATE_VM ({@code virt/kvm/kvm_main.c}, {@code arch/x86/kvm/x86.c})</li>
 * <li>{@link ProcessMm}: the VMM's backings, mmap, faults and file operations ({@code mm/mmap.c},
 * {@code mm/memory.c}, {@code fs/open.c}, {@code fs/read_write.c})</li>
 * <li>{@link Hugetlb}: {@code mm/hugetlb.c}, {@code fs/hugetlbfs/inode.c}</li>
 * <li>{@link Secretmem}: {@code mm/secretmem.c}</li>
 * <li>{@link GuestMemfd}: {@code virt/kvm/guest_memfd.c}</li>
 * <li>{@link Memslots}: KVM_SET_USER_MEMORY_REGION2 ({@code virt/kvm/kvm_main.c})</li>
 * <li>{@link MemoryAttributes}: KVM_SET_MEMORY_ATTRIBUTES ({@code virt/kvm/kvm_main.c})</li>
 * <li>{@link UserPages}: GUP and user accessors ({@code mm/gup.c})</li>
 * <li>{@link KvmMmu}: the stage-2 fault path ({@code arch/x86/kvm/mmu/mmu.c}, hva_to_pfn)</li>
 * <li>{@link Pfncache}: {@code virt/kvm/pfncache.c}; {@link VcpuMap}: kvm_vcpu_map</li>
 * <li>{@link Consumers}: vhost, vhost-user, VFIO, io_uring, O_DIRECT and remote access</li>
 * <li>{@link ConfidentialPopulate}: SNP/TDX initial-image population</li>
 * </ul>
 */
final class Kernel {

    final VmState vm;
    final Budget budget;
    final KvmVm kvm;
    final ProcessMm mm;
    final Hugetlb hugetlb;
    final Secretmem secretmem;
    final GuestMemfd gmem;
    final Memslots memslots;
    final MemoryAttributes attributes;
    final UserPages userPages;
    final KvmMmu mmu;
    final Pfncache pfncache;
    final VcpuMap vcpuMap;
    final ConfidentialPopulate populate;

    Kernel(VmState vm, Budget budget) {
        this.vm = vm;
        this.budget = budget;
        this.kvm = new KvmVm(this);
        this.mm = new ProcessMm(this);
        this.hugetlb = new Hugetlb(this);
        this.secretmem = new Secretmem(this);
        this.gmem = new GuestMemfd(this);
        this.memslots = new Memslots(this);
        this.attributes = new MemoryAttributes(this);
        this.userPages = new UserPages(this);
        this.mmu = new KvmMmu(this);
        this.pfncache = new Pfncache(this);
        this.vcpuMap = new VcpuMap(this);
        this.populate = new ConfidentialPopulate(this);
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

    /** The address in the VMM that backs {@code gpa} of a slot through userspace_addr. */
    static long hva(Slot s, long gpa) {
        return s.userspaceAddr == VmState.NO_HVA ? VmState.NO_HVA : s.userspaceAddr + (gpa - s.gpa);
    }

    // ---- dispatch ----------------------------------------------------------------------------------

    Result createVm(Origin typeOrigin) {
        return kvm.createVm(typeOrigin);
    }

    Result createBacking(Backing b) {
        return mm.createBacking(b);
    }

    Result mmap(Backing b, Sharing sharing, long length, Optional<Long> at, boolean populate, Origin origin) {
        return mm.mmap(b, sharing, length, at, populate, origin);
    }

    Result fault(Vma vma, long off, long len, Access access, Trace.Builder t) {
        return mm.fault(vma, off, len, access, t);
    }

    Result fileIo(Backing b, boolean write) {
        return mm.fileIo(b, write);
    }

    Result fallocate(Backing b, Operation.FallocateMode mode, long off, long len) {
        return mm.fallocate(b, mode, off, len);
    }

    Result ftruncate(Backing b, long newSize) {
        return mm.ftruncate(b, newSize);
    }

    Result setMemoryRegion(SlotDecl d) {
        return memslots.setMemoryRegion(d);
    }

    Result deleteSlot(long id) {
        return memslots.deleteSlot(id);
    }

    Result setAttributes(MemoryAttribute attribute, long gpa, long sz, Origin origin) {
        return attributes.setAttributes(attribute, gpa, sz, origin);
    }

    GupResult gup(long addr, long len, boolean fast, Trace.Builder t) {
        return userPages.gup(addr, len, fast, t);
    }

    Optional<Result> longtermFilePin(Vma v, String who, Trace.Builder t, Origin origin) {
        return userPages.longtermFilePin(v, who, t, origin);
    }

    List<VmaPiece> vmaPieces(long addr, long len) {
        return userPages.vmaPieces(addr, len);
    }

    UaccessResult uaccess(long addr, long len, Trace.Builder t) {
        return userPages.uaccess(addr, len, t);
    }

    Draft gupDraft(Backing b, String who, String consequence, Origin origin, Related extra) {
        return userPages.gupDraft(b, who, consequence, origin, extra);
    }

    Result guestFault(Slot s, long gpa, long len, Access access, boolean isPrivate, Origin attrOrigin) {
        return mmu.guestFault(s, gpa, len, access, isPrivate, attrOrigin);
    }

    Result pfncache(Slot s, long gpa, long len, GuestFeature user, Origin origin) {
        return pfncache.pfncache(s, gpa, len, user, origin);
    }

    Result vcpuMap(Slot s, long gpa, long len, Origin origin) {
        return vcpuMap.vcpuMap(s, gpa, len, origin);
    }
}
