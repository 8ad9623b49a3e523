package dev.vmem.engine.model;

import java.util.Objects;

/**
 * A KVM_CPUID_FEATURES edit: {@code cpuid -kvmclock} hides the feature from the guest, {@code +kvmclock}
 * offers it.
 *
 * @param feature the paravirtual feature
 * @param enabled true for {@code +}, false for {@code -}
 * @param origin  where it is written
 */
public record CpuidDecl(GuestFeature feature, boolean enabled, Origin origin) {
    public CpuidDecl {
        Objects.requireNonNull(feature, "feature");
        origin = origin == null ? Origin.NONE : origin;
    }
}
