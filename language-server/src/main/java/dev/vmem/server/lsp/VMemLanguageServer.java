package dev.vmem.server.lsp;

import com.google.inject.Inject;
import dev.vmem.dsl.scoping.VMemImports;
import dev.vmem.dsl.vmem.Import;
import dev.vmem.dsl.vmem.Model;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.log4j.Logger;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.ResourceSet;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DidChangeConfigurationParams;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.InlayHint;
import org.eclipse.lsp4j.InlayHintParams;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.ServerCapabilities;
import org.eclipse.lsp4j.ServerInfo;
import org.eclipse.lsp4j.jsonrpc.json.JsonRpcMethod;
import org.eclipse.lsp4j.jsonrpc.services.ServiceEndpoints;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.xtext.ide.server.BuildManager.Buildable;
import org.eclipse.xtext.ide.server.LanguageServerImpl;
import org.eclipse.xtext.ide.server.UriExtensions;
import org.eclipse.xtext.resource.IResourceDescription;
import org.eclipse.xtext.resource.IResourceDescriptions;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.Issue;

/**
 * Xtext's language server, made into the VMem one:
 * <ul>
 * <li>{@code initialize} answers without building anything and works without a root; the workspace
 *     holds the open documents and the files they import ({@link VMemWorkspaceConfigFactory});</li>
 * <li>diagnostics are complete ({@link Diagnostics}); the structural ones are published at once, the
 *     engine's debounced, cancellably and off the request thread ({@link DiagnosticsPublisher});</li>
 * <li>settings come from {@code initializationOptions} and {@code workspace/didChangeConfiguration}
 *     ({@link Settings});</li>
 * <li>inlay hints ({@link InlayHints}), which Xtext does not offer.</li>
 * </ul>
 * The language features themselves are language services ({@link VMemLspModule}).
 */
public class VMemLanguageServer extends LanguageServerImpl {

    private static final Logger LOG = Logger.getLogger(VMemLanguageServer.class);

    /** How many rounds of "index what the open documents import" one build may take (import chains). */
    private static final int IMPORT_ROUNDS = 16;

    @Inject
    private Session session;

    @Inject
    private UriExtensions uris;

    private final Set<String> open = ConcurrentHashMap.newKeySet();
    private volatile Map<String, JsonRpcMethod> ownMethods;
    private volatile LanguageClient client;
    private final DiagnosticsPublisher publisher = new DiagnosticsPublisher(new DiagnosticsPublisher.Host() {
        @Override
        public boolean isOpen(String uri) {
            return open.contains(uri);
        }

        @Override
        public <T> CompletableFuture<T> read(String uri, Function<CancelIndicator, T> work) {
            return getRequestManager().runRead(work::apply);
        }

        @Override
        public List<Diagnostic> engineDiagnostics(String uri, CancelIndicator cancel) {
            try {
                return getWorkspaceManager().doRead(uris.toUri(uri), (document, resource) -> resource == null ? null
                        : Diagnostics.engine(session.analyze(resource, cancel), session.docs()));
            } catch (RuntimeException e) {
                if (cancel.isCanceled()) {
                    throw e;
                }
                LOG.warn("cannot analyse " + uri + ": " + e);
                return null;
            }
        }

        @Override
        public Settings settings() {
            return session.settings();
        }

        @Override
        public LanguageClient client() {
            return client;
        }
    });

    public Session session() {
        return session;
    }

    /**
     * Completes once the engine diagnostics of the document's latest version are published (for tests
     * and benchmarks; clients just receive publishDiagnostics).
     */
    public CompletableFuture<Void> engineSettled(String uri) {
        return publisher.settled(normalize(uri));
    }

    /** The engine's quiet time after the last change (tests and benchmarks may shorten it). */
    public void setDebounce(long millis) {
        publisher.setDebounce(millis);
    }

