package dev.vmem.server.lsp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.vmem.server.cli.CliRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticRelatedInformation;
import org.eclipse.lsp4j.Range;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CLI and the language server agree on every file: the same problems (code, severity, range and
 * related places) for every example, for broken files and for files with imports. Both go through the
 * language's one {@code Checker}; this proves that nothing on either side adds, drops or moves anything.
 * Problems are compared as 1-based {@code line:column-line:column} spans; the CLI's are read from its
 * JSON output, the server's from its published diagnostics.
 */
@LspFixture.Server
class ParityTest {

    /** Files beyond the examples: {name → text}; imports resolve within the fixture's folder. */
    static final Map<String, String> FIXTURES = new LinkedHashMap<>();

    static {
        FIXTURES.put("imports/lib/kernels.vmem", """
                kernel old {
                    version 6.17
                    arch x86_64
                }
                """);
        FIXTURES.put("imports/uses-kernel.vmem", """
                import "lib/kernels.vmem"

                vm v {
                    kernel old
                    memory ram: memfd 64MiB
                    map ram shared
                    slot 0 gpa 0x0 userspace ram
                }
                """);
        FIXTURES.put("imports/machine.vmem", """
                kernel six_eight { version 6.8 }
                vm fc {
                    kernel six_eight
                    memory secret: memfd_secret 128MiB
                    map secret shared
                    slot 0 gpa 0x0 userspace secret
                    clock kvmclock
                }
                """);
        FIXTURES.put("imports/scenario.vmem", """
                import "machine.vmem"

                scenario boot {
                    vm fc
                    step guest vcpu 0 write gpa 0x1000 expect ok
                }
                """);
        FIXTURES.put("imports/through.vmem", """
                import "scenario.vmem"
                """);
        FIXTURES.put("imports/missing.vmem", """
                import "nowhere.vmem"

                vm v {
                    memory ram: memfd 64MiB
                }
                """);
        FIXTURES.put("broken/syntax.vmem", """
                kernel k { version 6.18 arch x86_64 }
                vm v {
                    kernel k
                    memory ram: memfd 64MiB
                    slot 0 gpa userspace ram
                }
                """);
        FIXTURES.put("broken/duplicate-setting.vmem", """
                kernel k {
                    version 6.18
                    version 6.19
                    arch x86_64
                }
                vm v {
                    kernel k
                    memory ram: memfd 64MiB
                    map ram shared
                    slot 0 gpa 0x0 userspace ram
                }
                """);
        FIXTURES.put("broken/unresolved.vmem", """
                vm v {
                    kernel nosuch
                    memory ram: memfd 64MiB
                    slot 0 gpa 0x0 userspace other
                }
                """);
        FIXTURES.put("broken/numbers.vmem", """
                kernel k { version 6.18 arch x86_64 }
                vm v {
                    kernel k
                    memory ram: memfd 99999999999999999999999GiB
                    slot 0 gpa 0x userspace ram
                }
                """);
        FIXTURES.put("broken/duplicate-name.vmem", """
                kernel k { version 6.18 arch x86_64 }
                kernel k { version 7.0 arch x86_64 }
                """);
    }

    private static LspFixture server;

    @BeforeAll
    static void write(LspFixture fixture) throws Exception {
        server = fixture;
        for (var e : FIXTURES.entrySet()) {
            server.write(e.getKey(), e.getValue());
        }
        for (Path example : examples()) {
            server.write(name(example), Files.readString(example));
        }
    }

    static List<Path> examples() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent().resolve("examples");
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".vmem")).sorted().toList();
        }
    }

    static String name(Path example) {
        Path root = Path.of("").toAbsolutePath().getParent();
        return root.relativize(example).toString().replace('\\', '/');
    }

    static List<String> cases() throws IOException {
        var all = new ArrayList<String>(FIXTURES.keySet());
        examples().forEach(e -> all.add(name(e)));
        return all;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void cliAndLanguageServerShowTheSameProblems(String name) throws Exception {
        TreeSet<String> cli = cli(name);
        String uri = server.open(name, Files.readString(server.root.resolve(name)));
        TreeSet<String> lsp = lsp(server.diagnostics(uri));
        server.close(uri);
        assertThat(lsp).as("language server vs CLI on %s", name).isEqualTo(cli);
    }

    /** The comparison sees what it should: the fixtures give problems of every stage. */
    @Test
    void theFixturesCoverSyntaxStructureEngineAndImports() throws Exception {
        var codes = new TreeSet<String>();
        var related = new TreeSet<String>();
        for (String name : FIXTURES.keySet()) {
            for (String p : cli(name)) {
                codes.add(p.substring(0, p.indexOf(' ')));
                if (p.contains("here, in an imported file")) {
                    related.add(name);
                }
            }
        }
        assertThat(codes).contains("syntax-error", "duplicate-setting", "unresolved-reference", "unresolved-import",
                "duplicate-name", "unknown-kernel-version", "expectation-failed");
        assertThat(related).contains("imports/uses-kernel.vmem", "imports/scenario.vmem", "imports/through.vmem");
    }

    private static TreeSet<String> cli(String name) {
        String json = CliRunner.run(server.root, "check", "--format", "json", name).out();
        JsonObject report = JsonParser.parseString(json).getAsJsonObject();
        var problems = new TreeSet<String>();
        for (JsonElement file : report.getAsJsonArray("files")) {
            for (JsonElement e : file.getAsJsonObject().getAsJsonArray("findings")) {
                JsonObject f = e.getAsJsonObject();
                var related = new ArrayList<String>();
                JsonArray rel = f.has("related") ? f.getAsJsonArray("related") : new JsonArray();
                for (JsonElement r : rel) {
                    JsonObject o = r.getAsJsonObject();
                    related.add(place(o.get("path").getAsString(), o) + " " + collapse(o.get("message").getAsString()));
                }
                problems.add(f.get("code").getAsString() + " " + f.get("severity").getAsString() + " "
                        + span(f) + " " + related);
            }
        }
        return problems;
    }

    private static TreeSet<String> lsp(List<Diagnostic> diagnostics) throws IOException {
        var problems = new TreeSet<String>();
        for (Diagnostic d : diagnostics) {
            var related = new ArrayList<String>();
            if (d.getRelatedInformation() != null) {
                for (DiagnosticRelatedInformation r : d.getRelatedInformation()) {
                    Path file = Path.of(java.net.URI.create(r.getLocation().getUri()));
                    String path = server.root.toRealPath().relativize(file.toRealPath()).toString().replace('\\', '/');
                    related.add(path + ":" + span(r.getLocation().getRange()) + " " + collapse(r.getMessage()));
                }
            }
            String severity = switch (d.getSeverity()) {
                case Error -> "error";
                case Warning -> "warning";
                case Information, Hint -> "info";
            };
            problems.add(LspFixture.code(d) + " " + severity + " " + span(d.getRange()) + " " + related);
        }
        return problems;
    }

    private static String place(String path, JsonObject o) {
        return path.replace('\\', '/') + ":" + span(o);
    }

    private static String span(JsonObject o) {
        return o.get("line").getAsInt() + ":" + o.get("column").getAsInt() + "-" + o.get("endLine").getAsInt() + ":"
                + o.get("endColumn").getAsInt();
    }

    private static String span(Range r) {
        return (r.getStart().getLine() + 1) + ":" + (r.getStart().getCharacter() + 1) + "-" + (r.getEnd().getLine() + 1)
                + ":" + (r.getEnd().getCharacter() + 1);
    }

    private static String collapse(String s) {
        return s.strip().replaceAll("\\s+", " ");
    }
}
