package dev.vmem.engine.report;

import dev.vmem.engine.model.Origin;
import java.util.List;

/**
 * The exposure summary of one VM after bring-up.
 *
 * @param vm                the VM
 * @param origin            its declaration
 * @param guestBytes        guest RAM bytes (memslot coverage of all backings)
 * @param directMapBytes    of those, bytes still in the direct map
 * @param removedBytes      of those, bytes removed from the direct map
 * @param largePagesSplit   lower bound on the 2 MiB direct-map pages split by 4 KiB removals (x86)
 * @param backings          the same by backing
 */
public record VmExposure(String vm, Origin origin, long guestBytes, long directMapBytes, long removedBytes,
        long largePagesSplit, List<BackingExposure> backings) {
    public VmExposure {
        backings = List.copyOf(backings);
    }
}
