package dev.vmem.server.robustness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.google.gson.JsonArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Limits, end to end (docs/robustness.md): the engine's work budget stops a runaway file with an
 * {@code analysis-incomplete} warning in the CLI's report; and inputs built to exhaust the stack or
 * the heap (100,000 nested or unclosed braces, blocks, comments and strings, 100,000 declarations,
 * imports, slots and steps, a 4 MB name) are checked by {@code vmem check} and by the language
 * server without StackOverflowError or OutOfMemoryError, with a bounded report, in bounded time.
 * The server handles requests on threads with the JVM's default stack (1 MiB), so it is the harder
 * case: it must publish diagnostics for each of them and still serve a well-formed document after.
 */
class LimitsEndToEndTest {

    private static final Duration BOUND = Duration.ofSeconds(180);
    private static final int N = 100_000;

    @TempDir
    Path dir;

    /** Inputs that grow what a recursive parser, linker, validator or formatter would recurse on. */
    static Map<String, Supplier<String>> hostile() {
        var m = new LinkedHashMap<String, Supplier<String>>();
        m.put("100k-open-braces", () -> "{".repeat(N));
        m.put("100k-close-braces", () -> "}".repeat(N));
        m.put("100k-nested-vms", () -> "vm v {".repeat(N));
        m.put("100k-nested-kernels", () -> "kernel k {".repeat(N));
        m.put("50k-unclosed-scenarios", () -> "scenario s { vm v step ".repeat(N / 2));
        m.put("100k-comment-openers", () -> "/*".repeat(N));
        m.put("100k-quotes", () -> "\"".repeat(N));
        m.put("100k-imports", () -> "import \"a.vmem\"\n".repeat(N));
        m.put("100k-slots", () -> {
            var t = new StringBuilder("kernel k { version 6.18 }\nvm v { kernel k\n");
            for (int i = 0; i < N; i++) {
                t.append("slot ").append(i).append(" gpa 0x").append(Integer.toHexString(i)).append("000 size 4K\n");
            }
            return t.append("}\n").toString();
        });
        m.put("100k-steps", () -> "kernel k { version 6.18 }\nvm v { kernel k }\nscenario s { vm v\n"
                + "step hibernate\n".repeat(N) + "}\n");
        m.put("100k-flags", () -> "vm v { memory m: guest_memfd 4K flags " + "mmap | ".repeat(N) + "mmap }");
        m.put("4MB-name", () -> "kernel " + "a".repeat(4_000_000) + " { version 6.18 }\n");
        return m;
    }

