package dev.vmem.server.lsp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import dev.vmem.server.support.OptionalTools;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Real clients against the real server process ({@code java … dev.vmem.server.Main}, the jar's main
 * class, on the test class path): Neovim 0.7.2 headless and a Node client built on
 * vscode-languageserver-protocol. Each runs when its tool is installed and is skipped otherwise
 * ({@code apt-get install -y neovim nodejs npm}; the Node client's packages come from its own
 * package-lock.json with {@code npm ci} in src/test/clients/node).
 */
@Tag(OptionalTools.TAG)
class RealClientsTest {

    static final Path MODULE = Path.of("").toAbsolutePath();
    static final Path REPO = dev.vmem.testing.Repository.root();
    static final Path CLIENTS = MODULE.resolve("src/test/clients");

    /** The server command: this JVM's java, the test class path, the jar's main class. */
    static List<String> serverCommand() {
        String java = ProcessHandle.current().info().command().orElse("java");
        return List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                "dev.vmem.server.Main");
    }

    record Run(int exit, String out) {
    }

    static Run run(List<String> command, java.util.Map<String, String> env, Path cwd) throws IOException, InterruptedException {
        var builder = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process p = builder.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    @Test
    void neovimShowsTheCodesEachSpecExampleExpects() throws Exception {
        OptionalTools.require(OptionalTools.onPath("nvim"), "Neovim client test (RealClientsTest)", "nvim is not on PATH",
                "apt-get install neovim, or brew install neovim");
        var spec = dev.vmem.testing.Examples.spec();
        List<String> files = spec.stream().map(dev.vmem.testing.Examples::relative).toList();
        // What each file must show: its header's codes as corrected by examples/expect-corrections.txt.
        List<String> expected = spec.stream().map(p -> {
            var codes = dev.vmem.testing.Examples.expectedCodes(p, dev.vmem.dsl.text.ExpectHeaders::codes);
            return codes.isEmpty() ? "none" : String.join(",", codes);
        }).toList();
        var env = new java.util.HashMap<String, String>();
        env.put("VMEM_CMD", String.join(" ", serverCommand()));
        env.put("VMEM_FILES", String.join(" ", files));
        env.put("VMEM_EXPECTED", String.join(" ", expected));
        env.put("XDG_CACHE_HOME", Files.createTempDirectory("nvim-cache").toString());
        Run r = run(List.of("nvim", "--headless", "--clean", "-u", "NONE", "-c",
                "luafile " + CLIENTS.resolve("nvim/check.lua")), env, REPO);
        assertThat(r.out()).as(r.out()).doesNotContain("FAIL");
        assertThat(r.out().lines().filter(l -> l.startsWith("OK ")).count()).as(r.out()).isEqualTo(files.size());
        assertThat(r.exit()).as(r.out()).isZero();
    }

    @Test
    void nodeClientDrivesHoverCompletionAQuickFixAndARename() throws Exception {
        Path node = CLIENTS.resolve("node");
        OptionalTools.require(OptionalTools.onPath("node"), "Node client test (RealClientsTest)", "node is not on PATH",
                "apt-get install nodejs npm, then cd language-server/src/test/clients/node && npm ci");
        OptionalTools.require(Files.isDirectory(node.resolve("node_modules/vscode-languageserver-protocol")),
                "Node client test (RealClientsTest)", "the Node client's packages are not installed",
                "cd language-server/src/test/clients/node && npm ci");
        var command = new ArrayList<>(List.of("node", node.resolve("client.js").toString(), "--"));
        command.addAll(serverCommand());
        Run r = run(command, java.util.Map.of(), REPO);
        assertThat(r.out()).as(r.out()).contains("PASS").doesNotContain("FAIL");
        assertThat(r.exit()).as(r.out()).isZero();
    }
}
