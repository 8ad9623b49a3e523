package dev.vmem.server.lsp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.log4j.Logger;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.xtext.service.OperationCanceledManager;
import org.eclipse.xtext.util.CancelIndicator;

/**
 * Publishes each open document's diagnostics as one list: the parse, link and structural ones of the
 * latest build, at once, and the engine's, from a run that starts {@link #DEBOUNCE_MS} after the last
 * change.
 *
 * <p>Threads: Xtext's build (a write request) hands over the structural diagnostics through
 * {@link #structural}; that publishes them at once, merged with the engine diagnostics of the previous
 * run (dropped when the file no longer parses or links), and schedules an engine run on a timer thread.
 * When the timer fires, the run is submitted as an Xtext read request, so it runs on Xtext's worker
 * pool, never on the thread that reads LSP messages, and never while a build changes the resources.
 * A new change cancels it twice over: its own sequence number moves on, and Xtext cancels every read
 * request when a write request (the build) arrives; the engine polls that between units of work
 * ({@code EngineOptions.withCancellation}). A run that was cancelled by anything but a newer change
 * of its own document (a build of another file) is started again.
 *
 * <p>Only open documents get diagnostics; a document that closes gets an empty list.
 */
final class DiagnosticsPublisher {

    /** Quiet time after the last change before the engine runs (clangd and LemMinX use 300–500 ms). */
    static final long DEBOUNCE_MS = 300;

    private static final Logger LOG = Logger.getLogger(DiagnosticsPublisher.class);
    private static final OperationCanceledManager CANCELS = new OperationCanceledManager();

    /** What the engine job needs of the server. */
    interface Host {
        boolean isOpen(String uri);

        /** Runs {@code work} as an Xtext read request on the document. */
        <T> CompletableFuture<T> read(String uri, Function<CancelIndicator, T> work);

        /** The engine diagnostics of a document, in a read request (null: document gone). */
        List<Diagnostic> engineDiagnostics(String uri, CancelIndicator cancel);

        Settings settings();

        LanguageClient client();
    }

    private static final class Doc {
        List<Diagnostic> structural = List.of();
        List<Diagnostic> engine = List.of();
        /** Bumped by every build of the document: a run for an older number is stale. */
        long sequence;
        boolean engineRan;
        boolean published;
        ScheduledFuture<?> pending;
        /** Completes when the engine diagnostics of the current sequence are published. */
        CompletableFuture<Void> settled = new CompletableFuture<>();
    }

