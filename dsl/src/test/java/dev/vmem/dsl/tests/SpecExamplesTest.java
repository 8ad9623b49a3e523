package dev.vmem.dsl.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The spec's examples (copied unchanged into examples/spec) are the good corpus: each must parse,
 * link and pass the structural checks without a single issue.
 */
class SpecExamplesTest {

    static List<Path> examples() throws IOException {
        return VMemTestSupport.exampleFiles();
    }

    @Test
    void theCopyHoldsEveryExample() throws IOException {
        assertThat(examples()).hasSizeGreaterThanOrEqualTo(9);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void parsesLinksAndValidatesCleanly(Path example) {
        XtextResource resource = VMemTestSupport.load(example);
        assertThat(resource.getErrors()).as("syntax and linking errors").isEmpty();
        // Structural issues only (validation never runs the engine): findings are ExamplesExpectTest's.
        List<Issue> issues = VMemTestSupport.validate(resource);
        assertThat(issues).as("issues").isEmpty();
    }

    /** A control: the same path reports what it should, so a clean result above means something. */
    @Test
    void validationThroughThisPathIsLive() {
        XtextResource resource = VMemTestSupport.parse("kernel k { version 6.18 }\nkernel k { version 7.0 }\n");
        assertThat(VMemTestSupport.validate(resource)).extracting(Issue::getCode).containsExactly("duplicate-name");
    }

    /** examples/spec must stay a byte-identical copy of the shared spec, when the spec is at hand. */
    @Test
    void copyIsByteIdenticalToTheSharedSpec() throws IOException {
        Path shared = VMemTestSupport.repositoryRoot().resolve("../shared/spec/examples").normalize();
        assumeTrue(Files.isDirectory(shared), "no shared spec next to the repository");
        List<String> sharedNames;
        try (Stream<Path> files = Files.list(shared)) {
            sharedNames = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".vmem")).sorted().toList();
        }
        List<String> copiedNames = examples().stream().map(p -> p.getFileName().toString()).toList();
        assertThat(copiedNames).isEqualTo(sharedNames);
        for (String name : sharedNames) {
            assertThat(Files.readAllBytes(VMemTestSupport.examplesDir().resolve(name)))
                    .as(name)
                    .isEqualTo(Files.readAllBytes(shared.resolve(name)));
        }
    }
}