    /**
     * The JSON-RPC methods this server answers: its own. Xtext's version adds each language's
     * {@code ILanguageServerExtension}, which it finds through the language's injector; the JSON-RPC launcher asks
     * for the methods when it is made, so a cold start's main thread waited about 110 ms for that injector (made on
     * another thread) before it could read {@code initialize}. VMem's language binds no such extension
     * (InitializeTest compares this with Xtext's answer), so the methods are known without it.
     */
    @Override
    public Map<String, JsonRpcMethod> supportedMethods() {
        var methods = ownMethods;
        if (methods == null) {
            methods = Map.copyOf(ServiceEndpoints.getSupportedMethods(getClass()));
            ownMethods = methods;
        }
        return methods;
    }

    @Override
    protected Map<String, JsonRpcMethod> getSupportedMethods() {
        return supportedMethods();
    }

    @Override
    public CompletableFuture<InitializeResult> initialize(InitializeParams params) {
        if (params.getInitializationOptions() != null) {
            Settings.parseIfPresent(params.getInitializationOptions()).ifPresent(session::configure);
        }
        VMemLanguageServerLauncher.uptime("initialize received");
        getLanguageServerAccess().addBuildListener(deltas -> session.buildFinished());
        return super.initialize(params).thenApply(result -> {
            result.setServerInfo(new ServerInfo("vmem", version()));
            VMemLanguageServerLauncher.uptime("initialize answered");
            return result;
        });
    }

    /** Without a root (rootUri and rootPath null, no workspace folders): a folder of no files. */
    @Override
    @SuppressWarnings("deprecation")
    protected URI getBaseDir(InitializeParams params) {
        URI base = super.getBaseDir(params);
        if (base == null) {
            base = URI.createFileURI(Path.of(System.getProperty("java.io.tmpdir"), "vmem-no-root").toString())
                    .appendSegment("");
        }
        return base;
    }

    @Override
    protected ServerCapabilities createServerCapabilities(InitializeParams params) {
        ServerCapabilities capabilities = super.createServerCapabilities(params);
        capabilities.setInlayHintProvider(true);
        if (capabilities.getFoldingRangeProvider() == null) {
            capabilities.setFoldingRangeProvider(true);
        }
        return capabilities;
    }

