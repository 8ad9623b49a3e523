package dev.vmem.testing;

/**
 * Sample texts that the tests of more than one module build on. Plain strings, no VMem or Eclipse API:
 * the Eclipse test bundles take them from here too ({@code dev.vmem.eclipse.testing.Samples}).
 */
public final class Samples {

    /**
     * The VM {@code fc_secret}: memfd_secret RAM mapped shared into one memslot, with kvmclock, on the
     * kernel profile {@code linux_6_8} (which it does not declare). On 6.8 the engine finds
     * {@code secretmem-gup-fast-bug} on the backing, {@code gup-on-secret-memory} on the memslot and
     * {@code pfncache-unmapped-pfn} on the clock.
     */
    public static final String SECRET_VM = """
            vm fc_secret {
                kernel linux_6_8
                memory ram: memfd_secret 256MiB
                map ram shared
                slot 0 gpa 0x0 userspace ram
                clock kvmclock
            }
            """;

    private Samples() {
    }
}
