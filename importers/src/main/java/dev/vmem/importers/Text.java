package dev.vmem.importers;

import java.math.BigInteger;

/** Formatting of sizes, addresses and names for the generated text. */
final class Text {

    private Text() {
    }

    static final long KIB = 1L << 10;
    static final long MIB = 1L << 20;
    static final long GIB = 1L << 30;
    static final long TIB = 1L << 40;

    /** {@code 4GiB}, {@code 512MiB}, {@code 4096}: the largest binary unit that divides it. */
    static String size(long bytes) {
        if (bytes != 0) {
            if (bytes % TIB == 0) {
                return Long.toUnsignedString(bytes / TIB) + "TiB";
            }
            if (bytes % GIB == 0) {
                return Long.toUnsignedString(bytes / GIB) + "GiB";
            }
            if (bytes % MIB == 0) {
                return Long.toUnsignedString(bytes / MIB) + "MiB";
            }
            if (bytes % KIB == 0) {
                return Long.toUnsignedString(bytes / KIB) + "KiB";
            }
        }
        return Long.toUnsignedString(bytes);
    }

    /** {@code 0x1_0000_0000}: hexadecimal, grouped by four digits. */
    static String address(long a) {
        String hex = Long.toHexString(a);
        var b = new StringBuilder();
        int first = hex.length() % 4 == 0 ? 4 : hex.length() % 4;
        b.append(hex, 0, first);
        for (int i = first; i < hex.length(); i += 4) {
            b.append('_').append(hex, i, i + 4);
        }
        return "0x" + b;
    }

    /** A name the language accepts: {@code [a-zA-Z_][a-zA-Z0-9_-]*}, at most 64 characters. */
    static String name(String raw, String fallback) {
        if (raw == null || raw.isEmpty()) {
            return fallback;
        }
        var b = new StringBuilder();
        for (int i = 0; i < raw.length() && b.length() < 64; i++) {
            char c = raw.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (b.length() > 0 && ((c >= '0' && c <= '9') || c == '-'));
            if (ok) {
                b.append(c);
            } else if (b.length() == 0 && c >= '0' && c <= '9') {
                b.append('_').append(c);
            } else {
                b.append('_');
            }
        }
        return b.toString();
    }

    /** Printable ASCII, one line, bounded: safe in a comment or a message. */
    static String clean(String s) {
        if (s == null) {
            return "";
        }
        String t = s.replaceAll("[^\\x20-\\x7e]", "?").replace("*/", "*?");
        return t.length() > 240 ? t.substring(0, 240) + "..." : t;
    }

    /** A string literal of the language. */
    static String quoted(String s) {
        return "\"" + clean(s).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /**
     * Line breaks as the CLI counts them ({@code \n}, {@code \r\n}, a lone {@code \r}), all as
     * {@code \n}: positions then agree with the CLI's lines, and columns are unchanged.
     */
    static String lines(String text) {
        return text.indexOf('\r') < 0 ? text : text.replace("\r\n", "\n").replace('\r', '\n');
    }

    static long toLong(BigInteger v) {
        return v.longValue();
    }

    /**
     * The file system a path shows, as the language spells it: hugetlbfs (a path naming hugepages or
     * hugetlb) [I], tmpfs (/dev/shm, /run), devdax (/dev/dax…); null when the path does not show it.
     */
    static String fileSystem(String path) {
        if (path.contains("hugepage") || path.contains("hugetlb")) {
            return "hugetlbfs";
        }
        if (path.startsWith("/dev/shm/") || path.equals("/dev/shm") || path.startsWith("/run/")) {
            return "tmpfs";
        }
        if (path.startsWith("/dev/dax")) {
            return "devdax";
        }
        return null;
    }
}
