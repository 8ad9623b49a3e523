package dev.vmem.server.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The language server under a hostile or careless client, in this JVM over JSON-RPC on pipes
 * (docs/robustness.md): malformed frames, unknown methods, wrong parameters, edits out of range,
 * requests about documents that are not open, storms of cancelled requests, and a hundred documents
 * edited at once. Every request gets an answer (a result or an error) in bounded time, and the rest
 * of the workspace keeps working: after each abuse a well-formed document still gets its diagnostics.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class LspProtocolRobustnessTest {

    private static final String GOOD = """
            kernel k { version 6.18 }
            vm v {
                kernel k
                memory ram: memfd_secret 256MiB
                map ram shared
                slot 0 gpa 0x0 userspace ram
            }
            """;

    @TempDir
    Path ws;

    private Servers.InProcess server;
    private LspWire wire;
    private String good;

    @BeforeEach
    void start() throws Exception {
        server = new Servers.InProcess();
        wire = server.wire;
        JsonObject init = wire.initialize(Servers.uri(ws));
        assertThat(init.has("result")).as("initialize: %s", init).isTrue();
        good = Servers.uri(Files.writeString(ws.resolve("good.vmem"), GOOD));
        wire.open(good, GOOD);
        wire.awaitDiagnostics(good, d -> LspWire.hasCode(d, "gup-on-secret-memory"), 60);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    /** The document opened first still gets a fresh, correct publication after an edit, and answers a request. */
    private void stillWorks(int version) throws Exception {
        String text = GOOD.replace("memfd_secret", "memfd");
        wire.changeAll(good, version, text);
        wire.awaitDiagnostics(good, d -> !LspWire.hasCode(d, "gup-on-secret-memory"), 60);
        wire.changeAll(good, version + 1, GOOD);
        wire.awaitDiagnostics(good, d -> LspWire.hasCode(d, "gup-on-secret-memory"), 60);
        JsonObject symbols = wire.call("textDocument/documentSymbol", Map.of("textDocument", Map.of("uri", good)), 60);
        assertThat(symbols.get("result").isJsonArray()).as("documentSymbol: %s", symbols).isTrue();
        assertThat(wire.protocolErrors()).as("frames from the server that are not JSON-RPC").isEmpty();
    }

    @Test
    void malformedFramesAreSurvived() throws Exception {
        for (String body : List.of("not json", "{", "[]", "[1, 2]", "42", "null", "\"text\"", "{}",
                "{\"jsonrpc\":\"2.0\"}", "{\"jsonrpc\":\"2.0\",\"id\":{\"a\":1},\"method\":\"initialize\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":1e999,\"method\":\"textDocument/hover\"}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":7}}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didChange\",\"params\":null}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":"
                        + "{\"uri\":\"file:///nowhere/\\u0000.vmem\",\"languageId\":\"vmem\",\"version\":1,\"text\":\"x\"}}}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":"
                        + "{\"uri\":\"::not a uri::\",\"languageId\":\"vmem\",\"version\":1,\"text\":\"vm v {\"}}}",
                "\u0000\u0001\u0002", "{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"result\":42}")) {
            wire.frame(body);
        }
        // A header the server does not know, a frame without Content-Length, and stray blank lines.
        wire.raw("X-Unknown: 1\r\nContent-Length: 2\r\n\r\n{}".getBytes(StandardCharsets.US_ASCII));
        wire.raw("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length: 2\r\n\r\n{}"
                .getBytes(StandardCharsets.US_ASCII));

        stillWorks(2);
    }

    /**
     * A didOpen without text (or with null text) for a file that does not exist: Xtext would read the
     * file on every later build and fail in its Indexer (FileNotFoundException), so no document would
     * get diagnostics any more. The server opens such a document as empty.
     */
    @Test
    void aDidOpenWithoutTextDoesNotStopTheOtherDocuments() throws Exception {
        for (int i = 0; i < 3; i++) {
            wire.frame("{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":"
                    + "{\"uri\":\"file:///nowhere/" + i + ".vmem\",\"languageId\":\"vmem\",\"version\":1}}}");
            stillWorks(2 + 2 * i);
        }
    }

    @Test
    void unknownMethodsAndWrongParametersGetErrors() throws Exception {
        // JSON-RPC says -32601 (method not found); Xtext's LanguageServerImpl answers -32603 (internal
        // error, with its stack trace as data). Either way an error, and the server carries on.
        JsonObject unknown = wire.call("vmem/noSuchMethod", Map.of("x", 1), 30);
        assertThat(errorCode(unknown)).as("unknown method: %s", unknown).isIn(-32601, -32603);

        wire.notify("vmem/noSuchNotification", Map.of("x", 1));
        wire.notify("$/noSuchNotification", Map.of());

        for (Object params : List.of(42, "text", List.of(1, 2), Map.of("textDocument", 7),
                Map.of("textDocument", Map.of("uri", good), "position", Map.of("line", "x")))) {
            JsonObject hover = wire.call("textDocument/hover", params, 30);
            assertThat(hover.has("result") || hover.has("error")).as("hover with %s: %s", params, hover).isTrue();
        }
        JsonObject noParams = wire.call("textDocument/completion", null, 30);
        assertThat(noParams.has("result") || noParams.has("error")).isTrue();

        stillWorks(2);
    }

    @Test
    void editsOutOfRangeDoNotBreakTheDocumentOrTheServer() throws Exception {
        String other = Servers.uri(Files.writeString(ws.resolve("other.vmem"), GOOD));
        wire.open(other, GOOD);
        int version = 2;
        for (Map<String, Object> range : List.of(LspWire.range(1000, 0, 1000, 5), LspWire.range(0, 500, 0, 600),
                LspWire.range(-1, -1, 0, 0), LspWire.range(3, 0, 1, 0), LspWire.range(0, 0, 2_000_000_000, 0),
                LspWire.range(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE))) {
            wire.notify("textDocument/didChange", Map.of("textDocument", Map.of("uri", other, "version", version++),
                    "contentChanges", List.of(Map.of("range", range, "text", "vm x {"))));
        }
        // An edit of a document that is not open, and one with a version from the past.
        wire.notify("textDocument/didChange", Map.of("textDocument", Map.of("uri", Servers.uri(ws.resolve("nope.vmem")),
                "version", 5), "contentChanges", List.of(Map.of("range", LspWire.range(0, 0, 0, 0), "text", "x"))));
        wire.notify("textDocument/didChange", Map.of("textDocument", Map.of("uri", other, "version", 0),
                "contentChanges", List.of(Map.of("text", GOOD))));

        // Whatever the document became, a whole-text change puts it right.
        wire.changeAll(other, 100, "vm w { kernel missing_kernel }\n");
        wire.awaitDiagnostics(other, d -> d.size() == 1 && LspWire.hasCode(d, "unresolved-reference"), 60);
        stillWorks(2);
    }

    @Test
    void requestsAboutDocumentsThatAreNotOpenGetAnswers() throws Exception {
        String onDisk = Servers.uri(Files.writeString(ws.resolve("closed.vmem"), GOOD));
        String missing = Servers.uri(ws.resolve("missing.vmem"));
        String outside = "file:///nonexistent-vmem-folder/x.vmem";
        String closed = Servers.uri(Files.writeString(ws.resolve("was-open.vmem"), GOOD));
        wire.open(closed, GOOD);
        wire.notify("textDocument/didClose", Map.of("textDocument", Map.of("uri", closed)));
        wire.notify("textDocument/didClose", Map.of("textDocument", Map.of("uri", missing)));

        for (String uri : List.of(onDisk, missing, outside, closed, "untitled:Untitled-1", "http://example.com/a.vmem")) {
            for (String method : List.of("textDocument/hover", "textDocument/completion", "textDocument/definition",
                    "textDocument/references", "textDocument/documentHighlight", "textDocument/prepareRename")) {
                Map<String, Object> params = new java.util.HashMap<>(LspWire.docPos(uri, 1, 3));
                if (method.endsWith("references")) {
                    params.put("context", Map.of("includeDeclaration", true));
                }
                assertAnswered(method, uri, wire.call(method, params, 30));
            }
            Map<String, Object> doc = Map.of("textDocument", Map.of("uri", uri));
            for (String method : List.of("textDocument/documentSymbol", "textDocument/foldingRange",
                    "textDocument/semanticTokens/full", "textDocument/codeLens")) {
                assertAnswered(method, uri, wire.call(method, doc, 30));
            }
            assertAnswered("formatting", uri, wire.call("textDocument/formatting",
                    Map.of("textDocument", Map.of("uri", uri), "options", Map.of("tabSize", 4, "insertSpaces", true)), 30));
            assertAnswered("codeAction", uri, wire.call("textDocument/codeAction", Map.of("textDocument",
                    Map.of("uri", uri), "range", LspWire.range(0, 0, 1, 0), "context", Map.of("diagnostics", List.of())), 30));
            assertAnswered("inlayHint", uri, wire.call("textDocument/inlayHint",
                    Map.of("textDocument", Map.of("uri", uri), "range", LspWire.range(0, 0, 10, 0)), 30));
        }
        stillWorks(2);
    }

    @Test
    void aStormOfCancelledRequestsIsAnsweredInFull() throws Exception {
        var ids = new ArrayList<String>();
        List<String> methods = List.of("textDocument/completion", "textDocument/hover", "textDocument/documentSymbol",
                "textDocument/semanticTokens/full", "textDocument/inlayHint", "textDocument/formatting");
        for (int i = 0; i < 600; i++) {
            String method = methods.get(i % methods.size());
            Object params = switch (method) {
                case "textDocument/documentSymbol", "textDocument/semanticTokens/full" ->
                        Map.of("textDocument", Map.of("uri", good));
                case "textDocument/inlayHint" -> Map.of("textDocument", Map.of("uri", good), "range", LspWire.range(0, 0, 9, 0));
                case "textDocument/formatting" -> Map.of("textDocument", Map.of("uri", good),
                        "options", Map.of("tabSize", 4, "insertSpaces", true));
                default -> LspWire.docPos(good, 3 + i % 4, i % 20);
            };
            String id = wire.request(method, params);
            ids.add(id);
            if (i % 5 != 4) { // four in five cancelled at once, some twice, one in five left alone
                wire.notify("$/cancelRequest", Map.of("id", Integer.parseInt(id)));
            }
            if (i % 50 == 0) {
                wire.notify("$/cancelRequest", Map.of("id", 999_999_999)); // a request that never was
                wire.changeAll(good, 2 + i, GOOD + "\n// edit " + i + "\n");
            }
        }
        for (String id : ids) {
            JsonObject r = wire.response(id, 120);
            if (r.has("error")) {
                assertThat(errorCode(r)).as("error of request %s: %s", id, r).isEqualTo(-32800); // RequestCancelled
            }
        }
        stillWorks(10_000);
    }

    @Test
    void aHundredDocumentsEditedAtOnceEachEndWithTheirOwnDiagnostics() throws Exception {
        int documents = 100;
        var uris = new ArrayList<String>();
        for (int i = 0; i < documents; i++) {
            String text = "kernel k" + i + " { version 6.18 }\nvm v" + i + " { kernel k" + i + " }\n";
            uris.add(Servers.uri(Files.writeString(ws.resolve("doc" + i + ".vmem"), text)));
            wire.open(uris.get(i), text);
        }
        ExecutorService editors = Executors.newFixedThreadPool(4);
        try {
            var done = new ArrayList<Future<?>>();
            for (int t = 0; t < 4; t++) {
                int first = t;
                done.add(editors.submit(() -> {
                    for (int round = 0; round < 15; round++) {
                        for (int i = first; i < documents; i += 4) {
                            String text = round < 14
                                    ? "kernel k" + i + " { version 6." + round + " }\nvm v" + i + " { kernel k" + i + " }\n"
                                    : "vm v" + i + " { kernel missing_" + i + " }\n";
                            wire.changeAll(uris.get(i), 2 + round, text);
                            if (round % 5 == 0) {
                                wire.request("textDocument/hover", LspWire.docPos(uris.get(i), 1, 16));
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            editors.shutdownNow();
        }
        for (int i = 0; i < documents; i++) {
            String missing = "missing_" + i;
            JsonArray d = wire.awaitDiagnostics(uris.get(i), a -> a.size() == 1
                    && a.get(0).getAsJsonObject().get("message").getAsString().contains(missing), 120);
            assertThat(d.get(0).getAsJsonObject().get("code").getAsString()).isEqualTo("unresolved-reference");
        }
        stillWorks(2);
    }

    @Test
    void theConnectionEndsWhenTheClientCloses() throws Exception {
        JsonObject shutdown = wire.call("shutdown", null, 30);
        assertThat(shutdown.has("result")).as("shutdown: %s", shutdown).isTrue();
        wire.notify("exit", null);
        wire.close();
        server.listening.get(30, TimeUnit.SECONDS);
        assertThat(server.listening.isDone()).isTrue();
    }

    private static void assertAnswered(String method, String uri, JsonObject response) {
        assertThat(response.has("result") || response.has("error")).as("%s on %s: %s", method, uri, response).isTrue();
        if (response.has("error")) {
            // An error is an answer, but never an internal one about a missing document.
            JsonElement message = response.getAsJsonObject("error").get("message");
            assertThat(message == null ? "" : message.getAsString()).as("%s on %s", method, uri)
                    .doesNotContain("NullPointerException");
        }
    }

    private static int errorCode(JsonObject response) {
        return response.has("error") ? response.getAsJsonObject("error").get("code").getAsInt() : 0;
    }
}
