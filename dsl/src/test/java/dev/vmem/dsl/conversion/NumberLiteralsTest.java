package dev.vmem.dsl.conversion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vmem.dsl.validation.VMemIssueCodes;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NumberLiteralsTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
            "0, 0",
            "4096, 4096",
            "1_000_000, 1000000",
            "0x0, 0",
            "0x1_0000_0000, 4294967296",
            "0X7f80_0000_0000, 140187732541440",
            "4KiB, 4096",
            "4K, 4096",
            "2MiB, 2097152",
            "2M, 2097152",
            "1GiB, 1073741824",
            "1G, 1073741824",
            "1TiB, 1099511627776",
            "1T, 1099511627776",
            "0x10M, 16777216",
            "16777215TiB, 18446742974197923840",
    })
    void sizes(String literal, String expectedUnsigned) {
        NumberLiterals.Result result = NumberLiterals.size(literal);
        assertThat(result.ok()).as(literal).isTrue();
        assertThat(Long.toUnsignedString(result.value())).isEqualTo(expectedUnsigned);
    }

    @Test
    void largestValuesAreUnsigned() {
        assertThat(NumberLiterals.size("18446744073709551615").value()).isEqualTo(-1L);
        assertThat(NumberLiterals.size("0xffff_ffff_ffff_ffff").value()).isEqualTo(-1L);
        assertThat(NumberLiterals.size("9223372036854775808").value()).isEqualTo(Long.MIN_VALUE);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "18446744073709551616, number-overflow",
            "0x1_0000_0000_0000_0000, number-overflow",
            "16777216TiB, number-overflow",
            "16777216T, number-overflow",
            "17592186044416G, number-overflow",
            "123456789012345678901234567890, number-overflow",
            "0x, bad-number",
            "0x_, bad-number",
            "4KB, bad-unit",
            "4kib, bad-unit",
            "4k, bad-unit",
            "12abc, bad-unit",
            "0xfooK, bad-unit",
            "1PiB, bad-unit",
    })
    void refusedSizes(String literal, String code) {
        NumberLiterals.Result result = NumberLiterals.size(literal);
        assertThat(result.ok()).as(literal).isFalse();
        assertThat(result.problem().issueCode()).isEqualTo(code);
    }

    @Test
    void countsTakeNoUnit() {
        assertThat(NumberLiterals.count("12").value()).isEqualTo(12);
        assertThat(NumberLiterals.count("0x10").value()).isEqualTo(16);
        assertThat(NumberLiterals.count("2K").problem().issueCode()).isEqualTo(VMemIssueCodes.BAD_UNIT);
    }

    @Test
    void aVeryLongLiteralFailsFastAndQuotesOnlyAPrefix() {
        String literal = "1".repeat(1_000_000);
        long start = System.nanoTime();
        NumberLiterals.Result result = NumberLiterals.size(literal);
        assertThat(System.nanoTime() - start).isLessThan(1_000_000_000L);
        assertThat(result.problem().issueCode()).isEqualTo(VMemIssueCodes.NUMBER_OVERFLOW);
        assertThat(result.problem().message()).hasSizeLessThan(200);
    }

    @Test
    void formatPicksTheLargestExactUnit() {
        assertThat(NumberLiterals.format(0)).isEqualTo("0");
        assertThat(NumberLiterals.format(4097)).isEqualTo("4097");
        assertThat(NumberLiterals.format(4096)).isEqualTo("4KiB");
        assertThat(NumberLiterals.format(3L << 30)).isEqualTo("3GiB");
        assertThat(NumberLiterals.format(1L << 50)).isEqualTo("1024TiB");
        assertThat(NumberLiterals.format(-1L)).isEqualTo("18446744073709551615");
    }

    @Property
    void decimalAndHexSpellingsReadBack(@ForAll long value) {
        assertThat(NumberLiterals.size(Long.toUnsignedString(value)).value()).isEqualTo(value);
        assertThat(NumberLiterals.size("0x" + Long.toHexString(value)).value()).isEqualTo(value);
        assertThat(NumberLiterals.count(Long.toUnsignedString(value)).value()).isEqualTo(value);
    }

    @Property
    void formattedSizesReadBack(@ForAll long value) {
        assertThat(NumberLiterals.size(NumberLiterals.format(value)).value()).isEqualTo(value);
    }

    @Property
    void separatorsDoNotChangeTheValue(@ForAll("separated") String[] spellings) {
        assertThat(NumberLiterals.size(spellings[1]).value()).isEqualTo(NumberLiterals.size(spellings[0]).value());
    }

    @Provide
    Arbitrary<String[]> separated() {
        return Arbitraries.longs().between(0, Long.MAX_VALUE).flatMap(value -> {
            String digits = Long.toString(value);
            return Arbitraries.integers().between(1, digits.length()).list().ofMaxSize(5).map(cuts -> {
                StringBuilder withSeparators = new StringBuilder(digits);
                cuts.stream().sorted((a, b) -> b - a).forEach((Integer cut) -> withSeparators.insert(cut.intValue(), "_"));
                return new String[] { digits, withSeparators.toString() };
            });
        });
    }

    @Property
    void unitsMultiplyOrOverflow(@ForAll long value, @ForAll("units") String unit) {
        int shift = switch (unit.charAt(0)) {
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            default -> 40;
        };
        NumberLiterals.Result result = NumberLiterals.size(Long.toUnsignedString(value) + unit);
        boolean fits = Long.compareUnsigned(value, -1L >>> shift) <= 0;
        if (fits) {
            assertThat(result.value()).isEqualTo(value << shift);
        } else {
            assertThat(result.problem().issueCode()).isEqualTo(VMemIssueCodes.NUMBER_OVERFLOW);
        }
    }

    @Provide
    Arbitrary<String> units() {
        return Arbitraries.of("KiB", "MiB", "GiB", "TiB", "K", "M", "G", "T");
    }
}
