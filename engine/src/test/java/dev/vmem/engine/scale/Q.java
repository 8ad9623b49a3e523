package dev.vmem.engine.scale;

/**
 * A declared quantity (a size, a GPA, an offset, an address) written as {@code units × unit + extra}.
 * Rendering the same quantity with a unit of 1 MiB and of 1 TiB gives "the same declaration at two
 * scales": the unit part scales, the extra part (a few pages, or a few bytes to be misaligned) does
 * not. As long as the extras of a program add up to less than the smallest unit, every comparison
 * the engine makes between two quantities (overlap, containment, order, alignment) has the same
 * answer at every scale.
 *
 * <p>Nonsense programs use {@link #raw(long)}: no unit part, so the value is the same at every scale.
 *
 * @param units how many units
 * @param extra bytes added regardless of the unit
 */
public record Q(long units, long extra) {

    public static final long MIB = 1L << 20;
    public static final long GIB = 1L << 30;
    public static final long TIB = 1L << 40;

    /** A quantity of {@code units} units and nothing else. */
    public static Q of(long units) {
        return new Q(units, 0);
    }

    /** A value that does not scale (nonsense programs: 0, 2^64 - 4096, …). */
    public static Q raw(long value) {
        return new Q(0, value);
    }

    /** The value at a scale; wraps like the unsigned 64-bit quantity it models. */
    public long at(long unit) {
        return units * unit + extra;
    }

    /** True when the quantity is a whole number of units: it scales exactly. */
    public boolean pure() {
        return extra == 0;
    }

    @Override
    public String toString() {
        if (units == 0) {
            return "0x" + Long.toHexString(extra);
        }
        return units + "u" + (extra == 0 ? "" : "+0x" + Long.toHexString(extra));
    }
}
