package dev.vmem.server.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vmem.server.lsp.QuietClient;
import dev.vmem.server.lsp.VMemLanguageServer;
import dev.vmem.server.lsp.VMemLanguageServerLauncher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DocumentFormattingParams;
import org.eclipse.lsp4j.DocumentHighlightParams;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.FoldingRangeRequestParams;
import org.eclipse.lsp4j.FormattingOptions;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.InlayHintParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PrepareRenameParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.ReferenceContext;
import org.eclipse.lsp4j.ReferenceParams;
import org.eclipse.lsp4j.RenameParams;
import org.eclipse.lsp4j.SemanticTokensParams;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.services.TextDocumentService;
import org.eclipse.xtext.ide.server.ILanguageServerShutdownAndExitHandler;
import org.eclipse.xtext.ide.server.ILanguageServerAccess;
import org.junit.jupiter.api.Test;

/**
 * Coverage-guided fuzzing of the language server's document handling (docs/robustness.md): random
 * edit sequences on the shipped examples, applied through the {@link TextDocumentService} of one
 * VMem language server in this JVM (didOpen, incremental and whole-text didChange, didClose),
 * interleaved with every request a client makes at random places (hover, completion, definition,
 * references, highlights, symbols, folding, semantic tokens, formatting, code actions, inlay hints,
 * rename). Edits stay inside the document, as a well-behaved client's do (edits out of range are
 * {@code LspProtocolRobustnessTest}'s business).
 *
 * <p>Properties: every request completes within 30 s without an exception other than a cancellation
 * or a deliberate error response; after the sequence the server's copy of the document is exactly
 * the text the edits make; the engine's diagnostics for the last version get published.
 */
class LspFuzzTest {

    private static final long SECONDS = 30;
    private static final List<String> EXAMPLES = examples();
    private static final String[] INSERTS = {
        "", " ", "\n", "{", "}", "\"", "/*", "*/", "//", "vm x { }", "kernel k2 { version 6.18 }\n", "slot 9 gpa 0x0",
        "memory m: memfd 4K", "map ram shared", "import \"other.vmem\"\n", "0xFFFFFFFFFFFFFFFF", "18446744073709551616",
        "step hibernate", "scenario s2 { vm v }", "guest_memfd", "flags mmap | ", "é", "\uD83D\uDE00", "\t", "\r\n",
        "kernel", "version", "patch no_direct_map v12", "|", ":", "4KB", "expect ok", "uses steal_time, "
    };

    private static final Server SERVER = new Server();
    private static final AtomicInteger DOCUMENTS = new AtomicInteger();

    /** One server for the whole run (as an editor keeps one), with a workspace folder on disk. */
    static final class Server extends QuietClient {
        final Path root;
        final VMemLanguageServer impl;
        final TextDocumentService documents;
        final ILanguageServerAccess access;

        Server() {
            try {
                root = Files.createTempDirectory("vmem-fuzz-lsp");
                Files.writeString(root.resolve("other.vmem"), "kernel imported { version 6.18 }\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            var exitless = (com.google.inject.Module) binder -> binder.bind(ILanguageServerShutdownAndExitHandler.class)
                    .to(ILanguageServerShutdownAndExitHandler.NullImpl.class);
            impl = VMemLanguageServerLauncher.createInjector(exitless).getInstance(VMemLanguageServer.class);
            impl.setDebounce(0);
            impl.connect(this);
            var params = new InitializeParams();
            params.setProcessId((int) ProcessHandle.current().pid());
            String rootUri = uri("");
            params.setRootUri(rootUri);
            params.setWorkspaceFolders(List.of(new WorkspaceFolder(rootUri, "fuzz")));
            params.setCapabilities(new ClientCapabilities());
            try {
                impl.initialize(params).get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("initialize", e);
            }
            impl.initialized(new InitializedParams());
            documents = impl.getTextDocumentService();
            try {
                // Xtext's access to the documents as the server holds them; a read is queued after every
                // change sent before it. Protected in LanguageServerImpl, hence reflection.
                var method = org.eclipse.xtext.ide.server.LanguageServerImpl.class.getDeclaredMethod("getLanguageServerAccess");
                method.setAccessible(true);
                access = (ILanguageServerAccess) method.invoke(impl);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }

        String uri(String name) {
            return new org.eclipse.xtext.ide.server.UriExtensions().toUriString(
                    org.eclipse.emf.common.util.URI.createFileURI(root.resolve(name).toString()));
        }
    }

    @FuzzTest(maxDuration = "30s")
    void editSequences(FuzzedDataProvider data) throws Exception {
        String uri = SERVER.uri("doc" + DOCUMENTS.incrementAndGet() + ".vmem");
        var text = new StringBuilder(EXAMPLES.get(data.consumeInt(0, EXAMPLES.size() - 1)));
        TextDocumentService docs = SERVER.documents;
        docs.didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, "vmem", 1, text.toString())));
        try {
            int version = 1;
            int steps = data.consumeInt(1, 12);
            for (int s = 0; s < steps; s++) {
                if (data.consumeInt(0, 2) > 0) {
                    edit(data, uri, ++version, text);
                } else {
                    request(data, uri, text.toString());
                }
            }
            String served = SERVER.access.doRead(uri, context -> context.getDocument().getContents())
                    .get(SECONDS, TimeUnit.SECONDS);
            assertThat(served).as("the server's copy of the document").isEqualTo(text.toString());
            SERVER.impl.engineSettled(uri).get(SECONDS, TimeUnit.SECONDS);
        } finally {
            docs.didClose(new DidCloseTextDocumentParams(new TextDocumentIdentifier(uri)));
        }
    }

