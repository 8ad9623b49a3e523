package dev.vmem.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExamplesTest {

    @Test
    void correctionsParseWithAddedRemovedAndFact() {
        var list = Examples.parseCorrections("""
                # comment

                examples/a.vmem | +x-y -z | fact one
                examples/spec/b.vmem | -w | fact two
                """);
        assertThat(list).containsExactly(
                new Examples.Correction("examples/a.vmem", Set.of("x-y"), Set.of("z"), "fact one"),
                new Examples.Correction("examples/spec/b.vmem", Set.of(), Set.of("w"), "fact two"));
        assertThat(list.get(0).apply(List.of("z", "q"))).containsExactly("q", "x-y");
    }

    @Test
    void malformedCorrectionsNameTheirLine() {
        assertThatThrownBy(() -> Examples.parseCorrections("# c\nexamples/a.vmem | +x\n"))
                .hasMessageContaining(":2: ");
        assertThatThrownBy(() -> Examples.parseCorrections("examples/a.vmem | x | fact\n"))
                .hasMessageContaining(":1: ").hasMessageContaining("'x'");
        assertThatThrownBy(() -> Examples.parseCorrections("examples/a.vmem | +x |  \n"))
                .hasMessageContaining("fact");
        assertThatThrownBy(() -> Examples.parseCorrections("/abs/a.vmem | +x | f\n"))
                .hasMessageContaining("relative");
        assertThatThrownBy(() -> Examples.parseCorrections("examples/a.vmem | +x | f\nexamples/a.vmem | -y | g\n"))
                .hasMessageContaining(":2: ").hasMessageContaining("twice");
    }

    /** The committed corrections name existing examples, each with a fact. */
    @Test
    void theRepositorysCorrectionsNameExistingExamples() {
        assertThat(Examples.corrections()).isNotEmpty().allSatisfy(c -> {
            assertThat(Repository.resolve(c.path())).isRegularFile();
            assertThat(c.added().size() + c.removed().size()).isPositive();
        });
    }

    @Test
    void expectedCodesApplyTheCorrectionToTheHeader() {
        var c = Examples.corrections().get(0);
        var file = Repository.resolve(c.path());
        Set<String> header = Set.of("from-header", "none");
        assertThat(Examples.expectedCodes(file, text -> header)).isEqualTo(c.apply(Set.of("from-header")));
        var uncorrected = Examples.all().stream()
                .filter(p -> Examples.corrections().stream().noneMatch(k -> k.path().equals(Examples.relative(p))))
                .findFirst().orElseThrow();
        assertThat(Examples.expectedCodes(uncorrected, text -> header)).containsExactly("from-header");
    }

    @Test
    void examplesAndSpecAreVmemFilesSorted() {
        assertThat(Examples.all()).hasSizeGreaterThan(Examples.spec().size()).isSorted()
                .allSatisfy(p -> assertThat(p.toString()).endsWith(".vmem"));
        assertThat(Examples.spec()).isNotEmpty().isSorted()
                .allSatisfy(p -> assertThat(p.getParent().getFileName()).hasToString("spec"));
        assertThat(Files.isDirectory(Repository.root().resolve("test-support"))).isTrue();
    }

    @Test
    void cliGoldenFindingsOfASpecExample() {
        var file = Repository.resolve("examples/spec/aws2024-secretmem-prefaulted.vmem");
        assertThat(Examples.cliGoldenFindings(file)).isNotEmpty()
                .allSatisfy(f -> assertThat(f).matches("(error|warning|info) [a-z0-9-]+ \\d+"))
                .contains("error gup-on-secret-memory 21");
    }
}