    static Stream<Arguments> hostileInputs() {
        return hostile().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileInputs")
    void theCliChecksItWithoutCrashing(String name, Supplier<String> text) throws IOException {
        Files.writeString(dir.resolve(name + ".vmem"), text.get());
        Files.writeString(dir.resolve("a.vmem"), "kernel imported { version 6.18 }\n");

        CliRun run = assertTimeoutPreemptively(BOUND, () -> CliRun.run(dir, "check", "--max-file-size", "8MiB",
                name + ".vmem"));

        assertThat(run.exitCode()).as("exit code (%s)", run.err()).isIn(0, 1, 2);
        assertThat(run.out() + run.err()).doesNotContain("internal-error").doesNotContain("StackOverflowError")
                .doesNotContain("OutOfMemoryError");
        assertThat(run.lines()).allSatisfy(l -> assertThat(l).startsWith(name + ".vmem"));
    }

    @Test
    void theServerPublishesDiagnosticsForEachAndKeepsWorking() throws Exception {
        String good = "kernel k { version 6.18 }\nvm v { kernel k memory ram: memfd_secret 64MiB map ram shared "
                + "slot 0 gpa 0x0 userspace ram }\n";
        try (var server = new Servers.InProcess()) {
            var wire = server.wire;
            wire.initialize(Servers.uri(dir));
            Files.writeString(dir.resolve("a.vmem"), "kernel imported { version 6.18 }\n");
            String goodUri = Servers.uri(Files.writeString(dir.resolve("good.vmem"), good));
            wire.open(goodUri, good);
            wire.awaitDiagnostics(goodUri, d -> LspWire.hasCode(d, "gup-on-secret-memory"), 120);
            int version = 2;
            for (var e : hostile().entrySet()) {
                if (e.getKey().equals("100k-slots")) {
                    continue; // its own test: aHundredThousandSlotsDoNotStallTheServer
                }
                String uri = Servers.uri(dir.resolve(e.getKey() + ".vmem"));
                String text = e.getValue().get();
                assertTimeoutPreemptively(BOUND, () -> {
                    wire.open(uri, text);
                    wire.awaitDiagnostics(uri, d -> true, BOUND.toSeconds());
                    // The symbols of a hostile document: an answer, not a crash of the request thread.
                    var symbols = wire.call("textDocument/documentSymbol", Map.of("textDocument", Map.of("uri", uri)),
                            BOUND.toSeconds());
                    assertThat(symbols.has("result") || symbols.has("error")).as("documentSymbol on %s", e.getKey()).isTrue();
                }, e.getKey());
                wire.notify("textDocument/didClose", Map.of("textDocument", Map.of("uri", uri)));
                // The well-formed document is still served.
                String edited = version % 2 == 0 ? good.replace("memfd_secret", "memfd") : good;
                boolean secret = version % 2 != 0;
                wire.changeAll(goodUri, version++, edited);
                JsonArray d = wire.awaitDiagnostics(goodUri, a -> LspWire.hasCode(a, "gup-on-secret-memory") == secret,
                        120);
                assertThat(d).isNotNull();
            }
        }
    }

    /**
     * 100,000 slots give some 67,000 engine findings. Turning them into diagnostics once looked up the
     * VM's kernel profile by walking all of the VM's members for each finding (n^2 steps: no
     * publication within minutes); the lookup is now made once per VM.
     */
    @Test
    void aHundredThousandSlotsDoNotStallTheServer() throws Exception {
        try (var server = new Servers.InProcess()) {
            server.wire.initialize(Servers.uri(dir));
            String uri = Servers.uri(dir.resolve("slots.vmem"));
            server.wire.open(uri, hostile().get("100k-slots").get());
            assertTimeoutPreemptively(BOUND, () -> server.wire.awaitDiagnostics(uri, d -> d.size() > 1000, BOUND.toSeconds()));
        }
    }

    /**
     * A file whose VM is brought up again by each of 3,000 scenarios needs more than the engine's
     * budget of 50,000,000 units: the CLI reports what it found, then one analysis-incomplete warning
     * on the scenario where the budget ran out, and fails on --fail-on warning.
     */
    @Test
    void theWorkBudgetStopsARunawayFileWithAnalysisIncomplete() throws IOException {
        var text = new StringBuilder("kernel k { version 6.18 }\nvm big {\n    kernel k\n");
        int slots = 2000;
        text.append("    memory ram: memfd 0x").append(Long.toHexString(slots * 4096L)).append("\n    map ram shared\n");
        for (int i = 0; i < slots; i++) {
            text.append("    slot ").append(i).append(" gpa 0x").append(Long.toHexString(i * 4096L))
                    .append(" size 4K userspace ram offset 0x").append(Long.toHexString(i * 4096L)).append('\n');
        }
        text.append("    clock kvmclock\n}\n");
        int firstScenarioLine = slots + 8;
        for (int j = 0; j < 3000; j++) {
            text.append("scenario s").append(j).append(" { vm big step hibernate }\n");
        }
        Files.writeString(dir.resolve("runaway.vmem"), text);

        CliRun run = assertTimeoutPreemptively(BOUND, () -> CliRun.run(dir, "check", "--fail-on", "warning",
                "runaway.vmem"));

        List<String> incomplete = run.lines().stream().filter(l -> l.endsWith("[analysis-incomplete]")).toList();
        // On the scenario's name (the checker places a finding about a whole declaration on its name).
        assertThat(incomplete).singleElement().asString()
                .matches("runaway\\.vmem:(\\d+):10: warning: .* \\[analysis-incomplete]");
        int line = Integer.parseInt(incomplete.get(0).split(":")[1]);
        assertThat(line).as("the scenario where the budget ran out").isGreaterThan(firstScenarioLine);
        assertThat(run.exitCode()).isEqualTo(1);

        CliRun json = CliRun.run(dir, "check", "--format", "json", "--fail-on", "never", "runaway.vmem");
        assertThat(json.out()).contains("\"code\": \"analysis-incomplete\"").contains("\"severity\": \"warning\"");
        assertThat(json.exitCode()).isZero();
    }
}
