package dev.vmem.server.lsp;

import static dev.vmem.server.lsp.LspFixture.code;
import static dev.vmem.server.lsp.LspFixture.data;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.DidChangeConfigurationParams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Diagnostics: complete, placed where the engine says, structural at once, engine debounced, configurable. */
@LspFixture.Server
class DiagnosticsTest {

    static final String SECRET = """
            kernel <|linux_6_8|> {
                version 6.8
            }

            vm fc {
                kernel linux_6_8
                <|memory ram: memfd_secret 256MiB|>
                map ram shared
                <|slot 0 gpa 0x0 userspace <|ram|>|>
                clock <|kvmclock|>
            }
            """;

    private final LspFixture shared;

    DiagnosticsTest(LspFixture shared) {
        this.shared = shared;
    }

    static List<Diagnostic> only(List<Diagnostic> all, String... codes) {
        var wanted = Set.of(codes);
        return all.stream().filter(d -> wanted.contains(code(d))).toList();
    }

    @Test
    void engineFindingsLandOnTheElementsTheEngineNames() throws Exception {
        var m = Marked.parse(SECRET);
        String uri = shared.open("placed.vmem", m.text());
        var diagnostics = shared.diagnostics(uri);
        assertThat(only(diagnostics, "gup-on-secret-memory", "pfncache-unmapped-pfn", "secretmem-gup-fast-bug"))
                .extracting(LspFixture::code, Diagnostic::getRange, Diagnostic::getSeverity)
                .containsExactlyInAnyOrder(
                        tuple("secretmem-gup-fast-bug", m.range(1), DiagnosticSeverity.Warning),
                        tuple("gup-on-secret-memory", m.range(3), DiagnosticSeverity.Error),
                        tuple("pfncache-unmapped-pfn", m.range(4), DiagnosticSeverity.Error));
    }

    @Test
    void everyDiagnosticIsFilledCompletely() throws Exception {
        var m = Marked.parse(SECRET);
        String uri = shared.open("complete.vmem", m.text());
        var diagnostics = new java.util.ArrayList<>(shared.diagnostics(uri));
        assertThat(diagnostics).extracting(LspFixture::code).contains("gup-on-secret-memory", "direct-map-exposure");
        // A structural error keeps the engine from running (the checker's gate): filled completely too.
        String broken = shared.open("complete-broken.vmem", SECRET.replace("<|", "").replace("|>", "") + "\nvm fc { }\n");
        var structural = shared.diagnostics(broken);
        assertThat(structural).extracting(LspFixture::code).containsOnly("duplicate-name");
        diagnostics.addAll(structural);
        for (Diagnostic d : diagnostics) {
            assertThat(d.getSource()).isEqualTo("vmem");
            assertThat(d.getCodeDescription().getHref()).endsWith("docs/rules/" + code(d) + ".md");
            assertThat(data(d).get("kind").getAsString()).isIn("engine", "structural");
        }
        Diagnostic gup = only(diagnostics, "gup-on-secret-memory").get(0);
        assertThat(data(gup).get("outcome").getAsString()).isEqualTo("efault");
        assertThat(data(gup).get("vm").getAsString()).isEqualTo("fc");
        assertThat(data(gup).get("secretBacking").getAsString()).isEqualTo("ram");
        // the backing, the slot and the kernel profile, each where it is declared
        assertThat(gup.getRelatedInformation()).extracting(r -> r.getLocation().getRange())
                .containsExactlyInAnyOrder(m.range(1), m.range(2), m.range(0));
        assertThat(gup.getRelatedInformation()).allSatisfy(r -> assertThat(r.getLocation().getUri()).isEqualTo(uri));
        // the short trace: the kernel path on the message's second line
        assertThat(gup.getMessage().getLeft()).contains("\n").contains("hva_to_pfn");
    }

    @Test
    void structuralDiagnosticsComeAtOnceAndABrokenFileStopsTheEngine() throws Exception {
        var m = Marked.parse(SECRET);
        String uri = shared.open("broken.vmem", m.text());
        assertThat(shared.diagnostics(uri)).extracting(LspFixture::code).contains("gup-on-secret-memory");

        shared.change(uri, m.text().replace("map ram shared", "map ram sharde"));
        var broken = shared.diagnostics(uri);
        assertThat(broken).extracting(LspFixture::code).containsOnly("syntax-error");

        shared.change(uri, m.text());
        assertThat(shared.diagnostics(uri)).extracting(LspFixture::code).contains("gup-on-secret-memory");
    }

