package dev.vmem.eclipse.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.vmem.eclipse.Analysis;
import dev.vmem.eclipse.VMemAnalyzer;
import dev.vmem.dsl.text.ExpectHeaders;
import dev.vmem.testing.Examples;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Validation inside OSGi: the Xtext injector starts in Equinox, and every spec example gives exactly
 * the warnings and errors of its {@code // expect:} lines, at the lines the CLI reports.
 */
class ExamplesInOsgiTest {

    @AfterAll
    static void noUiBundleStarted() {
        BundlesResolveTest.assertNoUiBundleStarted();
    }

    static Stream<Path> specFiles() {
        return Examples.spec().stream();
    }

    @Test
    void thereAreExamples() {
        assertFalse(Examples.spec().isEmpty(), "examples/spec/*.vmem under " + Examples.root());
    }

    @ParameterizedTest
    @MethodSource("specFiles")
    void expectHeader(Path file) {
        Analysis analysis = analyze(file);
        var codes = new TreeSet<String>();
        for (Issue issue : analysis.issues()) {
            if (issue.getSeverity() == Severity.ERROR || issue.getSeverity() == Severity.WARNING) {
                codes.add(issue.getCode());
            }
        }
        assertEquals(Examples.expectedCodes(file, ExpectHeaders::codes), codes, file.getFileName() + ": " + analysis.issues());
        assertNotNull(analysis.report(), "the engine ran on " + file.getFileName());
    }

    @ParameterizedTest
    @MethodSource("specFiles")
    void sameFindingsAsTheCli(Path file) {
        assertEquals(Examples.cliGoldenFindings(file), findings(analyze(file).issues()), file.getFileName().toString());
    }

    static Analysis analyze(Path file) {
        return VMemAnalyzer.analyze(URI.createFileURI(file.toString()), Examples.read(file), null);
    }

    /** "severity code line", sorted. */
    static List<String> findings(List<Issue> issues) {
        var result = new ArrayList<String>();
        for (Issue issue : issues) {
            result.add(issue.getSeverity().name().toLowerCase() + " " + issue.getCode() + " " + issue.getLineNumber());
        }
        result.sort(null);
        return result;
    }
}
