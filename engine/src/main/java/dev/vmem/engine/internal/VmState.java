package dev.vmem.engine.internal;

import dev.vmem.engine.kb.KernelProfile;
import dev.vmem.engine.model.BackingDecl;
import dev.vmem.engine.model.BackingKind;
import dev.vmem.engine.model.GmemFlag;
import dev.vmem.engine.model.Origin;
import dev.vmem.engine.model.Sharing;
import dev.vmem.engine.model.SlotDecl;
import dev.vmem.engine.model.SlotFlag;
import dev.vmem.engine.model.VmDecl;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The modelled kernel and VMM state of one VM: backings with per-extent folio state, the VMM's
 * VMAs, memslots and memory attributes. Nothing is kept per page.
 */
final class VmState {

    static final long PAGE = 4096;
    /** Where the engine places mappings without {@code at}: a typical mmap base, 2 MiB aligned. */
    static final long MMAP_BASE = 0x7f00_0000_0000L;

    final VmDecl decl;
    final KernelProfile profile;
    final Map<String, Backing> backings = new LinkedHashMap<>();
    final List<Vma> vmas = new ArrayList<>();
    final TreeMap<Long, Slot> slots = new TreeMap<>(Long::compareUnsigned);
    /** GPA ranges with KVM_MEMORY_ATTRIBUTE_PRIVATE. */
    final RangeMap<Boolean> privateGpa = new RangeMap<>();
    long lockedBytes;
    long nextMmap = MMAP_BASE;

    VmState(VmDecl decl, KernelProfile profile) {
        this.decl = decl;
        this.profile = profile;
    }

    Optional<Backing> backing(String name) {
        return Optional.ofNullable(backings.get(name));
    }

    /** The VMA containing {@code addr}, if any. */
    Optional<Vma> vmaAt(long addr) {
        for (var v : vmas) {
            if (Long.compareUnsigned(v.start, addr) <= 0 && Long.compareUnsigned(addr, v.end()) < 0) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    /** The first live VMA of a backing. */
    Optional<Vma> firstVma(Backing b) {
        return vmas.stream().filter(v -> v.backing == b).findFirst();
    }

    /** The slot containing {@code gpa} in address space 0, if any. */
    Optional<Slot> slotAt(long gpa) {
        for (var s : slots.values()) {
            if (s.asId() == 0 && Long.compareUnsigned(s.gpa, gpa) <= 0 && Long.compareUnsigned(gpa, s.end()) < 0) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    boolean isPrivate(long gpa) {
        return decl.type().hasPrivateMemory() && privateGpa.all(gpa, gpa + 1, v -> v);
    }

    /** A backing object and its folio state. */
    static final class Backing {
        final BackingDecl decl;
        /** Created successfully (the fd exists or, for anonymous memory, there is something to map). */
        boolean created;
        /** The file descriptor is open. */
        boolean fdOpen;
        /** The file was released (last reference gone): guest_memfd bindings are nullified. */
        boolean released;
        /** Byte size of the file (secretmem: set once by ftruncate). */
        long size;
        /** guest_memfd file offsets bound to memslots, by slot id. */
        final RangeMap<Long> bindings = new RangeMap<>();
        /** Offsets whose folios exist. */
        final RangeMap<Boolean> allocated = new RangeMap<>();
        /** Offsets whose folios are removed from the direct map. */
        final RangeMap<Boolean> removed = new RangeMap<>();
        /** Offsets allocated or populated but not yet zapped (NO_DIRECT_MAP: until first use). */
        final RangeMap<Boolean> pendingZap = new RangeMap<>();

        Backing(BackingDecl decl) {
            this.decl = decl;
            this.size = decl.size();
        }

        String name() {
            return decl.name();
        }

        BackingKind kind() {
            return decl.kind();
        }

        boolean isGmem() {
            return kind() == BackingKind.GUEST_MEMFD;
        }

        boolean isSecretmem() {
            return kind() == BackingKind.MEMFD_SECRET;
        }

        boolean has(GmemFlag f) {
            return isGmem() && decl.hasFlag(f);
        }

        /** secretmem or NO_DIRECT_MAP guest_memfd: memory the kernel removes from its direct map. */
        boolean noDirectMap() {
            return isSecretmem() || has(GmemFlag.NO_DIRECT_MAP);
        }

        /** Has a file descriptor at all (anonymous memory does not). */
        boolean hasFd() {
            return kind() != BackingKind.ANONYMOUS;
        }

        Origin flagOrigin(GmemFlag f) {
            return decl.flags().stream().filter(x -> x.flag() == f).map(x -> x.origin()).findFirst()
                    .orElse(decl.origin());
        }

        String describe() {
            var sb = new StringBuilder(name()).append(" (").append(kind().keyword());
            if (decl.hugetlb()) {
                sb.append(", hugetlb");
            }
            for (var f : decl.flags()) {
                sb.append(sb.charAt(sb.length() - 1) == '(' ? "" : ", ").append(f.flag().keyword());
            }
            return sb.append(')').toString();
        }
    }

    /** A VMA of the VMM: one mapping of a backing. */
    static final class Vma {
        final Backing backing;
        final Sharing sharing;
        final long start;
        final long length;
        final Origin origin;
        /** Offsets (within the VMA) whose page-table entries are present. */
        final RangeMap<Boolean> populated = new RangeMap<>();

        Vma(Backing backing, Sharing sharing, long start, long length, Origin origin) {
            this.backing = backing;
            this.sharing = sharing;
            this.start = start;
            this.length = length;
            this.origin = origin;
        }

        long end() {
            return start + length;
        }
    }

    /** A memslot as KVM holds it. */
    static final class Slot {
        final SlotDecl decl;
        final long id;
        long gpa;
        final long size;
        final long userspaceAddr;
        /** The backing named by {@code userspace}, even if it has no mapping (for messages). */
        final Backing userspaceBacking;
        final Backing gmem;
        final long gmemOffset;
        final Set<SlotFlag> flags;
        final boolean gmemOnly;

        Slot(SlotDecl decl, long id, long gpa, long size, long userspaceAddr, Backing userspaceBacking, Backing gmem,
                long gmemOffset, Set<SlotFlag> flags) {
            this.decl = decl;
            this.id = id;
            this.gpa = gpa;
            this.size = size;
            this.userspaceAddr = userspaceAddr;
            this.userspaceBacking = userspaceBacking;
            this.gmem = gmem;
            this.gmemOffset = gmemOffset;
            this.flags = flags.isEmpty() ? EnumSet.noneOf(SlotFlag.class) : EnumSet.copyOf(flags);
            this.gmemOnly = gmem != null && gmem.has(GmemFlag.MMAP);
        }

        long end() {
            return gpa + size;
        }

        long asId() {
            return id >>> 16;
        }

        String label() {
            return "slot " + id;
        }
    }
}
