package dev.vmem.server.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real server process over a real standard input/output pipe (docs/robustness.md):
 * {@code java -jar vmem.jar} when the jar is up to date, else the same main class on the test class
 * path (see {@link Servers#serverCommand()}), with a 1 MiB thread stack. It answers malformed input
 * with errors and carries on, writes nothing but protocol frames to standard output, and ends in
 * bounded time: with exit code 0 after {@code shutdown} and {@code exit}, 1 after {@code exit}
 * alone (as LSP says), and when the client disappears (its end of the pipe closed), also in the
 * middle of requests.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class LspStdioProcessTest {

    private static final String TEXT = """
            kernel k { version 6.18 }
            vm v { kernel k memory ram: memfd_secret 64MiB map ram shared slot 0 gpa 0x0 userspace ram }
            """;

    @TempDir
    Path ws;

    private Process process;
    private LspWire wire;

    private void start() throws IOException {
        List<String> command = Servers.serverCommand();
        process = new ProcessBuilder(command).directory(ws.toFile())
                .redirectError(ws.resolve("server.log").toFile()).start();
        wire = new LspWire(process.getInputStream(), process.getOutputStream());
    }

    @AfterEach
    void stop() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }

    private String openDocument() throws Exception {
        assertThat(wire.initialize(Servers.uri(ws)).has("result")).isTrue();
        String uri = Servers.uri(Files.writeString(ws.resolve("a.vmem"), TEXT));
        wire.open(uri, TEXT);
        wire.awaitDiagnostics(uri, d -> LspWire.hasCode(d, "gup-on-secret-memory"), 120);
        return uri;
    }

    private int exitCode(long seconds) throws InterruptedException {
        assertThat(process.waitFor(seconds, TimeUnit.SECONDS)).as("the server ended within %d s", seconds).isTrue();
        return process.exitValue();
    }

    @Test
    void shutdownThenExitEndsTheProcessWithZero() throws Exception {
        start();
        openDocument();
        assertThat(wire.call("shutdown", null, 30).has("result")).isTrue();
        wire.notify("exit", null);
        assertThat(exitCode(30)).isZero();
        assertThat(wire.awaitClosed(10)).isTrue();
        assertThat(wire.protocolErrors()).as("standard output carries protocol frames only").isEmpty();
    }

    @Test
    void exitWithoutShutdownEndsTheProcessWithOne() throws Exception {
        start();
        openDocument();
        wire.notify("exit", null);
        assertThat(exitCode(30)).isEqualTo(1);
    }

    @Test
    void aClientThatDisappearsEndsTheServer() throws Exception {
        start();
        String uri = openDocument();
        for (int i = 0; i < 50; i++) { // requests still in flight when the client goes
            wire.request("textDocument/hover", LspWire.docPos(uri, 1, 40));
            wire.changeAll(uri, 2 + i, TEXT + "// " + i + "\n");
        }
        process.getOutputStream().close();
        exitCode(60);
    }

    @Test
    void aClientThatDisappearsBeforeInitializeEndsTheServer() throws Exception {
        start();
        process.getOutputStream().close();
        exitCode(60);
    }

    /**
     * A Content-Length that lies (2 GB, more than an int, negative) loses the framing, which no protocol
     * can recover; the server must neither crash nor allocate the 2 GB, and still ends when the client goes.
     */
    @Test
    void aFrameWithAFalseLengthCostsTheConnectionNotTheProcess() throws Exception {
        for (String length : List.of("2000000000", "99999999999", "-5")) {
            start();
            openDocument();
            wire.raw(("Content-Length: " + length + "\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII));
            wire.request("textDocument/documentSymbol", Map.of("textDocument", Map.of("uri", Servers.uri(ws.resolve("a.vmem")))));
            Thread.sleep(500);
            assertThat(process.isAlive()).as("alive after Content-Length: %s", length).isTrue();
            process.getOutputStream().close();
            exitCode(60);
            assertThat(Files.readString(ws.resolve("server.log"))).doesNotContain("OutOfMemoryError");
        }
    }

    @Test
    void garbageOnTheWireGetsErrorsAndTheSessionCarriesOn() throws Exception {
        start();
        String uri = openDocument();
        wire.frame("not json at all");
        wire.frame("{\"jsonrpc\":\"2.0\",\"id\":77,\"method\":\"textDocument/hover\",\"params\":\"nonsense\"}");
        wire.raw("X-Unknown: yes\r\nContent-Length: 2\r\n\r\n{}".getBytes(StandardCharsets.US_ASCII));
        JsonObject unknown = wire.call("vmem/noSuchMethod", Map.of(), 30);
        assertThat(unknown.has("error")).as("unknown method: %s", unknown).isTrue();
        JsonObject malformed = wire.responseFor("77", 30);
        assertThat(malformed.has("error") || malformed.has("result")).isTrue();

        wire.changeAll(uri, 2, TEXT.replace("memfd_secret", "memfd"));
        wire.awaitDiagnostics(uri, d -> !LspWire.hasCode(d, "gup-on-secret-memory"), 120);
        assertThat(wire.call("shutdown", null, 30).has("result")).isTrue();
        wire.notify("exit", null);
        assertThat(exitCode(30)).isZero();
        assertThat(wire.protocolErrors()).as("standard output carries protocol frames only").isEmpty();
    }
}