    @Override
    public void connect(LanguageClient languageClient) {
        this.client = languageClient;
        // Xtext publishes each build's issues; they go through the publisher, which merges the engine's.
        LanguageClient intercepting = (LanguageClient) Proxy.newProxyInstance(LanguageClient.class.getClassLoader(),
                new Class<?>[] {LanguageClient.class}, (proxy, method, args) -> {
                    if (method.getName().equals("publishDiagnostics") && args != null && args.length == 1
                            && args[0] instanceof PublishDiagnosticsParams p) {
                        publisher.structural(p.getUri(), p.getDiagnostics());
                        return null;
                    }
                    if (method.getDeclaringClass() == Object.class) {
                        return switch (method.getName()) {
                            case "equals" -> proxy == args[0];
                            case "hashCode" -> System.identityHashCode(proxy);
                            default -> "VMem diagnostics publisher for " + languageClient;
                        };
                    }
                    try {
                        return method.invoke(languageClient, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        super.connect(intercepting);
    }

    @Override
    protected Diagnostic toDiagnostic(Issue issue) {
        return Diagnostics.structural(super.toDiagnostic(issue), issue, session.docs());
    }

    // ---- documents -----------------------------------------------------------------------------

    @Override
    protected Buildable toBuildable(DidOpenTextDocumentParams params) {
        if (params.getTextDocument().getText() == null) {
            // LSP requires the text. Without it Xtext would read the file from disk on every later
            // build, and a missing file would make each of those builds fail: open it empty instead.
            LOG.warn("didOpen of " + params.getTextDocument().getUri() + " without text: opened as empty");
            params.getTextDocument().setText("");
        }
        open.add(normalize(params.getTextDocument().getUri()));
        return withImports(super.toBuildable(params));
    }

    @Override
    public void didChange(DidChangeTextDocumentParams params) {
        publisher.changed(normalize(params.getTextDocument().getUri()));
        super.didChange(params);
    }

    @Override
    protected Buildable toBuildable(DidChangeTextDocumentParams params) {
        return withImports(super.toBuildable(params));
    }

    @Override
    protected Buildable toBuildable(DidCloseTextDocumentParams params) {
        String uri = normalize(params.getTextDocument().getUri());
        open.remove(uri);
        session.forget(uris.toUri(uri));
        publisher.closed(uri);
        return super.toBuildable(params);
    }

    private String normalize(String uri) {
        return uris.toUriString(uris.toUri(uri));
    }

    /** After {@code build}, the files the open documents import (transitively) join the workspace. */
    private Buildable withImports(Buildable build) {
        return cancel -> {
            var deltas = new ArrayList<>(build.build(cancel));
            for (int round = 0; round < IMPORT_ROUNDS; round++) {
                List<URI> missing = unindexedImports();
                if (missing.isEmpty() || cancel.isCanceled()) {
                    break;
                }
                deltas.addAll(getWorkspaceManager().didChangeFiles(missing, List.of()).build(cancel));
            }
            return deltas;
        };
    }

    private List<URI> unindexedImports() {
        IResourceDescriptions index = getWorkspaceManager().getIndex();
        Set<URI> missing = new LinkedHashSet<>();
        Set<URI> seen = new HashSet<>();
        var queue = new ArrayDeque<URI>();
        for (String uri : open) {
            queue.add(uris.toUri(uri));
        }
        while (!queue.isEmpty()) {
            URI next = queue.poll();
            if (!seen.add(next)) {
                continue;
            }
            Resource resource;
            try {
                resource = getWorkspaceManager().doRead(next, (document, r) -> r);
            } catch (RuntimeException unreadable) {
                continue;
            }
            if (resource == null || resource.getContents().isEmpty() || !(resource.getContents().get(0) instanceof Model m)) {
                continue;
            }
            ResourceSet set = resource.getResourceSet();
            for (Import anImport : m.getImports()) {
                URI target = VMemImports.resolve(anImport);
                if (target == null || seen.contains(target)) {
                    continue;
                }
                IResourceDescription described = index.getResourceDescription(target);
                if (described == null) {
                    if (set != null && set.getURIConverter().exists(target, null)) {
                        missing.add(target);
                    }
                } else {
                    queue.add(target);
                }
            }
        }
        return new ArrayList<>(missing);
    }

    // ---- settings ------------------------------------------------------------------------------

    /**
     * {@code {"settings": {"vmem": {...}}}}: new severities are applied at once; a new default profile
     * runs the engine again. Xtext would refresh the whole workspace here; nothing of that is needed.
     */
    @Override
    public void didChangeConfiguration(DidChangeConfigurationParams params) {
        Settings.parseIfPresent(params.getSettings()).ifPresent(settings -> {
            boolean rerun = session.configure(settings);
            publisher.republishAll();
            if (rerun) {
                publisher.rerunAll();
            }
        });
    }

    // ---- inlay hints ---------------------------------------------------------------------------

    @Override
    public CompletableFuture<List<InlayHint>> inlayHint(InlayHintParams params) {
        URI uri = getURI(params.getTextDocument());
        return getRequestManager().runRead(cancel -> getWorkspaceManager().doRead(uri,
                (document, resource) -> resource == null || document == null ? List.<InlayHint>of()
                        : InlayHints.of(session.analyze(resource, cancel), new TextPositions(document.getContents()),
                                params.getRange())));
    }

    @Override
    public CompletableFuture<Object> shutdown() {
        publisher.shutdown();
        return super.shutdown();
    }

    private static String version() {
        String v = VMemLanguageServer.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }
}
