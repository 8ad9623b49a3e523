package dev.vmem.dsl.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import dev.vmem.dsl.analysis.Placed;
import dev.vmem.dsl.text.LineIndex;
import dev.vmem.engine.report.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The conformance suite: every {@code .vmem} under conformance/ encodes what the kernel does (a
 * selftest assertion, or one side of a rule's boundary), with the {@code // expect:} header of
 * {@link ExamplesExpectTest} and {@code expect} clauses on scenario steps. A case passes when the
 * engine produces exactly the header's warning and error codes and no step misses its expectation.
 *
 * <p>conformance/known-gaps.txt lists what the engine gets wrong today, and the test checks those
 * in the other direction: a listed step must still miss its expectation, a listed file must still
 * differ from its header. So the list cannot go stale: when the engine is fixed, the entry fails
 * until it is removed.
 */
class ConformanceTest {

    static final String EXPECTATION_FAILED = "expectation-failed";

    static Path root() {
        return VMemTestSupport.repositoryRoot().resolve("conformance");
    }

    static List<Path> cases() throws IOException {
        try (Stream<Path> files = Files.walk(root())) {
            return files.filter(p -> p.toString().endsWith(".vmem")).sorted().toList();
        }
    }

    /** One entry of known-gaps.txt: a file, optionally the line of one step, and why. */
    record Gap(String file, int line, String kernel, String engine) {
        boolean wholeFile() {
            return line == 0;
        }
    }

    static List<Gap> knownGaps() throws IOException {
        var gaps = new ArrayList<Gap>();
        for (String raw : Files.readAllLines(root().resolve("known-gaps.txt"))) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\\s+\\|\\s+");
            assertThat(fields).as("'%s': path[:line] | what the kernel does | what the engine says", raw).hasSize(3);
            String where = fields[0];
            int colon = where.lastIndexOf(':');
            if (colon > 0) {
                gaps.add(new Gap(where.substring(0, colon), Integer.parseInt(where.substring(colon + 1)), fields[1],
                        fields[2]));
            } else {
                gaps.add(new Gap(where, 0, fields[1], fields[2]));
            }
        }
        return gaps;
    }

    static String relative(Path file) {
        return root().relativize(file).toString().replace('\\', '/');
    }

    static Map<String, List<Gap>> gapsByFile() throws IOException {
        var map = new TreeMap<String, List<Gap>>();
        for (Gap g : knownGaps()) {
            map.computeIfAbsent(g.file(), f -> new ArrayList<>()).add(g);
        }
        return map;
    }

    @Test
    void theSuiteHoldsTheSelftestsAndTheRules() throws IOException {
        var names = cases().stream().map(ConformanceTest::relative).toList();
        for (String dir : List.of("guest_memfd_test/", "set_memory_region_test/", "private_mem_conversions_test/",
                "memfd_secret/", "private_mem_kvm_exits_test/", "rules/")) {
            assertThat(names).as(dir).anyMatch(n -> n.startsWith(dir));
        }
    }

    /** Each case says where its kernel behaviour comes from, in the header convention of conformance/README.md. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void citesItsSource(Path file) throws IOException {
        var text = Files.readString(file);
        assertThat(ExamplesExpectTest.hasHeader(file)).as("an // expect: header").isTrue();
        assertThat(text).as("a '// Selftest:' or '// Rule:' line").containsAnyOf("// Selftest: ", "// Rule: ");
        assertThat(text).as("a '// Kernel text:' line").contains("// Kernel text: ");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void engineAgreesWithTheKernelOrTheGapIsListed(Path file) throws IOException {
        var resource = VMemTestSupport.load(file);
        assertThat(resource.getErrors()).as("syntax and linking errors").isEmpty();
        var codes = new TreeSet<String>();
        var failedLines = new TreeSet<Integer>();
        var details = new ArrayList<String>();
        var lines = LineIndex.of(resource);
        for (Placed p : VMemTestSupport.check(resource).all()) {
            if (p.severity() == Severity.ERROR || p.severity() == Severity.WARNING) {
                int line = lines.line1(p.offset());
                codes.add(p.code());
                details.add(line + ": " + p.code() + " " + p.message());
                if (EXPECTATION_FAILED.equals(p.code())) {
                    failedLines.add(line);
                }
            }
        }
        var gaps = gapsByFile().getOrDefault(relative(file), List.of());
        Set<String> header = ExamplesExpectTest.expected(file);
        if (gaps.stream().anyMatch(Gap::wholeFile)) {
            assertThat(gaps).as("a whole-file gap stands alone").hasSize(1);
            assertThat(codes).as("known gap (the engine still disagrees with the kernel): %s", details)
                    .isNotEqualTo(header);
            return;
        }
        var gapLines = new TreeSet<Integer>();
        gaps.forEach(g -> gapLines.add(g.line()));
        assertThat(failedLines).as("steps whose outcome differs from the kernel's, against the known gaps: %s", details)
                .isEqualTo(gapLines);
        var expected = new TreeSet<>(header);
        if (!gapLines.isEmpty()) {
            expected.add(EXPECTATION_FAILED);
        }
        assertThat(codes).as("warning and error codes: %s", details).isEqualTo(expected);
    }

    /**
     * Rules whose condition is not a kernel boundary: info findings (the expect convention does not
     * list them) and the engine's own bookkeeping. Every other rule needs cases under rules/CODE/.
     * build-option-unknown and not-modelled are info findings about the engine's knowledge (an
     * unstated build option, a combination no fact decides), not a kernel boundary; populate-ignored
     * is an info finding (the mmap succeeds, nothing is refused); so is advice-ignored (the madvise,
     * mlock or mbind succeeds; the engine's MapOptionsTest holds its pairs).
     */
    static final Set<String> RULES_WITHOUT_BOUNDARY = Set.of("direct-map-exposure", "direct-map-fragmentation",
            "coredump-omits-guest-memory", "expectation-failed", "analysis-incomplete", "build-option-unknown",
            "not-modelled", "populate-ignored", "advice-ignored");

    /** Each rule folder is a rule and holds a pair; each rule has a folder unless exempt above. */
    @Test
    void everyRuleHasCasesOnBothSidesOfItsBoundary() throws IOException {
        var perRule = new TreeMap<String, Integer>();
        for (Path file : cases()) {
            String rel = relative(file);
            if (rel.startsWith("rules/")) {
                perRule.merge(rel.split("/")[1], 1, Integer::sum);
            }
        }
        perRule.forEach((code, n) -> {
            assertThat(dev.vmem.engine.report.Rule.byCode(code)).as("rules/%s/ names a rule", code).isPresent();
            assertThat(n).as("rules/%s/ holds a pair of cases", code).isGreaterThanOrEqualTo(2);
        });
        var missing = new TreeSet<String>();
        for (var rule : dev.vmem.engine.report.Rule.values()) {
            if (!perRule.containsKey(rule.code()) && !RULES_WITHOUT_BOUNDARY.contains(rule.code())) {
                missing.add(rule.code());
            }
        }
        assertThat(missing).as("rules without boundary cases under conformance/rules/").isEmpty();
    }

    /** Every entry names a case, and a line entry names a line with an expect clause. */
    @Test
    void everyKnownGapNamesACase() throws IOException {
        var names = cases().stream().map(ConformanceTest::relative).toList();
        for (Gap g : knownGaps()) {
            assertThat(names).as("known gap %s", g).contains(g.file());
            assertThat(g.kernel()).as("what the kernel does").isNotBlank();
            assertThat(g.engine()).as("what the engine says").isNotBlank();
            if (!g.wholeFile()) {
                var lines = Files.readAllLines(root().resolve(g.file()));
                assertThat(g.line()).as("known gap %s", g).isBetween(1, lines.size());
                assertThat(lines.get(g.line() - 1)).as("known gap %s: a step with an expect clause", g)
                        .contains("step ").contains(" expect ");
            }
        }
    }
}
