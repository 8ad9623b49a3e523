package dev.vmem.dsl.conversion;

import dev.vmem.dsl.validation.VMemIssueCodes;

/**
 * Reads the NUMBER token: decimal or {@code 0x} hex digits with {@code _} separators, optionally
 * followed by a binary unit (KiB, MiB, GiB, TiB, or K, M, G, T). Values are unsigned 64-bit,
 * returned in a {@code long}.
 *
 * <p>Parsing stops at the first digit that would overflow, so a literal of any length costs time
 * linear in its length and no allocation beyond the error message (which quotes at most a prefix).
 */
public final class NumberLiterals {

    /** Longest literal quoted verbatim in a message; longer ones are abbreviated. */
    private static final int QUOTE_LIMIT = 32;

    private static final String[] UNITS = { "KiB", "MiB", "GiB", "TiB", "K", "M", "G", "T" };
    private static final int[] UNIT_SHIFTS = { 10, 20, 30, 40, 10, 20, 30, 40 };

    private NumberLiterals() {
    }

    /** What went wrong with a literal: the issue code and a message naming the literal. */
    public record Problem(String issueCode, String message) {
    }

    /** The outcome of reading a literal: exactly one of value and problem is meaningful. */
    public record Result(long value, Problem problem) {
        public boolean ok() {
            return problem == null;
        }
    }

    /** A size, address or offset: the unit is allowed. */
    public static Result size(String text) {
        return parse(text, true);
    }

    /** A count or index: no unit. */
    public static Result count(String text) {
        return parse(text, false);
    }

    private static Result parse(String text, boolean unitAllowed) {
        int radix = 10;
        int start = 0;
        if (text.length() >= 2 && text.charAt(0) == '0' && (text.charAt(1) == 'x' || text.charAt(1) == 'X')) {
            radix = 16;
            start = 2;
        }
        int end = start;
        int digits = 0;
        while (end < text.length()) {
            char c = text.charAt(end);
            if (c == '_') {
                end++;
            } else if (digit(c, radix) >= 0) {
                digits++;
                end++;
            } else {
                break;
            }
        }
        if (digits == 0) {
            return failure(VMemIssueCodes.BAD_NUMBER, "'" + quote(text) + "' has no digits");
        }
        int shift = 0;
        if (end < text.length()) {
            String unit = text.substring(end);
            if (!unitAllowed) {
                return failure(VMemIssueCodes.BAD_UNIT, "'" + quote(text) + "' is a count and takes no unit");
            }
            shift = unitShift(unit);
            if (shift < 0) {
                return failure(VMemIssueCodes.BAD_UNIT, "unknown unit '" + quote(unit) + "' in '" + quote(text)
                        + "' (use KiB, MiB, GiB, TiB or K, M, G, T)");
            }
        }
        long value = 0;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c == '_') {
                continue;
            }
            int digit = digit(c, radix);
            // value * radix + digit <= 2^64 - 1  <=>  value <= (2^64 - 1 - digit) / radix; below SAFE
            // (the bound for the largest digit) no division is needed.
            if (Long.compareUnsigned(value, radix == 16 ? SAFE_HEX : SAFE_DECIMAL) > 0
                    && Long.compareUnsigned(value, Long.divideUnsigned(-1L - digit, radix)) > 0) {
                return overflow(text);
            }
            value = value * radix + digit;
        }
        if (shift > 0 && Long.compareUnsigned(value, -1L >>> shift) > 0) {
            return overflow(text);
        }
        return new Result(value << shift, null);
    }

    /** Values at or below these take any further digit without overflow. */
    private static final long SAFE_DECIMAL = Long.divideUnsigned(-1L - 9, 10);
    private static final long SAFE_HEX = Long.divideUnsigned(-1L - 15, 16);

    /** The value of an ASCII digit in radix 10 or 16, or -1 (as Character.digit, but ASCII only). */
    private static int digit(char c, int radix) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (radix == 16) {
            if (c >= 'a' && c <= 'f') {
                return c - 'a' + 10;
            }
            if (c >= 'A' && c <= 'F') {
                return c - 'A' + 10;
            }
        }
        return -1;
    }

    private static int unitShift(String unit) {
        for (int i = 0; i < UNITS.length; i++) {
            if (UNITS[i].equals(unit)) {
                return UNIT_SHIFTS[i];
            }
        }
        return -1;
    }

    private static Result overflow(String text) {
        return failure(VMemIssueCodes.NUMBER_OVERFLOW,
                "'" + quote(text) + "' does not fit in 64 bits (at most 18446744073709551615, 0xffff_ffff_ffff_ffff)");
    }

    private static Result failure(String code, String message) {
        return new Result(0, new Problem(code, message));
    }

    static String quote(String text) {
        return text.length() <= QUOTE_LIMIT ? text : text.substring(0, QUOTE_LIMIT) + "…";
    }

    /**
     * The shortest exact spelling of a size: with the largest binary unit that divides it, else in
     * bytes. Used when the serializer writes a value back.
     */
    public static String format(long value) {
        if (value != 0) {
            for (int i = 3; i >= 0; i--) {
                int shift = UNIT_SHIFTS[i];
                if ((value & ((1L << shift) - 1)) == 0) {
                    return Long.toUnsignedString(value >>> shift) + UNITS[i];
                }
            }
        }
        return Long.toUnsignedString(value);
    }
}