    /** One didChange: a range replaced (several in one notification, sometimes), or the whole text. */
    private static void edit(FuzzedDataProvider data, String uri, int version, StringBuilder text) {
        var changes = new ArrayList<TextDocumentContentChangeEvent>();
        int count = data.consumeInt(1, 3);
        for (int c = 0; c < count; c++) {
            String insert = data.consumeBoolean() ? data.pickValue(INSERTS) : data.consumeString(16);
            if (data.consumeInt(0, 9) == 0) {
                text.setLength(0);
                text.append(insert.repeat(data.consumeInt(0, 50)));
                changes.add(new TextDocumentContentChangeEvent(text.toString()));
                continue;
            }
            int start = data.consumeInt(0, text.length());
            int end = Math.min(text.length(), start + data.consumeInt(0, 80));
            // Never split a surrogate pair: a client's positions are between characters.
            start = boundary(text, start);
            end = Math.max(start, boundary(text, end));
            var range = new Range(position(text, start), position(text, end));
            changes.add(new TextDocumentContentChangeEvent(range, insert));
            text.replace(start, end, insert);
        }
        SERVER.documents.didChange(new DidChangeTextDocumentParams(new VersionedTextDocumentIdentifier(uri, version), changes));
    }

    private static void request(FuzzedDataProvider data, String uri, String text) throws Exception {
        var doc = new TextDocumentIdentifier(uri);
        int offset = boundary(text, data.consumeInt(0, text.length()));
        Position at = position(text, offset);
        Range all = new Range(new Position(0, 0), position(text, text.length()));
        TextDocumentService docs = SERVER.documents;
        CompletableFuture<?> answer = switch (data.consumeInt(0, 13)) {
            case 0 -> docs.hover(new HoverParams(doc, at));
            case 1 -> docs.completion(new CompletionParams(doc, at));
            case 2 -> docs.definition(new DefinitionParams(doc, at));
            case 3 -> docs.references(new ReferenceParams(doc, at, new ReferenceContext(true)));
            case 4 -> docs.documentHighlight(new DocumentHighlightParams(doc, at));
            case 5 -> docs.documentSymbol(new DocumentSymbolParams(doc));
            case 6 -> docs.foldingRange(new FoldingRangeRequestParams(doc));
            case 7 -> docs.semanticTokensFull(new SemanticTokensParams(doc));
            case 8 -> docs.formatting(new DocumentFormattingParams(doc, new FormattingOptions(4, true)));
            case 9 -> docs.codeAction(new CodeActionParams(doc, all, new CodeActionContext(List.of())));
            case 10 -> docs.inlayHint(new InlayHintParams(doc, all));
            case 11 -> docs.prepareRename(new PrepareRenameParams(doc, at));
            case 12 -> docs.rename(new RenameParams(doc, at, "renamed" + data.consumeInt(0, 9)));
            default -> docs.codeLens(new org.eclipse.lsp4j.CodeLensParams(doc));
        };
        try {
            answer.get(SECONDS, TimeUnit.SECONDS);
        } catch (CancellationException cancelled) {
            // a newer edit cancelled it: an answer
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof ResponseErrorException) && !(e.getCause() instanceof CancellationException)) {
                throw new AssertionError("request failed", e.getCause());
            }
        }
    }

    private static int boundary(CharSequence text, int offset) {
        if (offset > 0 && offset < text.length() && Character.isLowSurrogate(text.charAt(offset))
                && Character.isHighSurrogate(text.charAt(offset - 1))) {
            return offset - 1;
        }
        return offset;
    }

    /**
     * The LSP position (line, UTF-16 column) of an offset, with lines ending at \n as Xtext's Document
     * counts them. (LSP also ends a line at a lone \r; Xtext does not: docs/robustness.md.)
     */
    static Position position(CharSequence text, int offset) {
        int line = 0;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new Position(line, offset - lineStart);
    }

    /** The seeds: every example opens, gets its diagnostics and closes. */
    @Test
    void everyExampleOpensAndCloses() throws Exception {
        for (String example : EXAMPLES) {
            String uri = SERVER.uri("doc" + DOCUMENTS.incrementAndGet() + ".vmem");
            SERVER.documents.didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, "vmem", 1, example)));
            SERVER.impl.engineSettled(uri).get(SECONDS, TimeUnit.SECONDS);
            SERVER.documents.didClose(new DidCloseTextDocumentParams(new TextDocumentIdentifier(uri)));
        }
    }

    private static List<String> examples() {
        Path root = CliFuzzTest.repositoryRoot().resolve("examples");
        try (Stream<Path> files = Files.walk(root)) {
            var out = new ArrayList<String>();
            for (Path p : files.filter(f -> f.toString().endsWith(".vmem")).sorted().toList()) {
                out.add(Files.readString(p));
            }
            return List.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
