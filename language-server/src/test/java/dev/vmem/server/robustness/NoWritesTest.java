package dev.vmem.server.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server writes no file and the CLI writes only {@code -o} (design §5, docs/robustness.md): both
 * run over a copy of examples/ (with an import added), doing everything that could tempt them to
 * write (every output format, a report file, opening, editing, saving, formatting, renaming, asking
 * for fixes, closing), and afterwards every file and folder of the copy is exactly as before — same
 * content, same modification time — and nothing new appeared but the report.
 */
class NoWritesTest {

    @TempDir
    Path tmp;

    private Path workspace() throws IOException {
        Path examples = Servers.repositoryRoot().resolve("examples");
        Path ws = tmp.resolve("ws");
        try (Stream<Path> files = Files.walk(examples)) {
            for (Path p : files.toList()) {
                Path target = ws.resolve(examples.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        Files.writeString(ws.resolve("profiles.vmem"), "kernel shared_profile { version 6.18 }\n");
        Files.writeString(ws.resolve("uses-import.vmem"), "import \"profiles.vmem\"\nvm v { kernel shared_profile }\n");
        return ws;
    }

    /**
     * Every entry below {@code root}: path → kind, size, modification time and SHA-256 of its content.
     * Folders only by name when {@code folderTimes} is false (a report written into a folder changes it).
     */
    private static Map<String, String> snapshot(Path root, boolean folderTimes) throws IOException {
        var out = new TreeMap<String, String>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.toList()) {
                var a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                String content = a.isRegularFile() ? sha256(Files.readAllBytes(p)) : "";
                out.put(root.relativize(p).toString(), a.isDirectory() && !folderTimes ? "d"
                        : (a.isDirectory() ? "d " : "f ") + a.size() + " " + a.lastModifiedTime().toMillis() + " " + content);
            }
        }
        return out;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theCliWritesOnlyItsReport() throws IOException {
        Path ws = workspace();
        Map<String, String> before = snapshot(ws, false);

        for (String format : List.of("text", "json", "sarif", "junit")) {
            CliRun.run(ws, "check", "--format", format, "--show-trace", ".");
        }
        CliRun.run(ws, "check", "--format", "sarif", "-o", "report.sarif", ".");
        CliRun.run(ws, "check", "-o", "spec/report.txt", "spec", "missing.vmem");

        Map<String, String> after = snapshot(ws, false);
        assertThat(after.keySet()).containsAll(before.keySet());
        assertThat(after).containsAllEntriesOf(before);
        assertThat(after.keySet()).filteredOn(k -> !before.containsKey(k))
                .containsExactlyInAnyOrder("report.sarif", "spec/report.txt");
    }

    @Test
    void theServerWritesNothing() throws Exception {
        Path ws = workspace();
        Map<String, String> before = snapshot(ws, true);

        try (var server = new Servers.InProcess()) {
            var wire = server.wire;
            wire.initialize(Servers.uri(ws));
            List<Path> files;
            try (Stream<Path> all = Files.walk(ws)) {
                files = all.filter(p -> p.toString().endsWith(".vmem")).sorted().toList();
            }
            int version = 2;
            for (Path file : files) {
                String uri = Servers.uri(file);
                String text = Files.readString(file);
                wire.open(uri, text);
                wire.awaitDiagnostics(uri, d -> true, 120);
                wire.call("textDocument/formatting", Map.of("textDocument", Map.of("uri", uri),
                        "options", Map.of("tabSize", 2, "insertSpaces", true)), 60);
                wire.call("textDocument/rename", Map.of("textDocument", Map.of("uri", uri),
                        "position", Map.of("line", text.lines().takeWhile(l -> !l.startsWith("vm ")).count(), "character", 4),
                        "newName", "renamed"), 60);
                wire.call("textDocument/codeAction", Map.of("textDocument", Map.of("uri", uri),
                        "range", LspWire.range(0, 0, (int) text.lines().count(), 0),
                        "context", Map.of("diagnostics", wire.latestDiagnostics(uri) == null ? List.of()
                                : wire.latestDiagnostics(uri))), 60);
                wire.changeAll(uri, version++, text + "\n// edited\n");
                wire.notify("textDocument/willSave", Map.of("textDocument", Map.of("uri", uri), "reason", 1));
                wire.notify("textDocument/didSave", Map.of("textDocument", Map.of("uri", uri), "text", text));
                wire.notify("workspace/didChangeWatchedFiles", Map.of("changes", List.of(Map.of("uri", uri, "type", 2))));
                wire.notify("textDocument/didClose", Map.of("textDocument", Map.of("uri", uri)));
            }
            wire.call("workspace/symbol", Map.of("query", ""), 60);
            assertThat(wire.call("shutdown", null, 60).has("result")).isTrue();
            wire.notify("exit", null);
            wire.close();
            server.listening.get(30, TimeUnit.SECONDS);
        }

        assertThat(snapshot(ws, true)).isEqualTo(before);
    }
}
