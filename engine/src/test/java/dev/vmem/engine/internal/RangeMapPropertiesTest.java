package dev.vmem.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link RangeMap} against a byte-per-slot model over a small window (offset by a base, so that
 * the window may also sit at the top of the unsigned 64-bit space): after any sequence of writes
 * and clears, every byte has the model's value and extents are maximal (no two touching extents
 * with equal values).
 */
class RangeMapPropertiesTest {

    private static final int WINDOW = 48;

    record Write(int start, int end, Integer value) {
    }

    @Provide
    Arbitrary<List<Write>> writes() {
        Arbitrary<Integer> start = Arbitraries.integers().between(0, WINDOW);
        Arbitrary<Integer> length = Arbitraries.integers().between(0, 12);
        Arbitrary<Integer> value = Arbitraries.integers().between(0, 2).injectNull(0.25);
        return Combinators.combine(start, length, value)
                .as((s, l, v) -> new Write(s, Math.min(WINDOW, s + l), v)).list().ofMaxSize(30);
    }

    @Provide
    Arbitrary<Long> bases() {
        return Arbitraries.of(0L, 1L << 40, -1L - WINDOW, Long.MAX_VALUE - WINDOW / 2);
    }

    @Property(tries = 500)
    void behavesLikeAnArrayOfBytes(@ForAll("writes") List<Write> writes, @ForAll("bases") long base) {
        var map = new RangeMap<Integer>();
        var model = new Integer[WINDOW];
        for (Write w : writes) {
            map.put(base + w.start(), base + w.end(), w.value());
            Arrays.fill(model, w.start(), Math.max(w.start(), w.end()), w.value());
        }
        var seen = new Integer[WINDOW];
        for (var p : map.pieces(base, base + WINDOW)) {
            for (long a = p.start(); a != p.end(); a++) {
                seen[(int) (a - base)] = p.value();
            }
        }
        assertThat(seen).containsExactly(model);

        List<RangeMap.Extent<Integer>> extents = new ArrayList<>(map.extents());
        for (int i = 1; i < extents.size(); i++) {
            var prev = extents.get(i - 1);
            var cur = extents.get(i);
            assertThat(Long.compareUnsigned(prev.end(), cur.start())).as("ordered, disjoint").isLessThanOrEqualTo(0);
            assertThat(prev.end() == cur.start() && prev.value().equals(cur.value()))
                    .as("touching extents %s and %s with one value are merged", prev, cur).isFalse();
        }
        long modelBytes = Arrays.stream(model).filter(v -> v != null && v == 1).count();
        assertThat(map.bytes(base, base + WINDOW, v -> v == 1)).isEqualTo(modelBytes);
    }
}
