package dev.vmem.server.lsp;

import com.google.inject.Singleton;
import dev.vmem.dsl.analysis.CheckedFile;
import dev.vmem.dsl.analysis.Checker;
import dev.vmem.editor.profile.LatestProfiles;
import dev.vmem.engine.EngineOptions;
import dev.vmem.engine.model.KernelDecl;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.log4j.Logger;
import org.eclipse.emf.common.notify.Adapter;
import org.eclipse.emf.common.notify.impl.AdapterImpl;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.ResourceSet;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;

/**
 * The state one language server keeps beyond Xtext's workspace: the client's settings and the engine
 * runs of the current build, one per file. Every feature that needs the engine (diagnostics, hover,
 * inlay hints, code lenses) asks {@link #analyze} and gets the run of the current build, computed at
 * most once per file and build: the first caller computes, later ones reuse it.
 *
 * <p>Language services (hover, completion, …) live in the language's injector, which is shared by
 * every server in the process; they find their server's session on the resource set
 * ({@link #of(Resource)}), where {@link VMemProjectManager} installs it.
 */
@Singleton
public class Session {

    private static final Logger LOG = Logger.getLogger(Session.class);

    /** The session of language services used outside a server (tests of a single service). */
    private static final Session DETACHED = new Session();

    private final AtomicLong generation = new AtomicLong();
    private final AtomicLong engineRuns = new AtomicLong();
    private final Map<URI, Analysis> runs = new HashMap<>();
    private volatile Settings settings = Settings.DEFAULTS;
    private volatile Optional<KernelDecl> defaultKernel = Optional.empty();
    private volatile RuleDocs docs = RuleDocs.of(Optional.empty());
    private final LatestProfiles.Store profiles = new LatestProfiles.Store();

    /** The session of the server whose resource set holds {@code resource}. */
    public static Session of(Resource resource) {
        ResourceSet set = resource == null ? null : resource.getResourceSet();
        if (set != null) {
            for (Adapter a : set.eAdapters()) {
                if (a instanceof Attached attached) {
                    return attached.session;
                }
            }
        }
        return DETACHED;
    }

    /** Makes this session the one of {@code set}. */
    public void attachTo(ResourceSet set) {
        set.eAdapters().removeIf(Attached.class::isInstance);
        set.eAdapters().add(new Attached(this));
    }

    public Settings settings() {
        return settings;
    }

    public RuleDocs docs() {
        return docs;
    }

    public Optional<KernelDecl> defaultKernel() {
        return defaultKernel;
    }

    /** The VMs' profiles of each file's latest run in which the engine ran (for completion). */
    public LatestProfiles profiles() {
        return profiles;
    }

    /** Applies new settings; true when engine results change (the default profile did). */
    public synchronized boolean configure(Settings newSettings) {
        var problems = new ArrayList<>(newSettings.problems());
        Optional<KernelDecl> kernel = newSettings.defaultProfile().flatMap(p -> dev.vmem.editor.settings.DefaultProfile.parse(p, problems));
        for (String p : problems) {
            LOG.warn("setting ignored: " + p);
        }
        boolean engineChanged = !newSettings.defaultProfile().equals(settings.defaultProfile());
        settings = newSettings;
        defaultKernel = kernel;
        if (newSettings.docsBaseUrl().isPresent() || settings == Settings.DEFAULTS) {
            docs = RuleDocs.of(newSettings.docsBaseUrl()); // a change of other settings keeps the pages' base
        }
        if (engineChanged) {
            runs.clear();
            generation.incrementAndGet();
        }
        return engineChanged;
    }

    /** A build finished: every run belongs to the previous one now. */
    public synchronized void buildFinished() {
        generation.incrementAndGet();
        runs.clear();
    }

    /** How many engine runs this session started (each file and build at most once). */
    public long engineRuns() {
        return engineRuns.get();
    }

    public long generation() {
        return generation.get();
    }

    /**
     * The engine run of {@code resource} for the current build: computed now, or reused. Callers hold
     * Xtext's read lock (a read request), so the resource does not change under the engine. Throws
     * Xtext's cancellation exception when {@code cancel} fires during the run (nothing is kept).
     */
    public synchronized Analysis analyze(XtextResource resource, CancelIndicator cancel) {
        long gen = generation.get();
        Analysis cached = runs.get(resource.getURI());
        if (cached != null && cached.generation() == gen && cached.resource() == resource) {
            return cached;
        }
        Analysis fresh = compute(resource, gen, cancel);
        runs.put(resource.getURI(), fresh);
        return fresh;
    }

    /** The run of {@code resource} if one was made for the current build. */
    public synchronized Optional<Analysis> cached(XtextResource resource) {
        Analysis cached = runs.get(resource.getURI());
        return cached != null && cached.generation() == generation.get() && cached.resource() == resource
                ? Optional.of(cached)
                : Optional.empty();
    }

    /** Drops what is kept about a file (closed). */
    public synchronized void forget(URI uri) {
        runs.remove(uri);
        profiles.forget(uri);
    }

    private Analysis compute(XtextResource resource, long gen, CancelIndicator cancel) {
        long start = System.nanoTime();
        engineRuns.incrementAndGet();
        var options = EngineOptions.defaults();
        if (defaultKernel.isPresent()) {
            options = options.withDefaultKernel(defaultKernel.get());
        }
        CheckedFile checked = Checker.of(resource).checkValidated(resource, options, cancel);
        profiles.remember(checked);
        if (checked.failure() != null) {
            LOG.error("engine run failed on " + resource.getURI(), checked.failure());
        }
        long ran = System.nanoTime();
        if (LOG.isInfoEnabled()) {
            LOG.info(String.format("check of %s: %.1f ms, %d findings%s", resource.getURI().lastSegment(),
                    (ran - start) / 1e6, checked.findings().size(), checked.ran() ? "" : " (" + checked.skipped() + ")"));
        }
        return new Analysis(resource, gen, checked, ran - start);
    }

    private static final class Attached extends AdapterImpl {
        private final Session session;

        Attached(Session session) {
            this.session = session;
        }

        @Override
        public boolean isAdapterForType(Object type) {
            return type == Session.class;
        }
    }
}