    private final Host host;
    private final Map<String, Doc> docs = new HashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        var t = new Thread(r, "vmem-engine-debounce");
        t.setDaemon(true);
        return t;
    });
    private volatile long debounceMs = DEBOUNCE_MS;
    /** When the client's last change of any document arrived (System.nanoTime); guarded by this. */
    private long lastChange = System.nanoTime() - DEBOUNCE_MS * 1_000_000;

    DiagnosticsPublisher(Host host) {
        this.host = host;
    }

    void setDebounce(long ms) {
        this.debounceMs = ms;
    }

    long debounce() {
        return debounceMs;
    }

    /** A build produced {@code diagnostics} for {@code uri} (Xtext's publish, from the write request). */
    void structural(String uri, List<Diagnostic> diagnostics) {
        if (!host.isOpen(uri)) {
            Doc doc;
            synchronized (this) {
                doc = docs.remove(uri);
            }
            if (doc != null) {
                cancel(doc);
                if (doc.published) {
                    send(uri, List.of());
                }
            }
            return;
        }
        long sequence;
        long delay;
        synchronized (this) {
            Doc doc = docs.computeIfAbsent(uri, u -> new Doc());
            doc.structural = List.copyOf(diagnostics);
            if (brokenModel(diagnostics)) {
                doc.engine = List.of(); // the engine does not run on a broken tree
            }
            sequence = ++doc.sequence;
            if (doc.settled.isDone()) {
                doc.settled = new CompletableFuture<>();
            }
            // Quiet time counts from the change, not from the end of its build: the build takes part
            // of it. The first run of an opened file starts at once.
            long sinceChange = (System.nanoTime() - lastChange) / 1_000_000;
            delay = doc.engineRan ? Math.max(0, debounceMs - sinceChange) : 0;
            cancel(doc);
            doc.pending = timer.schedule(() -> runEngine(uri, sequence), delay, TimeUnit.MILLISECONDS);
        }
        publish(uri);
    }

    /**
     * The client changed {@code uri}: called on the thread that reads messages, before the change is
     * built. The quiet time before the engine runs (on this or any document it affects) starts now.
     */
    synchronized void changed(String uri) {
        lastChange = System.nanoTime();
        Doc doc = docs.get(uri);
        if (doc != null) {
            cancel(doc); // a run waiting for its quiet time is stale now
        }
    }

    /** The client changed settings: publish again with the new severities. */
    void republishAll() {
        List<String> uris;
        synchronized (this) {
            uris = new ArrayList<>(docs.keySet());
        }
        uris.forEach(this::publish);
    }

    /** The engine's results may differ (new default profile): run it again on every open document. */
    void rerunAll() {
        List<String> uris;
        synchronized (this) {
            uris = new ArrayList<>(docs.keySet());
            for (String uri : uris) {
                Doc doc = docs.get(uri);
                long sequence = ++doc.sequence;
                if (doc.settled.isDone()) {
                    doc.settled = new CompletableFuture<>();
                }
                cancel(doc);
                doc.pending = timer.schedule(() -> runEngine(uri, sequence), 0, TimeUnit.MILLISECONDS);
            }
        }
    }

    void closed(String uri) {
        Doc doc;
        synchronized (this) {
            doc = docs.remove(uri);
        }
        if (doc != null) {
            cancel(doc);
            doc.settled.complete(null);
            send(uri, List.of());
        }
    }

    /**
     * Completes once the document's engine diagnostics for its latest build are published (at once
     * when it is not open). For tests and benchmarks.
     */
    synchronized CompletableFuture<Void> settled(String uri) {
        Doc doc = docs.get(uri);
        return doc == null ? CompletableFuture.completedFuture(null) : doc.settled;
    }

    void shutdown() {
        timer.shutdownNow();
    }

    private void runEngine(String uri, long sequence) {
        if (!current(uri, sequence)) {
            return;
        }
        long scheduled = System.nanoTime();
        host.<Boolean>read(uri, cancel -> {
            CancelIndicator both = () -> cancel.isCanceled() || !current(uri, sequence);
            if (both.isCanceled()) {
                return false;
            }
            long started = System.nanoTime();
            List<Diagnostic> engine = host.engineDiagnostics(uri, both);
            long computed = System.nanoTime();
            if (engine == null) {
                return false;
            }
            synchronized (this) {
                Doc doc = docs.get(uri);
                if (doc == null || doc.sequence != sequence) {
                    return false;
                }
                doc.engine = List.copyOf(engine);
                doc.engineRan = true;
            }
            publish(uri);
            if (LOG.isInfoEnabled()) {
                LOG.info(String.format("engine diagnostics of %s: waited %.1f ms for the read lock, computed in %.1f ms,"
                        + " published in %.1f ms (%d diagnostics)", uri, (started - scheduled) / 1e6,
                        (computed - started) / 1e6, (System.nanoTime() - computed) / 1e6, engine.size()));
            }
            CompletableFuture<Void> settled;
            synchronized (this) {
                Doc doc = docs.get(uri);
                settled = doc != null && doc.sequence == sequence ? doc.settled : null;
            }
            if (settled != null) {
                settled.complete(null);
            }
            return true;
        }).whenComplete((done, error) -> {
            if (error != null && !CANCELS.isOperationCanceledException(rootCause(error))
                    && !(rootCause(error) instanceof java.util.concurrent.CancellationException)) {
                LOG.error("engine diagnostics failed for " + uri, error);
                return;
            }
            if (error != null && current(uri, sequence)) {
                // Cancelled by a build of another document: this document's results are still owed.
                synchronized (this) {
                    Doc doc = docs.get(uri);
                    if (doc != null && doc.sequence == sequence) {
                        doc.pending = timer.schedule(() -> runEngine(uri, sequence), 20, TimeUnit.MILLISECONDS);
                    }
                }
            }
        });
    }

    private synchronized boolean current(String uri, long sequence) {
        Doc doc = docs.get(uri);
        return doc != null && doc.sequence == sequence;
    }

    private void publish(String uri) {
        List<Diagnostic> all;
        synchronized (this) {
            Doc doc = docs.get(uri);
            if (doc == null) {
                return;
            }
            all = new ArrayList<>(doc.structural.size() + doc.engine.size());
            all.addAll(doc.structural);
            all.addAll(doc.engine);
            doc.published = true;
        }
        send(uri, Diagnostics.withSettings(all, host.settings()));
    }

    private void send(String uri, List<Diagnostic> diagnostics) {
        LanguageClient client = host.client();
        if (client != null) {
            synchronized (client) {
                client.publishDiagnostics(new PublishDiagnosticsParams(uri, diagnostics));
            }
        }
    }

    private static void cancel(Doc doc) {
        if (doc.pending != null) {
            doc.pending.cancel(false);
            doc.pending = null;
        }
    }

    /**
     * An error in the build's diagnostics: the checker will not run the engine on this tree (its gate,
     * {@code Checker.gate}: no issue of severity error), so the previous engine diagnostics are stale.
     */
    private static boolean brokenModel(List<Diagnostic> diagnostics) {
        return diagnostics.stream().anyMatch(d -> d.getSeverity() == null || d.getSeverity() == DiagnosticSeverity.Error);
    }

    private static Throwable rootCause(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        return r;
    }
}
