package dev.vmem.server.codes;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.vmem.dsl.codes.Catalog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The files generated from the {@link Catalog} are the committed ones: the VS Code extension's
 * {@code vmem.severity} schema ({@code vscode/package.json}) and the tables of the rule index
 * ({@code docs/rules/README.md}). The build fails when they differ; run this test with
 * {@code -Dvmem.generated=write} to write them (then commit them):
 *
 * <pre>./mvnw -o -B -DskipEclipse -pl language-server -am test -Dtest=GeneratedFilesTest -Dsurefire.failIfNoSpecifiedTests=false -Dvmem.generated=write</pre>
 */
class GeneratedFilesTest {

    private static final boolean WRITE = "write".equals(System.getProperty("vmem.generated"));
    private static final String TABLE_HEAD = "| code | severity | title |\n|---|---|---|\n";
    private static final List<String> LEVELS = List.of("error", "warning", "info", "off");

    static Path root() {
        return dev.vmem.testing.Repository.root();
    }

    @Test
    void vsCodeSeveritySchemaIsGeneratedFromTheCatalogue() throws IOException {
        Path file = root().resolve("vscode/package.json");
        String committed = Files.readString(file, StandardCharsets.UTF_8);
        JsonObject pkg = JsonParser.parseString(committed).getAsJsonObject();
        JsonObject severity = pkg.getAsJsonObject("contributes").getAsJsonObject("configuration")
                .getAsJsonObject("properties").getAsJsonObject("vmem.severity");
        var properties = new JsonObject();
        for (Catalog.Entry e : Catalog.entries()) {
            if (e.origin() != Catalog.Origin.ENGINE) {
                continue; // the language's and the tools' codes are errors that always show
            }
            var p = new JsonObject();
            p.addProperty("type", "string");
            var levels = new com.google.gson.JsonArray();
            LEVELS.forEach(levels::add);
            p.add("enum", levels);
            p.addProperty("markdownDescription", e.info().title() + " (default: `" + e.info().severity().keyword() + "`).");
            properties.add(e.code(), p);
        }
        severity.add("properties", properties);
        String generated = new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create()
                .toJson(pkg) + "\n";
        check(file, committed, generated);
    }

    @Test
    void ruleIndexTablesAreGeneratedFromTheCatalogue() throws IOException {
        Path file = root().resolve("docs/rules/README.md");
        String committed = Files.readString(file, StandardCharsets.UTF_8);
        String generated = committed;
        generated = table(generated, "## Engine rules", Catalog.Origin.ENGINE);
        generated = table(generated, "## Language checks", Catalog.Origin.LANGUAGE);
        generated = table(generated, "### Tool codes", Catalog.Origin.TOOL);
        check(file, committed, generated);
    }

    /** Replaces the table after {@code heading} with the catalogue's rows of {@code origin}. */
    private static String table(String text, String heading, Catalog.Origin origin) {
        int at = text.indexOf("\n" + heading + "\n");
        assertThat(at).as("heading %s in docs/rules/README.md", heading).isNotNegative();
        int start = text.indexOf(TABLE_HEAD, at);
        assertThat(start).as("table after %s", heading).isNotNegative();
        int end = start + TABLE_HEAD.length();
        while (end < text.length() && text.startsWith("| ", end)) {
            end = text.indexOf('\n', end) + 1;
        }
        var rows = new StringBuilder(TABLE_HEAD);
        for (Catalog.Entry e : Catalog.entries()) {
            if (e.origin() == origin) {
                rows.append("| [`").append(e.code()).append("`](").append(e.code()).append(".md) | ")
                        .append(e.info().severity().keyword()).append(" | ").append(e.info().title()).append(" |\n");
            }
        }
        return text.substring(0, start) + rows + text.substring(end);
    }

    private static void check(Path file, String committed, String generated) throws IOException {
        if (WRITE && !generated.equals(committed)) {
            Files.writeString(file, generated, StandardCharsets.UTF_8);
            return;
        }
        assertThat(committed).as("%s is generated from the catalogue: run GeneratedFilesTest with"
                + " -Dvmem.generated=write and commit the result", root().relativize(file)).isEqualTo(generated);
    }
}
