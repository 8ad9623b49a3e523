package dev.vmem.dsl.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import dev.vmem.dsl.analysis.Placed;
import dev.vmem.dsl.text.ExpectHeaders;
import dev.vmem.dsl.text.LineIndex;
import dev.vmem.engine.report.Severity;
import dev.vmem.testing.Examples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@code .vmem} under examples/ produces exactly the warning and error codes its
 * {@code // expect:} header lines name ({@code // expect: none} for none); info findings are not
 * listed, and examples/expect-corrections.txt corrects a header a fact contradicts (test-support's
 * {@link Examples}). The codes arrive through the one {@code Checker}, so this also proves its placing.
 */
class ExamplesExpectTest {

    static List<Path> allExamples() {
        return Examples.all();
    }

    static Set<String> expected(Path file) throws IOException {
        return ExpectHeaders.codes(Files.readString(file));
    }

    static boolean hasHeader(Path file) throws IOException {
        return ExpectHeaders.present(Files.readString(file));
    }

    @Test
    void thereAreExamplesBeyondTheSpec() {
        assertThat(allExamples()).hasSizeGreaterThan(9);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allExamples")
    void producesExactlyTheExpectedCodes(Path example) throws IOException {
        assertThat(hasHeader(example)).as("an // expect: header").isTrue();
        var resource = VMemTestSupport.load(example);
        assertThat(resource.getErrors()).as("syntax and linking errors").isEmpty();
        var actual = new TreeSet<String>();
        for (Placed p : VMemTestSupport.check(resource).all()) {
            if (p.severity() == Severity.ERROR || p.severity() == Severity.WARNING) {
                actual.add(p.code());
            }
        }
        var expected = Examples.expectedCodes(example, ExpectHeaders::codes);
        assertThat(actual).as("warning and error codes").isEqualTo(expected);
    }

    /** The checker places findings on the element, feature and entry the engine names. */
    @Test
    void findingsLandOnTheirElement() {
        var resource = VMemTestSupport.parse("""
                kernel k { version 7.0 arch x86_64 config kvm_sw_protected_vm on }
                vm v {
                    kernel k
                    type sw_protected
                    memory ram: guest_memfd 64MiB flags mmap | init_shared
                }
                """, "placed.vmem");
        var checked = VMemTestSupport.check(resource);
        var lines = LineIndex.of(resource);
        assertThat(checked.all()).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo("gmem-flag-unsupported");
            assertThat(lines.line1(p.offset())).isEqualTo(5);
            assertThat(lines.column1(p.offset())).isEqualTo(48);
            assertThat(p.length()).isEqualTo("init_shared".length());
            assertThat(p.finding().outcome().keyword()).isEqualTo("einval");
            assertThat(p.finding().data()).containsEntry("flag", "init_shared");
        });
    }
}
