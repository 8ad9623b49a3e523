package dev.vmem.editor.map;

import dev.vmem.dsl.mapping.EObjectOrigin;
import dev.vmem.engine.model.Origin;
import dev.vmem.engine.report.Finding;
import dev.vmem.engine.report.VmLayout;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.emf.ecore.EObject;

/**
 * Where a finding is marked: on the slot, mapping or backing its origin names (the element itself or
 * any part of its declaration: a flag, a reference), else on the slot or backing its data names
 * ({@code slot}, {@code backing}), else on the VM.
 */
final class Placement {

    /** The lanes of a VM's picture, and the VM itself. */
    enum Lane {
        SLOT, MAPPING, BACKING, VM
    }

    /** An element of a lane, by its index in the lane's order. */
    record Place(Lane lane, int index) {
        static final Place VM = new Place(Lane.VM, -1);
    }

    private final Map<Object, Place> byElement = new HashMap<>();
    private final Map<Long, Integer> slotById = new HashMap<>();
    private final Map<String, Integer> backingByName = new HashMap<>();

    Placement(List<VmLayout.SlotView> slots, List<VmLayout.MappingView> mappings,
            List<VmLayout.BackingView> backings) {
        for (int i = 0; i < slots.size(); i++) {
            byElement.putIfAbsent(key(slots.get(i).origin()), new Place(Lane.SLOT, i));
            slotById.putIfAbsent(slots.get(i).id(), i);
        }
        for (int i = 0; i < mappings.size(); i++) {
            byElement.putIfAbsent(key(mappings.get(i).origin()), new Place(Lane.MAPPING, i));
        }
        for (int i = 0; i < backings.size(); i++) {
            byElement.putIfAbsent(key(backings.get(i).origin()), new Place(Lane.BACKING, i));
            backingByName.putIfAbsent(backings.get(i).name(), i);
        }
    }

    Place of(Finding f) {
        Origin origin = f.origin();
        if (origin instanceof EObjectOrigin o) {
            for (EObject e = o.element(); e != null; e = e.eContainer()) {
                Place p = byElement.get(e);
                if (p != null) {
                    return p;
                }
            }
        } else if (origin != null && byElement.containsKey(origin)) {
            return byElement.get(origin);
        }
        String slot = f.data().get("slot");
        if (slot != null) {
            try {
                Integer i = slotById.get(Long.parseLong(slot));
                if (i != null) {
                    return new Place(Lane.SLOT, i);
                }
            } catch (NumberFormatException e) {
                // not a slot id: fall through
            }
        }
        String backing = f.data().get("backing");
        if (backing != null && backingByName.containsKey(backing)) {
            return new Place(Lane.BACKING, backingByName.get(backing));
        }
        return Place.VM;
    }

    private static Object key(Origin origin) {
        return origin instanceof EObjectOrigin o ? o.element() : origin;
    }
}
