package dev.vmem.engine.internal;

import dev.vmem.engine.internal.VmState.Slot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The VM's memslots by id: a hash map for lookups and a list in id order (unsigned) for walks. The
 * list is appended to while ids arrive in order (the usual case) and rebuilt by one sort otherwise,
 * so a bring-up of n slots costs O(n) or O(n log n), never a tree walk per slot.
 */
final class SlotTable {

    private final Map<Long, Slot> byId;
    private final List<Slot> ordered;
    private boolean stale;

    /** A table sized for {@code expected} slots (the declaration's count; more still fit). */
    SlotTable(int expected) {
        byId = new HashMap<>(Math.max(16, expected + expected / 3 + 1));
        ordered = new ArrayList<>(Math.max(10, expected));
    }

    Slot get(long id) {
        return byId.get(id);
    }

    boolean isEmpty() {
        return byId.isEmpty();
    }

    int size() {
        return byId.size();
    }

    void put(Slot s) {
        var old = byId.put(s.id, s);
        if (old != null || stale) {
            stale = true;
            return;
        }
        if (!ordered.isEmpty() && Long.compareUnsigned(ordered.get(ordered.size() - 1).id, s.id) > 0) {
            stale = true;
            return;
        }
        ordered.add(s);
    }

    Slot remove(long id) {
        var s = byId.remove(id);
        if (s != null) {
            stale = true;
        }
        return s;
    }

    /** The slots in id order (unsigned), as KVM's id-ordered walks see them. Do not modify. */
    List<Slot> values() {
        if (stale) {
            ordered.clear();
            ordered.addAll(byId.values());
            ordered.sort((a, b) -> Long.compareUnsigned(a.id, b.id));
            stale = false;
        }
        return ordered;
    }
}