    @Test
    void theEngineRunsOncePerChangeAndFeaturesReuseTheRun() throws Exception {
        // A server of its own: in the shared one, another test's late build would rerun every open file.
        try (LspFixture own = LspFixture.start(null)) {
            String uri = own.open("once.vmem", Marked.parse(SECRET).text());
            own.diagnostics(uri);
            long before = own.impl.session().engineRuns();
            own.change(uri, Marked.parse(SECRET).text().replace("256MiB", "512MiB"));
            own.diagnostics(uri);
            assertThat(own.impl.session().engineRuns() - before).as("engine runs for one change").isEqualTo(1);
            // hover, inlay hints and code lenses read the same run
            own.server.getTextDocumentService().hover(new org.eclipse.lsp4j.HoverParams(LspFixture.doc(uri),
                    LspFixture.pos(6, 12))).get();
            own.server.getTextDocumentService().inlayHint(new org.eclipse.lsp4j.InlayHintParams(LspFixture.doc(uri),
                    new org.eclipse.lsp4j.Range(LspFixture.pos(0, 0), LspFixture.pos(20, 0)))).get();
            assertThat(own.impl.session().engineRuns() - before).isEqualTo(1);
        }
    }

    @Test
    void rapidChangesAreDebouncedAndTheLastOneWins() throws Exception {
        try (var f = LspFixture.start(null, 300)) {
            String base = Marked.parse(SECRET).text();
            String uri = f.open("typing.vmem", base);
            f.diagnostics(uri);
            long before = f.impl.session().engineRuns();
            for (int i = 1; i <= 10; i++) {
                f.change(uri, base.replace("256MiB", (256 + i) + "MiB"));
                Thread.sleep(20);
            }
            var last = f.diagnostics(uri);
            assertThat(f.impl.session().engineRuns() - before).as("engine runs for 10 quick changes").isLessThanOrEqualTo(2);
            assertThat(only(last, "direct-map-exposure")).singleElement()
                    .satisfies(d -> assertThat(data(d).get("guestBytes").getAsString())
                            .isEqualTo(Long.toString(266L << 20)));
        }
    }

    @Test
    void severitiesAndTheDefaultProfileComeFromTheSettings() throws Exception {
        String text = """
                vm nokernel {
                    memory ram: guest_memfd 64MiB flags mmap | init_shared
                    map ram shared
                    slot 0 gpa 0x0 userspace ram guest_memfd ram
                }
                """;
        try (var f = LspFixture.start("""
                {"severity": {"direct-map-exposure": "off"}, "kernel": {"defaultProfile": "6.8"}}""")) {
            String uri = f.open("settings.vmem", text);
            var d = f.diagnostics(uri);
            assertThat(d).extracting(LspFixture::code).doesNotContain("direct-map-exposure")
                    .contains("kernel-feature-missing");
            assertThat(only(d, "kernel-feature-missing")).allSatisfy(x ->
                    assertThat(x.getSeverity()).isEqualTo(DiagnosticSeverity.Error));

            // didChangeConfiguration, in the shape the VS Code extension sends
            f.server.getWorkspaceService().didChangeConfiguration(new DidChangeConfigurationParams(JsonParser.parseString("""
                    {"vmem": {"severity": {"kernel-feature-missing": "warning"}, "kernel": {"defaultProfile": "7.0"}}}""")));
            f.sync();
            var after = f.awaitPublication(uri, l -> !l.isEmpty() && only(l, "kernel-feature-missing").isEmpty());
            assertThat(after).extracting(LspFixture::code).contains("direct-map-exposure");

            f.server.getWorkspaceService().didChangeConfiguration(new DidChangeConfigurationParams(JsonParser.parseString("""
                    {"vmem": {"severity": {"kernel-feature-missing": "info"}, "kernel": {"defaultProfile": "6.8 x86_64"}}}""")));
            f.sync();
            var again = f.awaitPublication(uri, l -> !only(l, "kernel-feature-missing").isEmpty());
            assertThat(only(again, "kernel-feature-missing")).allSatisfy(x ->
                    assertThat(x.getSeverity()).isEqualTo(DiagnosticSeverity.Information));

            // a client's unrelated configuration change keeps the settings
            f.server.getWorkspaceService().didChangeConfiguration(new DidChangeConfigurationParams(JsonParser.parseString("{}")));
            f.sync();
            assertThat(f.impl.session().settings().defaultProfile()).contains("6.8 x86_64");
        }
    }

