package dev.vmem.dsl.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@code .vmem} under examples/ produces exactly the warning and error codes its
 * {@code // expect:} header lines name ({@code // expect: none} for none); info findings are not
 * listed. The codes arrive through the Xtext validator, so this also proves the engine adapter.
 */
class ExamplesExpectTest {

    private static final Pattern EXPECT = Pattern.compile("^\\s*//\\s*expect:\\s*(.+?)\\s*$");

    /**
     * Spec examples whose header the second edition of the fact sheet contradicts. examples/spec/
     * must stay byte-identical to the shared spec, so the codes the facts add are listed here.
     * aws2024-secretmem-prefaulted: MAP_POPULATE faults no secretmem in (kernel-facts §10.1 item
     * 1), so the guest's first fault fails with EFAULT as in the cold example.
     */
    static final java.util.Map<String, Set<String>> CONTRADICTED_BY_FACTS = java.util.Map.of(
            "aws2024-secretmem-prefaulted.vmem", Set.of("gup-on-secret-memory"));

    static List<Path> allExamples() throws IOException {
        try (Stream<Path> files = Files.walk(VMemTestSupport.repositoryRoot().resolve("examples"))) {
            return files.filter(p -> p.toString().endsWith(".vmem")).sorted().toList();
        }
    }

    static Set<String> expected(Path file) throws IOException {
        var codes = new TreeSet<String>();
        for (String line : Files.readAllLines(file)) {
            var m = EXPECT.matcher(line);
            if (m.matches()) {
                for (String code : m.group(1).split("[,\\s]+")) {
                    if (!code.equals("none")) {
                        codes.add(code);
                    }
                }
            }
        }
        return codes;
    }

    static boolean hasHeader(Path file) throws IOException {
        return Files.readAllLines(file).stream().anyMatch(l -> EXPECT.matcher(l).matches());
    }

    @Test
    void thereAreExamplesBeyondTheSpec() throws IOException {
        assertThat(allExamples()).hasSizeGreaterThan(9);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allExamples")
    void producesExactlyTheExpectedCodes(Path example) throws IOException {
        assertThat(hasHeader(example)).as("an // expect: header").isTrue();
        var resource = VMemTestSupport.load(example);
        assertThat(resource.getErrors()).as("syntax and linking errors").isEmpty();
        var actual = new TreeSet<String>();
        for (Issue issue : VMemTestSupport.validate(resource)) {
            if (issue.getSeverity() == Severity.ERROR || issue.getSeverity() == Severity.WARNING) {
                actual.add(issue.getCode());
            }
        }
        var expected = new TreeSet<>(expected(example));
        if (example.getParent().getFileName().toString().equals("spec")) {
            expected.addAll(CONTRADICTED_BY_FACTS.getOrDefault(example.getFileName().toString(), Set.of()));
        }
        assertThat(actual).as("warning and error codes").isEqualTo(expected);
    }

    /** The adapter places findings on the element, feature and entry the engine names. */
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
        var issues = VMemTestSupport.validate(resource);
        assertThat(issues).singleElement().satisfies(i -> {
            assertThat(i.getCode()).isEqualTo("gmem-flag-unsupported");
            assertThat(i.getLineNumber()).isEqualTo(5);
            assertThat(i.getColumn()).isEqualTo(48);
            assertThat(i.getLength()).isEqualTo("init_shared".length());
            assertThat(i.getData()).contains("outcome=einval", "flag=init_shared");
        });
    }
}
