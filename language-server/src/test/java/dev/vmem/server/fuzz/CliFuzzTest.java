package dev.vmem.server.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.Injector;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import dev.vmem.dsl.VMemStandaloneSetup;
import dev.vmem.dsl.scoping.ImportRoots;
import dev.vmem.server.cli.FailOn;
import dev.vmem.server.cli.InputFile;
import dev.vmem.server.cli.XtextFileChecker;
import dev.vmem.server.cli.format.JsonWriter;
import dev.vmem.server.cli.format.JunitWriter;
import dev.vmem.server.cli.format.ReportWriter;
import dev.vmem.server.cli.format.SarifWriter;
import dev.vmem.server.cli.format.TextWriter;
import dev.vmem.server.cli.report.BatchResult;
import dev.vmem.server.cli.report.FileReport;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

/**
 * Coverage-guided fuzzing of {@code vmem check} on one file (docs/robustness.md): the bytes are
 * written as {@code main.vmem} into a small workspace (two files to import), checked as the CLI
 * checks a file (size limit, UTF-8 decoding, parse, structure, import confinement, engine), and
 * written in every output format. Nothing may throw; text lines are GNU style; the JSON report
 * parses; the SARIF log validates against the SARIF 2.1.0 schema; the JUnit XML is well formed.
 *
 * <p>Under {@code ./mvnw verify} this replays {@code CliFuzzTestInputs/everyFormatOfAnyFile/} (seeds
 * and crashers found earlier); {@code fuzz/run-fuzz.sh} fuzzes it, seeded with {@code examples/}.
 */
class CliFuzzTest {

    private static final Injector INJECTOR = new VMemStandaloneSetup().createInjectorAndDoEMFRegistration();
    private static final Path WORKSPACE = workspace();
    private static final XtextFileChecker CHECKER = new XtextFileChecker(INJECTOR,
            new XtextFileChecker.Limits(256 * 1024, XtextFileChecker.Limits.DEFAULT_MAX_SYNTAX_ERRORS,
                    dev.vmem.engine.EngineOptions.defaults().withBudget(2_000_000)),
            ImportRoots.of(List.of(WORKSPACE)).withMaxFileBytes(256 * 1024));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchema SARIF_SCHEMA = sarifSchema();

    /** file:line:col: severity: message [code], or a whole-file problem, or a note, or a trace line. */
    private static final Pattern TEXT_LINE = Pattern.compile(
            "main\\.vmem(:\\d+:\\d+)?: (error|warning|info): .* \\[[a-z0-9-]+]"
                    + "|[^ ].*\\.vmem:\\d+:\\d+: note: .*"
                    + "| {4}[a-z]+: .*");

    @FuzzTest(maxDuration = "30s")
    @DictionaryFile(resourcePath = "/dev/vmem/server/fuzz/vmem.dict")
    void everyFormatOfAnyFile(byte[] input) throws Exception {
        Path file = WORKSPACE.resolve("main.vmem");
        Files.write(file, input);
        FileReport report = CHECKER.check(new InputFile("main.vmem", file));
        var result = new BatchResult(List.of(report), FailOn.ERROR);

        String text = write(w -> new TextWriter(w, true), report, result);
        for (String line : text.split("\n", -1)) {
            if (!line.isEmpty()) {
                assertThat(line).as("text line").matches(TEXT_LINE);
            }
        }

        JsonNode json = JSON.readTree(write(JsonWriter::new, report, result));
        assertThat(json.path("files").size()).isEqualTo(1);
        for (JsonNode finding : json.path("files").get(0).path("findings")) {
            if (!finding.path("line").isNull()) {
                assertThat(finding.path("line").asInt()).as("line").isPositive();
                assertThat(finding.path("column").asInt()).as("column").isPositive();
            }
        }

        JsonNode sarif = JSON.readTree(write(w -> new SarifWriter(w, WORKSPACE, WORKSPACE, null,
                "fuzz"), report, result));
        assertThat(SARIF_SCHEMA.validate(sarif)).as("SARIF schema violations").isEmpty();

        String junit = write(JunitWriter::new, report, result);
        var factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.newDocumentBuilder().parse(new ByteArrayInputStream(junit.getBytes(StandardCharsets.UTF_8)));
    }

    /** The seeds: every shipped example gives output that keeps the properties. */
    @Test
    void everyExampleKeepsTheProperties() throws Exception {
        Path examples = repositoryRoot().resolve("examples");
        try (var files = Files.walk(examples)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".vmem")).sorted().toList()) {
                everyFormatOfAnyFile(Files.readAllBytes(p));
            }
        }
    }

    /** This copy of the fuzzer's dictionary is the language module's (checked there against the grammar). */
    @Test
    void theDictionaryIsTheLanguageModulesOne() throws IOException {
        try (InputStream in = CliFuzzTest.class.getResourceAsStream("vmem.dict")) {
            assertThat(in).isNotNull();
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(Files.readString(
                    repositoryRoot().resolve("dsl/src/test/resources/dev/vmem/dsl/fuzz/vmem.dict")));
        }
    }

    private static String write(Function<java.io.Writer, ReportWriter> format, FileReport report, BatchResult result)
            throws IOException {
        var out = new StringWriter();
        ReportWriter writer = format.apply(out);
        writer.file(report);
        writer.finish(result);
        return out.toString();
    }

    private static JsonSchema sarifSchema() {
        try (InputStream in = com.contrastsecurity.sarif.SarifSchema210.class
                .getResourceAsStream("/schema/sarif-schema-2.1.0.json")) {
            var config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in, config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path repositoryRoot() {
        return dev.vmem.testing.Repository.root();
    }

    private static Path workspace() {
        try {
            Path ws = Files.createTempDirectory("vmem-fuzz-cli");
            Files.writeString(ws.resolve("kernels.vmem"), "kernel k { version 6.18 }\nkernel old { version 5.10 }\n");
            Files.createDirectories(ws.resolve("profiles"));
            Files.writeString(ws.resolve("profiles/vms.vmem"), """
                    import "../kernels.vmem"
                    vm base { kernel k memory ram: memfd_secret 1GiB map ram shared slot 0 gpa 0 userspace ram }
                    """);
            return ws;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