    /**
     * The one policy of the checker (the CLI's too): a finding about an element of an imported file, for a
     * VM this file does not declare, shows on the import that brings it in, with the element as the
     * first related place; the imported file itself gets no diagnostics while it is not open.
     */
    @Test
    void findingsAboutAnImportedVmShowOnTheImport() throws Exception {
        shared.write("imported/machine.vmem", Marked.parse(SECRET).text());
        String uri = shared.open("imported/scenario.vmem", """
                import "machine.vmem"

                scenario boot {
                    vm fc
                    step guest vcpu 0 write gpa 0x1000 <|expect ok|>
                }
                """.replace("<|", "").replace("|>", ""));
        var d = shared.diagnostics(uri);
        assertThat(d).extracting(LspFixture::code).contains("expectation-failed", "gup-on-secret-memory");
        for (Diagnostic diagnostic : d) {
            if (code(diagnostic).equals("expectation-failed")) {
                assertThat(diagnostic.getRange().getStart().getLine()).isEqualTo(4);
                continue;
            }
            assertThat(diagnostic.getRange().getStart().getLine()).as(code(diagnostic)).isZero();
            assertThat(diagnostic.getRelatedInformation().get(0).getMessage()).isEqualTo("here, in an imported file");
            assertThat(diagnostic.getRelatedInformation().get(0).getLocation().getUri())
                    .isEqualTo(shared.uri("imported/machine.vmem"));
        }
        assertThat(shared.client.published).doesNotContainKey(shared.uri("imported/machine.vmem"));
    }

    /** The CLI's size limit (4 MiB) in the server: one error at the top, nothing parsed; a smaller text is checked again. */
    @Test
    void aDocumentOverTheSizeLimitGetsOneErrorAtItsTop() throws Exception {
        String comment = "// " + "x".repeat(1000) + "\n";
        String huge = "kernel k { version 6.18 }\n" + comment.repeat((int) (SizeLimitedResource.MAX_BYTES / comment.length()) + 1);
        String uri = shared.open("huge.vmem", huge);
        var d = shared.diagnostics(uri);
        assertThat(d).singleElement().satisfies(one -> {
            assertThat(code(one)).isEqualTo("input-too-large");
            assertThat(one.getSeverity()).isEqualTo(DiagnosticSeverity.Error);
            assertThat(one.getRange().getStart()).isEqualTo(new org.eclipse.lsp4j.Position(0, 0));
            assertThat(one.getCodeDescription().getHref()).endsWith("docs/rules/input-too-large.md");
        });
        shared.change(uri, Marked.parse(SECRET).text());
        assertThat(shared.diagnostics(uri)).extracting(LspFixture::code).contains("gup-on-secret-memory")
                .doesNotContain("input-too-large");
        shared.change(uri, huge);
        assertThat(shared.diagnostics(uri)).extracting(LspFixture::code).containsExactly("input-too-large");
        shared.close(uri);
    }

    @Test
    void closingADocumentClearsItsDiagnostics() throws Exception {
        String uri = shared.open("closing.vmem", Marked.parse(SECRET).text());
        assertThat(shared.diagnostics(uri)).isNotEmpty();
        shared.close(uri);
        shared.sync();
        assertThat(shared.awaitPublication(uri, List::isEmpty)).isEmpty();
    }

    // ---- the examples, through the server ----------------------------------------------------------

    static Stream<Path> examples() {
        return dev.vmem.testing.Examples.all().stream();
    }

    /** Every example gives, through the server, exactly the warning and error codes its header lists (as corrected). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void examplesGiveTheCodesTheirHeaderLists(Path example) throws Exception {
        var expected = dev.vmem.testing.Examples.expectedCodes(example, dev.vmem.dsl.text.ExpectHeaders::codes);
        String name = "examples/" + example.getParent().getFileName() + "/" + example.getFileName();
        String uri = shared.open(name, Files.readString(example));
        var actual = new TreeSet<String>();
        for (Diagnostic d : shared.diagnostics(uri)) {
            if (d.getSeverity() == DiagnosticSeverity.Error || d.getSeverity() == DiagnosticSeverity.Warning) {
                actual.add(code(d));
            }
        }
        assertThat(actual).isEqualTo(expected);
        shared.close(uri);
    }
}
