package dev.vmem.editor.map;

import java.util.Locale;

/** How the picture writes sizes, addresses and counts: the way the language and the kernel do. */
final class Units {

    private static final String[] IEC = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private Units() {
    }

    /**
     * "1 GiB", "256 MiB", "1.5 GiB", "512 B", "4 GiB + 4 MiB": in the largest unit the size reaches,
     * exactly (whole units, a tenth, or the unit and the next smaller one); any other size is rounded to a
     * tenth and marked "≈".
     */
    static String size(long bytes) {
        if (bytes < 0) {
            // an unsigned quantity of 2^63 or more: only hostile input gets here
            return String.format(Locale.ROOT, "≈%.1f EiB", unsigned(bytes) / Math.pow(1024, 6));
        }
        if (bytes < 1024) {
            return bytes + " B";
        }
        int u = 0;
        long unit = 1;
        while (u < IEC.length - 1 && bytes / unit >= 1024) {
            unit *= 1024;
            u++;
        }
        long whole = bytes / unit;
        long rest = bytes % unit;
        if (rest == 0) {
            return whole + " " + IEC[u];
        }
        String tenth = String.format(Locale.ROOT, "%.1f", (double) bytes / unit);
        if (tenth.endsWith(".0")) {
            tenth = tenth.substring(0, tenth.length() - 2);
        }
        boolean exactTenth = u <= 5 && (rest * 10) % unit == 0;
        if (exactTenth) {
            return tenth + " " + IEC[u];
        }
        // two exact terms when the rest is a whole number of the next smaller unit: "4 GiB + 4 MiB"
        long small = unit / 1024;
        if (rest % small == 0) {
            return whole + " " + IEC[u] + " + " + rest / small + " " + IEC[u - 1];
        }
        return "≈" + tenth + " " + IEC[u];
    }

    /** The value as an unsigned 64-bit number. */
    static double unsigned(long v) {
        return v >= 0 ? v : (v >>> 1) * 2.0 + (v & 1);
    }

    /** "0x0", "0x4000_0000", "0x7f80_0000_0000": hex in groups of four digits, as the language writes it. */
    static String address(long a) {
        String hex = Long.toHexString(a);
        var b = new StringBuilder(hex.length() + hex.length() / 4 + 2);
        int lead = hex.length() % 4 == 0 ? 4 : hex.length() % 4;
        b.append(hex, 0, lead);
        for (int i = lead; i < hex.length(); i += 4) {
            b.append('_').append(hex, i, i + 4);
        }
        return "0x" + b;
    }

    /** "32,000". */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** "1 slot", "3 slots". */
    static String plural(long n, String one, String many) {
        return count(n) + " " + (n == 1 ? one : many);
    }
}
