package dev.vmem.engine.report;

import dev.vmem.engine.model.BackingKind;
import dev.vmem.engine.model.Origin;

/**
 * How much of one backing's guest RAM the kernel can still reach through its direct map after bring-up.
 *
 * @param backing            the backing's name
 * @param origin             its declaration
 * @param kind               what it is
 * @param guestBytes         bytes of it that memslots expose to the guest
 * @param directMapBytes     of those, bytes still in the direct map (readable by transient-execution gadgets)
 * @param hardwareProtectedBytes of {@code directMapBytes}, bytes that are CoCo-private (SNP/TDX) and protected by hardware, not page tables
 * @param removedBytes       of those, bytes removed from the direct map once faulted
 * @param reason             why, in one phrase
 */
public record BackingExposure(String backing, Origin origin, BackingKind kind, long guestBytes, long directMapBytes,
        long hardwareProtectedBytes, long removedBytes, String reason) {
}
