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
    /** userspace_addr of a slot that names no (mapped) backing. Not an address mmap can return. */
    static final long NO_HVA = -1L;

    final Map<String, Backing> backings = new LinkedHashMap<>();
    /** The VMAs in creation order; indexed below by start address and by backing. */
    final List<Vma> vmas = new ArrayList<>();
    private final TreeMap<Long, Vma> vmaByStart = new TreeMap<>(Long::compareUnsigned);
    private final Map<Backing, List<Vma>> vmasByBacking = new java.util.IdentityHashMap<>();
    final SlotTable slots;
    /** Slots by guest_phys_addr, one index per address space: slots of one space never overlap. */
    private final List<GpaIndex> slotsByGpa = List.of(new GpaIndex(), new GpaIndex());
    /** GPA ranges with KVM_MEMORY_ATTRIBUTE_PRIVATE. */
    final RangeMap<Boolean> privateGpa = new RangeMap<>();
    long lockedBytes;
    long nextMmap = MMAP_BASE;

    VmState(VmDecl decl, KernelProfile profile) {
        this.decl = decl;
        this.profile = profile;
        this.slots = new SlotTable(decl.slots().size());
    }

    Optional<Backing> backing(String name) {
        return Optional.ofNullable(backings.get(name));
    }

    /** The VMA containing {@code addr}, if any. */
    Optional<Vma> vmaAt(long addr) {
        var e = vmaByStart.floorEntry(addr);
        if (e != null && Long.compareUnsigned(addr, e.getValue().end()) < 0) {
            return Optional.of(e.getValue());
        }
        return Optional.empty();
    }

    /** The start of the first VMA above {@code addr}, or {@code limit} if there is none below it. */
    long nextVmaStart(long addr, long limit) {
        var k = vmaByStart.higherKey(addr);
        return k == null || Long.compareUnsigned(k, limit) > 0 ? limit : k;
    }

    void addVma(Vma v) {
        // A fixed mapping over an existing one replaces the overlapped VMAs (MAP_FIXED semantics).
        for (var old : List.copyOf(vmaByStart.subMap(v.start, true, v.end(), false).values())) {
            removeVma(old);
        }
        vmaAt(v.start).ifPresent(this::removeVma);
        vmas.add(v);
        vmaByStart.put(v.start, v);
        vmasByBacking.computeIfAbsent(v.backing, k -> new ArrayList<>()).add(v);
    }

    private void removeVma(Vma v) {
        vmas.remove(v);
        vmaByStart.remove(v.start);
        var list = vmasByBacking.get(v.backing);
        if (list != null) {
            list.remove(v);
        }
    }

    /** munmap of every mapping of a backing; returns what was unmapped. */
    List<Vma> removeVmasOf(Backing b) {
        var list = List.copyOf(vmasByBacking.getOrDefault(b, List.of()));
        list.forEach(this::removeVma);
        return list;
    }

    boolean isMapped(Backing b) {
        return !vmasByBacking.getOrDefault(b, List.of()).isEmpty();
    }

    /** The first live VMA of a backing. */
    Optional<Vma> firstVma(Backing b) {
        var list = vmasByBacking.get(b);
        return list == null || list.isEmpty() ? Optional.empty() : Optional.of(list.get(0));
    }

    /** The slot containing {@code gpa} in address space 0, if any. */
    Optional<Slot> slotAt(long gpa) {
        var s = slotsByGpa.get(0).floor(gpa);
        if (s != null && Long.compareUnsigned(gpa, s.end()) < 0) {
            return Optional.of(s);
        }
        return Optional.empty();
    }

    /**
     * A slot of address space {@code as} other than {@code except} overlapping [gpa, gpa+size). Slots
     * of one space are disjoint, so only the last one starting below the end can overlap.
     */
    Optional<Slot> overlapping(long as, long gpa, long size, Slot except) {
        var index = slotsByGpa.get((int) Math.min(as, 1));
        long end = gpa + size;
        var s = index.lower(end);
        while (s != null) {
            if (s != except) {
                return Long.compareUnsigned(s.end(), gpa) > 0 ? Optional.of(s) : Optional.empty();
            }
            s = index.lower(s.gpa);
        }
        return Optional.empty();
    }

    void putSlot(Slot s) {
        slots.put(s);
        slotsByGpa.get((int) Math.min(s.asId(), 1)).put(s.gpa, s);
    }

    Slot removeSlot(long id) {
        var s = slots.remove(id);
        if (s != null) {
            slotsByGpa.get((int) Math.min(s.asId(), 1)).remove(s.gpa);
        }
        return s;
    }

    void moveSlot(Slot s, long gpa) {
        var index = slotsByGpa.get((int) Math.min(s.asId(), 1));
        index.remove(s.gpa);
        s.gpa = gpa;
        index.put(gpa, s);
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
        /** arm64 memfd_secret without a 4 KiB linear map before CVE-2024-50182's fix: removal is a no-op. */
        boolean directMapNoop;
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

        /** The declared guest_memfd flags, as a set (asked on every fault). */
        private final java.util.EnumSet<GmemFlag> flags = java.util.EnumSet.noneOf(GmemFlag.class);

        Backing(BackingDecl decl) {
            this.decl = decl;
            this.size = decl.size();
            decl.flags().forEach(f -> flags.add(f.flag()));
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
            return isGmem() && flags.contains(f);
        }

        /** secretmem or NO_DIRECT_MAP guest_memfd: memory the kernel removes from its direct map. */
        boolean noDirectMap() {
            return isSecretmem() || has(GmemFlag.NO_DIRECT_MAP);
        }

        /** Memory whose folios really leave the direct map (not an arm64 no-op secretmem). */
        boolean removesDirectMap() {
            return noDirectMap() && !directMapNoop;
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
