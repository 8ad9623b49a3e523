package dev.vmem.server.lsp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.junit.jupiter.api.Test;

/** {@code --socket PORT}: the server on 127.0.0.1, one client after the other. */
class SocketLauncherTest {

    @Test
    void servesClientsOneAfterTheOtherOnLoopback() throws Exception {
        var err = new ByteArrayOutputStream();
        var thread = new Thread(() -> VMemLanguageServerLauncher.run(new String[] {"--socket", "0"},
                new PrintStream(err, true, StandardCharsets.UTF_8)), "socket-launcher-test");
        thread.setDaemon(true);
        thread.start();
        var listening = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
        int port = -1;
        for (int i = 0; i < 600 && port < 0; i++) {
            var m = listening.matcher(err.toString(StandardCharsets.UTF_8));
            if (m.find()) {
                port = Integer.parseInt(m.group(1));
            } else {
                Thread.sleep(50);
            }
        }
        assertThat(port).as(err.toString(StandardCharsets.UTF_8)).isPositive();
        var dir = Files.createTempDirectory("vmem-socket-test");
        for (int client = 0; client < 2; client++) {
            try (var socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                var engineRan = new CompletableFuture<PublishDiagnosticsParams>();
                var testClient = new LspFixture.Client() {
                    @Override
                    public void publishDiagnostics(PublishDiagnosticsParams p) {
                        if (p.getDiagnostics().stream().anyMatch(d -> "direct-map-exposure".equals(LspFixture.code(d)))) {
                            engineRan.complete(p);
                        }
                    }
                };
                var launcher = LSPLauncher.createClientLauncher(testClient, socket.getInputStream(), socket.getOutputStream());
                launcher.startListening();
                var server = launcher.getRemoteProxy();
                server.initialize(LspFixture.params(dir.toUri().toString(), null)).get(60, TimeUnit.SECONDS);
                server.initialized(new InitializedParams());
                String uri = dir.resolve("c" + client + ".vmem").toUri().toString();
                server.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, "vmem", 1,
                        InitializeTest.GOOD)));
                assertThat(engineRan.get(60, TimeUnit.SECONDS).getDiagnostics()).isNotEmpty();
                server.shutdown().get(10, TimeUnit.SECONDS);
                server.exit();
            }
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("client connected").doesNotContain("cannot listen");
        assertThat(List.of(thread.isAlive())).containsExactly(true); // still waiting for the next client
    }
}
