package dev.vmem.server.robustness;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A language client at the level of the wire: it writes JSON-RPC frames ({@code Content-Length}
 * header, JSON body) byte for byte, so it can also write what no well-behaved client would (bad
 * JSON, unknown methods, wrong parameters), and reads every frame the server writes. Works over any
 * pair of streams: pipes to a server in this JVM, or the standard input and output of a process.
 *
 * <p>Requests from the server ({@code workspace/configuration}, {@code client/registerCapability},
 * {@code window/workDoneProgress/create}, …) get a null result, as from a client that offers nothing.
 */
final class LspWire implements AutoCloseable {

    private static final Gson GSON = new Gson();

    private final OutputStream toServer;
    private final InputStream fromServer;
    private final AtomicInteger ids = new AtomicInteger(1000);
    private final Map<String, BlockingQueue<JsonObject>> responses = new ConcurrentHashMap<>();
    private final List<JsonObject> notifications = new CopyOnWriteArrayList<>();
    private final List<String> protocolErrors = new CopyOnWriteArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread reader;
    private final java.util.concurrent.ExecutorService writer = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "lsp-wire-writer");
        t.setDaemon(true);
        return t;
    });

    LspWire(InputStream fromServer, OutputStream toServer) {
        this.fromServer = fromServer;
        this.toServer = toServer;
        this.reader = new Thread(this::readLoop, "lsp-wire-reader");
        reader.setDaemon(true);
        reader.start();
    }

    // ---- writing ----------------------------------------------------------------------------------

    /** Writes {@code body} as one frame with a correct Content-Length. */
    void frame(String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        var frame = new ByteArrayOutputStream();
        frame.writeBytes(("Content-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        frame.writeBytes(bytes);
        raw(frame.toByteArray());
    }

    /**
     * Writes raw bytes (headers and all), exactly as given. Every write happens on one long-lived
     * thread: a PipedInputStream fails ("Write end dead") once the last thread that wrote to it has
     * ended, so writes from short-lived test threads would break the pipe, not the server.
     */
    void raw(byte[] bytes) throws IOException {
        onWriter(() -> {
            toServer.write(bytes);
            toServer.flush();
        });
    }

    private interface PipeAction {
        void run() throws IOException;
    }

    /** Runs {@code action} on the writer thread and waits for it, with its IOException as is. */
    private void onWriter(PipeAction action) throws IOException {
        try {
            writer.submit(() -> {
                action.run();
                return null;
            }).get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException();
        }
    }

    /** Sends a request; returns its id. */
    String request(String method, Object params) throws IOException {
        String id = Integer.toString(ids.incrementAndGet());
        responses.computeIfAbsent(id, k -> new LinkedBlockingQueue<>());
        var message = new JsonObject();
        message.addProperty("jsonrpc", "2.0");
        message.addProperty("id", Integer.parseInt(id));
        message.addProperty("method", method);
        if (params != null) {
            message.add("params", json(params));
        }
        frame(message.toString());
        return id;
    }

    void notify(String method, Object params) throws IOException {
        var message = new JsonObject();
        message.addProperty("jsonrpc", "2.0");
        message.addProperty("method", method);
        if (params != null) {
            message.add("params", json(params));
        }
        frame(message.toString());
    }

    /** Sends a request and waits for its response (the whole response object: result or error). */
    JsonObject call(String method, Object params, long seconds) throws Exception {
        return response(request(method, params), seconds);
    }

    JsonObject response(String id, long seconds) throws InterruptedException {
        JsonObject r = responses.computeIfAbsent(id, k -> new LinkedBlockingQueue<>()).poll(seconds, TimeUnit.SECONDS);
        if (r == null) {
            throw new AssertionError("no response to request " + id + " within " + seconds + " s");
        }
        return r;
    }

    /** A response that arrived for an id this client did not choose (e.g. an error for a malformed request). */
    JsonObject responseFor(String id, long seconds) throws InterruptedException {
        return response(id, seconds);
    }

    // ---- protocol helpers -------------------------------------------------------------------------

    /** initialize (with the folder as root and workspace folder, or none) and initialized. */
    JsonObject initialize(String rootUri) throws Exception {
        var params = new JsonObject();
        params.addProperty("processId", ProcessHandle.current().pid());
        if (rootUri != null) {
            params.addProperty("rootUri", rootUri);
            var folders = new JsonArray();
            var folder = new JsonObject();
            folder.addProperty("uri", rootUri);
            folder.addProperty("name", "ws");
            folders.add(folder);
            params.add("workspaceFolders", folders);
        } else {
            params.add("rootUri", com.google.gson.JsonNull.INSTANCE);
        }
        params.add("capabilities", JsonParser.parseString("""
                {"workspace": {"workspaceFolders": true, "configuration": true},
                 "textDocument": {"documentSymbol": {"hierarchicalDocumentSymbolSupport": true},
                                  "rename": {"prepareSupport": true}, "publishDiagnostics": {}}}"""));
        JsonObject answer = call("initialize", params, 60);
        notify("initialized", new JsonObject());
        return answer;
    }

    void open(String uri, String text) throws IOException {
        notify("textDocument/didOpen", Map.of("textDocument",
                Map.of("uri", uri, "languageId", "vmem", "version", 1, "text", text)));
    }

    void changeAll(String uri, int version, String text) throws IOException {
        notify("textDocument/didChange", Map.of("textDocument", Map.of("uri", uri, "version", version),
                "contentChanges", List.of(Map.of("text", text))));
    }

    static Map<String, Object> range(int l1, int c1, int l2, int c2) {
        return Map.of("start", Map.of("line", l1, "character", c1), "end", Map.of("line", l2, "character", c2));
    }

    static Map<String, Object> docPos(String uri, int line, int character) {
        return Map.of("textDocument", Map.of("uri", uri), "position", Map.of("line", line, "character", character));
    }

    /** The latest diagnostics published for {@code uri} that satisfy {@code test}, waiting up to {@code seconds}. */
    JsonArray awaitDiagnostics(String uri, Predicate<JsonArray> test, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        JsonArray last = null;
        while (System.nanoTime() < deadline) {
            last = latestDiagnostics(uri);
            if (last != null && test.test(last)) {
                return last;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no publication for " + uri + " passed the test within " + seconds + " s; last: " + last);
    }

    JsonArray latestDiagnostics(String uri) {
        JsonArray last = null;
        for (JsonObject n : notifications) {
            if ("textDocument/publishDiagnostics".equals(str(n, "method"))) {
                JsonObject p = n.getAsJsonObject("params");
                if (uri.equals(str(p, "uri"))) {
                    last = p.getAsJsonArray("diagnostics");
                }
            }
        }
        return last;
    }

    static boolean hasCode(JsonArray diagnostics, String code) {
        for (JsonElement d : diagnostics) {
            JsonElement c = d.getAsJsonObject().get("code");
            if (c != null && c.isJsonPrimitive() && code.equals(c.getAsString())) {
                return true;
            }
        }
        return false;
    }

    List<JsonObject> notifications() {
        return notifications;
    }

    /** Frames that were not JSON, or not JSON-RPC: must stay empty (standard output carries the protocol only). */
    List<String> protocolErrors() {
        return protocolErrors;
    }

    /** True once the server closed its output (end of stream). */
    boolean awaitClosed(long seconds) throws InterruptedException {
        return closed.await(seconds, TimeUnit.SECONDS);
    }

    static String str(JsonObject o, String member) {
        JsonElement e = o == null ? null : o.get(member);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }

    static JsonElement json(Object params) {
        return params instanceof JsonElement e ? e : GSON.toJsonTree(params);
    }

    // ---- reading ----------------------------------------------------------------------------------

    private void readLoop() {
        try {
            while (true) {
                String body = readFrame();
                if (body == null) {
                    return;
                }
                JsonObject message;
                try {
                    message = JsonParser.parseString(body).getAsJsonObject();
                } catch (RuntimeException e) {
                    protocolErrors.add(body);
                    continue;
                }
                if (message.has("method") && message.has("id")) {
                    answerServerRequest(message);
                } else if (message.has("method")) {
                    notifications.add(message);
                } else if (message.has("id")) {
                    JsonElement id = message.get("id");
                    String key = id.isJsonNull() ? "null" : id.getAsString();
                    responses.computeIfAbsent(key, k -> new LinkedBlockingQueue<>()).add(message);
                } else {
                    protocolErrors.add(body);
                }
            }
        } catch (IOException e) {
            // the stream ended
        } finally {
            closed.countDown();
        }
    }

    private void answerServerRequest(JsonObject request) {
        var response = new JsonObject();
        response.addProperty("jsonrpc", "2.0");
        response.add("id", request.get("id"));
        if ("workspace/configuration".equals(str(request, "method"))) {
            var items = request.getAsJsonObject("params").getAsJsonArray("items");
            var nulls = new JsonArray();
            for (int i = 0; i < items.size(); i++) {
                nulls.add(com.google.gson.JsonNull.INSTANCE);
            }
            response.add("result", nulls);
        } else {
            response.add("result", com.google.gson.JsonNull.INSTANCE);
        }
        // Not waited for: the reader must keep reading while the answer is written.
        byte[] body = response.toString().getBytes(StandardCharsets.UTF_8);
        writer.submit(() -> {
            toServer.write(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            toServer.write(body);
            toServer.flush();
            return null;
        });
    }

    /** One frame's body, or null at the end of the stream. */
    private String readFrame() throws IOException {
        int length = -1;
        while (true) {
            String line = readLine();
            if (line == null) {
                return null;
            }
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Content-Length")) {
                length = Integer.parseInt(line.substring(colon + 1).trim());
            } else if (colon < 0) {
                protocolErrors.add("not a header: " + line);
            }
        }
        if (length < 0) {
            protocolErrors.add("frame without Content-Length");
            return "";
        }
        byte[] body = fromServer.readNBytes(length);
        if (body.length < length) {
            return null;
        }
        return new String(body, StandardCharsets.UTF_8);
    }

    private String readLine() throws IOException {
        var line = new ByteArrayOutputStream();
        while (true) {
            int b = fromServer.read();
            if (b < 0) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII);
            }
            if (b == '\n') {
                String s = line.toString(StandardCharsets.US_ASCII);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            line.write(b);
        }
    }

    @Override
    public void close() throws IOException {
        if (writer.isShutdown()) {
            return;
        }
        try {
            onWriter(toServer::close);
        } finally {
            writer.shutdown();
            reader.interrupt();
        }
    }

    static JsonPrimitive id(String id) {
        return new JsonPrimitive(Integer.parseInt(id));
    }
}
