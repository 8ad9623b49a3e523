package dev.vmem.eclipse.testing;

/**
 * The sample texts of the Eclipse tests: a kernel profile in one file and a VM on {@code memfd_secret}
 * in another that imports it. On this 6.8 kernel the VM gets three engine findings:
 * {@code secretmem-gup-fast-bug} (warning) on the backing, {@code gup-on-secret-memory} (error) on the
 * memslot and {@code pfncache-unmapped-pfn} (error) on the clock.
 */
public final class Samples {

    /** The kernel profile {@code linux_6_8}, alone in {@code lib.vmem}. */
    public static final String LIB = """
            kernel linux_6_8 {
                version 6.8
                arch x86_64
            }
            """;

    /** The VM {@code fc_secret} ({@link dev.vmem.testing.Samples#SECRET_VM}), without the kernel profile it names. */
    public static final String VM = "// The 2024 memfd_secret experiment, not pre-faulted.\n" + dev.vmem.testing.Samples.SECRET_VM;

    /** {@code main.vmem}: the VM, importing {@code lib.vmem}. */
    public static final String MAIN = "import \"lib.vmem\"\n\n" + VM;

    /** The lines (1-based) in {@link #MAIN} of the VM's kernel reference and of its findings: the backing, the memslot, the clock. */
    public static final int MAIN_KERNEL_LINE = 5;
    public static final int MAIN_BACKING_LINE = 6;
    public static final int MAIN_SLOT_LINE = 8;
    public static final int MAIN_CLOCK_LINE = 9;

    /** The kernel profile and the VM in one file. */
    public static final String ONE_FILE = LIB + "\n" + VM;

    private Samples() {
    }
}
