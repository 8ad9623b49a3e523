package dev.vmem.eclipse.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmem.eclipse.Analysis;
import dev.vmem.eclipse.VMemAnalyzer;
import dev.vmem.editor.fix.Fix;
import dev.vmem.editor.fix.QuickFixes;
import dev.vmem.eclipse.testing.Samples;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each quick fix, keyed by code: the whole edited text, and the finding gone after the edit. */
class QuickFixesTest {

    @AfterAll
    static void noUiBundleStarted() {
        BundlesResolveTest.assertNoUiBundleStarted();
    }

    private static final URI URI_ = URI.createURI("synthetic:/quickfix.vmem");

    static final String SECRET = Samples.ONE_FILE;

    /** The sample's kernel profile as 7.0: guest_memfd with mmap and init_shared. */
    static final String KERNEL_7_0 = Samples.LIB.replace("6.8", "7.0").replace("linux_6_8", "linux_7_0");

    @Test
    void hideKvmclock() {
        String fixed = apply(SECRET, "pfncache-unmapped-pfn", "Hide kvmclock");
        assertEquals(SECRET.replace("    clock kvmclock\n", "    clock kvmclock\n    cpuid -kvmclock\n"), fixed);
        assertGone(fixed, "pfncache-unmapped-pfn");
    }

    @Test
    void addPfncachePatch() {
        String fixed = apply(SECRET, "pfncache-unmapped-pfn", "Add 'patch pfncache_gmem'");
        assertEquals(SECRET.replace("    arch x86_64\n", "    arch x86_64\n    patch pfncache_gmem\n"), fixed);
    }

    @Test
    void secretToGuestMemfd() {
        String text = SECRET.replace("version 6.8", "version 6.18\n    patch no_direct_map v12");
        String fixed = apply(text, "gup-on-secret-memory", "Turn memfd_secret backing ram");
        assertEquals(text.replace("memory ram: memfd_secret 256MiB", "memory ram: guest_memfd 256MiB flags mmap | init_shared | no_direct_map")
                .replace("userspace ram\n", "userspace ram guest_memfd ram\n"), fixed);
        assertGone(fixed, "gup-on-secret-memory");
    }

    /** A fix on a VM with the given members on a 7.0 kernel: the text with {@code before} replaced by {@code after}. */
    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource
    void fixOnA70Kernel(String code, String label, String members, String before, String after) {
        String text = KERNEL_7_0 + "\nvm v {\n    kernel linux_7_0\n" + members.indent(4) + "}\n";
        String fixed = apply(text, code, label);
        assertEquals(text.replace(before, after), fixed);
        assertGone(fixed, code);
    }

    static Stream<Arguments> fixOnA70Kernel() {
        return Stream.of(
                Arguments.of("gmem-flag-unsupported", "Drop flag init_shared",
                        "type sw_protected\nmemory ram: guest_memfd 64MiB flags mmap | init_shared",
                        "flags mmap | init_shared", "flags mmap"),
                Arguments.of("shared-mapping-required", "Map it shared",
                        "memory ram: guest_memfd 64MiB flags mmap | init_shared\nmap ram private",
                        "map ram private", "map ram shared"),
                Arguments.of("gmem-mmap-unsupported", "Add flag mmap",
                        "memory ram: guest_memfd 64MiB\nmap ram shared",
                        "guest_memfd 64MiB", "guest_memfd 64MiB flags mmap"));
    }

    @Test
    void setExpectationToActual() {
        String text = SECRET + """

                scenario run {
                    vm fc_secret
                    step gup ram expect ok
                }
                """;
        Issue issue = issue(text, "expectation-failed");
        String actual = data(issue).get("actual");
        String fixed = apply(text, "expectation-failed", "Expect " + actual);
        assertEquals(text.replace("step gup ram expect ok", "step gup ram expect " + actual), fixed);
        assertGone(fixed, "expectation-failed");
    }

    @Test
    void noFixForOtherCodes() {
        Analysis analysis = VMemAnalyzer.analyze(URI_, SECRET, null);
        for (Issue issue : analysis.issues()) {
            if (!QuickFixes.CODES.contains(issue.getCode())) {
                assertTrue(QuickFixes.fixes(analysis.resource(), issue.getCode(), data(issue), issue.getOffset()).isEmpty(),
                        issue.getCode());
            }
        }
    }

    static String apply(String text, String code, String labelPrefix) {
        Analysis analysis = VMemAnalyzer.analyze(URI_, text, null);
        Issue issue = issue(text, code);
        List<Fix> fixes = QuickFixes.fixes(analysis.resource(), code, data(issue), issue.getOffset());
        Fix fix = fixes.stream().filter(f -> f.label().startsWith(labelPrefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no fix '" + labelPrefix + "' for " + code + " in " + fixes));
        return fix.apply(analysis.resource(), text);
    }

    static Issue issue(String text, String code) {
        Analysis analysis = VMemAnalyzer.analyze(URI_, text, null);
        return analysis.issues().stream().filter(i -> code.equals(i.getCode())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + code + " in " + analysis.issues()));
    }

    static void assertGone(String text, String code) {
        Analysis analysis = VMemAnalyzer.analyze(URI_, text, null);
        assertFalse(analysis.issues().stream().anyMatch(i -> code.equals(i.getCode())), code + " still in " + analysis.issues());
        assertFalse(analysis.issues().stream().anyMatch(i -> "syntax-error".equals(i.getCode())), "syntax errors: " + analysis.issues());
    }

    static Map<String, String> data(Issue issue) {
        var map = new HashMap<String, String>();
        if (issue.getData() != null) {
            for (String entry : issue.getData()) {
                int eq = entry.indexOf('=');
                if (eq > 0) {
                    map.putIfAbsent(entry.substring(0, eq), entry.substring(eq + 1));
                }
            }
        }
        return map;
    }
}
