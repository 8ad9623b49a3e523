package dev.vmem.server.lsp;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DocumentSymbolCapabilities;
import org.eclipse.lsp4j.FoldingRangeCapabilities;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.RenameCapabilities;
import org.eclipse.lsp4j.TextDocumentClientCapabilities;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.WorkspaceClientCapabilities;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.services.LanguageServer;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * A VMem language server in the test's JVM, driven by a test client through LSP4J's JSON-RPC over
 * pipes: what reaches the server is what a real client sends (JSON, not Java objects). Files live in
 * a temporary folder, so imports resolve as on disk.
 *
 * <p>A test class that shares one server declares it once with {@link Server} and takes the fixture as
 * a parameter (of its constructor, a {@code @BeforeAll} or a test method); the extension starts it and
 * closes it after the class (or each test). A test that needs a server of other settings starts its
 * own with {@link #start} in a try-with-resources.
 */
final class LspFixture implements AutoCloseable {

    /** The test class's language server, started by the extension and closed when the class (or the test) is done. */
    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    @ExtendWith(Resolver.class)
    @interface Server {
        /** The client's initializationOptions as JSON; "" for none. */
        String options() default "";

        /** A fresh server for each test instead of one for the whole class. */
        boolean perTest() default false;
    }

    /** Resolves {@code LspFixture} parameters to the server {@link Server} declares. */
    static final class Resolver implements ParameterResolver {

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == LspFixture.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            Server server = AnnotationSupport.findAnnotation(context.getRequiredTestClass(), Server.class)
                    .orElseThrow(() -> new IllegalStateException("no @LspFixture.Server on " + context.getRequiredTestClass()));
            ExtensionContext owner = context;
            if (!server.perTest()) {
                while (owner.getTestMethod().isPresent() && owner.getParent().isPresent()) {
                    owner = owner.getParent().get(); // the class's context: one server for all its tests
                }
            }
            return owner.getStore(ExtensionContext.Namespace.create(LspFixture.class, owner.getUniqueId()))
                    .getOrComputeIfAbsent(LspFixture.class, k -> {
                        try {
                            return start(server.options().isEmpty() ? null : server.options());
                        } catch (Exception e) {
                            throw new IllegalStateException("the language server did not start", e);
                        }
                    }, LspFixture.class); // closed with the context (the store closes AutoCloseable values)
        }

        @Override
        public ExtensionContextScope getTestInstantiationExtensionContextScope(ExtensionContext rootContext) {
            return ExtensionContextScope.TEST_METHOD; // a constructor parameter of a per-test server is the test's
        }
    }

    final Path root;
    final VMemLanguageServer impl;
    final LanguageServer server;
    final InitializeResult initialized;
    final Client client = new Client();
    private final Map<String, Integer> versions = new ConcurrentHashMap<>();
    private final Map<String, String> texts = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger files = new java.util.concurrent.atomic.AtomicInteger();

    /** What the server sent the client. */
    static class Client extends QuietClient {
        final Map<String, List<PublishDiagnosticsParams>> published = new ConcurrentHashMap<>();
        final List<MessageParams> logs = new CopyOnWriteArrayList<>();

        @Override
        public void publishDiagnostics(PublishDiagnosticsParams p) {
            published.computeIfAbsent(p.getUri(), u -> new CopyOnWriteArrayList<>()).add(p);
        }

        @Override
        public void showMessage(MessageParams messageParams) {
            logs.add(messageParams);
        }

        @Override
        public void logMessage(MessageParams message) {
            logs.add(message);
        }
    }

    private LspFixture(Path root, InitializeParams params, long debounceMs) throws Exception {
        this.root = root;
        var connection = InProcessServer.connect(client);
        impl = connection.impl();
        impl.setDebounce(debounceMs);
        server = connection.server();
        initialized = server.initialize(params).get(30, TimeUnit.SECONDS);
        server.initialized(new InitializedParams());
    }

    /** A server on a fresh temporary folder (the workspace root), with the given initializationOptions. */
    static LspFixture start(String initializationOptions) throws Exception {
        return start(initializationOptions, 0);
    }

    static LspFixture start(String initializationOptions, long debounceMs) throws Exception {
        Path root = Files.createTempDirectory("vmem-lsp-test");
        var params = params(root.toUri().toString(), initializationOptions);
        return new LspFixture(root, params, debounceMs);
    }

    /** A server started with {@code params} as given (e.g. no root at all). */
    static LspFixture startWith(InitializeParams params) throws Exception {
        return new LspFixture(Files.createTempDirectory("vmem-lsp-test"), params, 0);
    }

    static InitializeParams params(String rootUri, String initializationOptions) {
        var params = new InitializeParams();
        params.setProcessId((int) ProcessHandle.current().pid());
        params.setRootUri(rootUri);
        if (rootUri != null) {
            params.setWorkspaceFolders(List.of(new WorkspaceFolder(rootUri, "test")));
        }
        var text = new TextDocumentClientCapabilities();
        var symbols = new DocumentSymbolCapabilities();
        symbols.setHierarchicalDocumentSymbolSupport(true);
        text.setDocumentSymbol(symbols);
        var rename = new RenameCapabilities();
        rename.setPrepareSupport(true);
        text.setRename(rename);
        text.setFoldingRange(new FoldingRangeCapabilities());
        var workspace = new WorkspaceClientCapabilities();
        workspace.setWorkspaceFolders(true);
        workspace.setConfiguration(true);
        workspace.setExecuteCommand(new org.eclipse.lsp4j.ExecuteCommandCapabilities());
        params.setCapabilities(new ClientCapabilities(workspace, text, null));
        if (initializationOptions != null) {
            params.setInitializationOptions(JsonParser.parseString(initializationOptions));
        }
        return params;
    }

    // ---- documents ------------------------------------------------------------------------------

    /** Writes {@code name} into the root folder (not opened). */
    String write(String name, String text) throws IOException {
        Path file = root.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return uri(name);
    }

    String uri(String name) {
        return new org.eclipse.xtext.ide.server.UriExtensions()
                .toUriString(org.eclipse.emf.common.util.URI.createFileURI(root.resolve(name).toString()));
    }

    /** Writes and opens {@code name}; returns its URI. */
    String open(String name, String text) throws IOException {
        String uri = write(name, text);
        versions.put(uri, 1);
        texts.put(uri, text);
        server.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, "vmem", 1, text)));
        return uri;
    }

    /** Replaces the whole text of an open document (not on disk). */
    void change(String uri, String text) {
        int version = versions.merge(uri, 1, Integer::sum);
        texts.put(uri, text);
        var event = new TextDocumentContentChangeEvent(text);
        server.getTextDocumentService().didChange(
                new DidChangeTextDocumentParams(new VersionedTextDocumentIdentifier(uri, version), List.of(event)));
    }

    void close(String uri) {
        server.getTextDocumentService().didClose(new DidCloseTextDocumentParams(new TextDocumentIdentifier(uri)));
    }

    String text(String uri) {
        return texts.get(uri);
    }

    /** Opens {@code name} and waits until the engine's diagnostics of it are published; returns its URI. */
    String openChecked(String name, String text) throws Exception {
        String uri = open(name, text);
        diagnostics(uri);
        return uri;
    }

    /** Opens a file of a name no other file of this server has; returns its URI. */
    String openNew(String text) throws IOException {
        return open("file" + files.incrementAndGet() + ".vmem", text);
    }

    /** A document opened with {@link Marked} text, checked: this server, its URI and where its markers were. */
    record Opened(LspFixture server, String uri, Marked marked) {
        TextDocumentIdentifier id() {
            return doc(uri);
        }
    }

    /** Opens {@code name} with {@code markedText} without its markers and waits for the engine's diagnostics. */
    Opened openMarked(String name, String markedText) throws Exception {
        Marked marked = Marked.parse(markedText);
        return new Opened(this, openChecked(name, marked.text()), marked);
    }

    // ---- diagnostics ----------------------------------------------------------------------------

    /** The document's diagnostics once the engine's run for its latest version is published. */
    List<Diagnostic> diagnostics(String uri) throws Exception {
        sync();
        impl.engineSettled(uri).get(30, TimeUnit.SECONDS);
        sync(); // the publication was sent before the answer to this request: it has arrived
        List<PublishDiagnosticsParams> list = client.published.getOrDefault(uri, List.of());
        return list.isEmpty() ? List.of() : list.get(list.size() - 1).getDiagnostics();
    }

    /**
     * A round trip through the protocol: the server reads messages in order and queues each change as a
     * build, which a request then waits for. After this, every notification sent before is built.
     */
    void sync() throws Exception {
        server.getWorkspaceService().symbol(new org.eclipse.lsp4j.WorkspaceSymbolParams("\u0000sync"))
                .get(30, TimeUnit.SECONDS);
    }

    /** Waits until a publication for {@code uri} satisfies {@code test}; returns its diagnostics. */
    List<Diagnostic> awaitPublication(String uri, Predicate<List<Diagnostic>> test) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            List<PublishDiagnosticsParams> list = client.published.getOrDefault(uri, List.of());
            if (!list.isEmpty() && test.test(list.get(list.size() - 1).getDiagnostics())) {
                return list.get(list.size() - 1).getDiagnostics();
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no publication for " + uri + " passed the test; last: "
                + client.published.getOrDefault(uri, List.of()));
    }

    static String code(Diagnostic d) {
        return d.getCode() == null ? null : d.getCode().getLeft();
    }

    static JsonObject data(Diagnostic d) {
        return d.getData() instanceof JsonObject o ? o : JsonParser.parseString(new com.google.gson.Gson().toJson(d.getData())).getAsJsonObject();
    }

    // ---- edits ----------------------------------------------------------------------------------

    /** The text of every document a workspace edit touches, after the edit (from the open text or disk). */
    Map<String, String> apply(WorkspaceEdit edit) throws IOException {
        var out = new java.util.LinkedHashMap<String, String>();
        for (var e : edit.getChanges().entrySet()) {
            String before = texts.containsKey(e.getKey()) ? texts.get(e.getKey())
                    : Files.readString(Path.of(java.net.URI.create(e.getKey())), StandardCharsets.UTF_8);
            out.put(e.getKey(), apply(before, e.getValue()));
        }
        return out;
    }

    static String apply(String text, List<TextEdit> edits) {
        var positions = new TextPositions(text);
        var sorted = new ArrayList<>(edits);
        sorted.sort((a, b) -> Integer.compare(positions.offset(b.getRange().getStart()),
                positions.offset(a.getRange().getStart())));
        var out = new StringBuilder(text);
        for (TextEdit e : sorted) {
            out.replace(positions.offset(e.getRange().getStart()), positions.offset(e.getRange().getEnd()),
                    e.getNewText());
        }
        return out.toString();
    }

    static TextDocumentIdentifier doc(String uri) {
        return new TextDocumentIdentifier(uri);
    }

    static Position pos(int line, int character) {
        return new Position(line, character);
    }

    @Override
    public void close() throws Exception {
        try {
            server.shutdown().get(10, TimeUnit.SECONDS);
            server.exit();
        } finally {
            try (var files = Files.walk(root)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
