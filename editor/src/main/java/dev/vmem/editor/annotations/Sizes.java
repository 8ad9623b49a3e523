package dev.vmem.editor.annotations;

/** Byte counts as the language writes them: the largest binary unit that divides them exactly. */
public final class Sizes {

    private static final String[] UNITS = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private Sizes() {
    }

    /** "256 MiB", "4 KiB", "0 bytes", "1536 bytes". */
    public static String format(long bytes) {
        if (bytes == 0) {
            return "0 bytes";
        }
        int unit = 0;
        long value = bytes;
        while (unit < UNITS.length - 1 && value != 0 && (value & 1023) == 0) {
            value >>>= 10;
            unit++;
        }
        return Long.toUnsignedString(value) + " " + UNITS[unit];
    }
}
