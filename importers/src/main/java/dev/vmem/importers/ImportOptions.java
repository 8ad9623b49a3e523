package dev.vmem.importers;

/**
 * How to import.
 *
 * @param kernel      the kernel profile to write: null for the built-in default profile
 * @param maxBytes    refuse larger inputs (the CLI's --max-file-size)
 */
public record ImportOptions(KernelChoice kernel, long maxBytes) {

    /** Nesting deeper than this is refused (JSON objects and arrays, XML elements). */
    public static final int MAX_DEPTH = 64;
    public static final long DEFAULT_MAX_BYTES = 4L << 20;

    public static ImportOptions defaults() {
        return new ImportOptions(null, DEFAULT_MAX_BYTES);
    }

    public ImportOptions withKernel(KernelChoice k) {
        return new ImportOptions(k, maxBytes);
    }
}
