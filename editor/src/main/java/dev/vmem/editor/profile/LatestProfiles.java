package dev.vmem.editor.profile;

import com.google.inject.Singleton;
import dev.vmem.dsl.analysis.CheckedFile;
import dev.vmem.engine.report.Report;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;

/**
 * Where an editor keeps the VMs' profiles of the latest check of each file in which the engine ran
 * (possibly of an earlier text: while the user types, the text often does not parse and the engine
 * does not run). Completion asks it ({@link VmProfile#of}); the ide module binds one {@link Store} (the
 * Eclipse editor's), the language server binds its session's.
 */
public interface LatestProfiles {

    /** The VMs' profiles of the latest check of {@code resource}'s file in which the engine ran; empty when none. */
    List<Report.ResolvedProfile> of(Resource resource);

    /** The profiles of the latest checks, by file; fed by whoever checks files. */
    @Singleton
    final class Store implements LatestProfiles {

        private final Map<URI, List<Report.ResolvedProfile>> byFile = new ConcurrentHashMap<>();

        /** Keeps what {@code checked} says when the engine ran in it; a check in which it did not run changes nothing. */
        public void remember(CheckedFile checked) {
            if (checked.ran() && checked.resource().getURI() != null) {
                byFile.put(checked.resource().getURI(), checked.report().profiles());
            }
        }

        /** Forgets a file (closed). */
        public void forget(URI uri) {
            byFile.remove(uri);
        }

        @Override
        public List<Report.ResolvedProfile> of(Resource resource) {
            return resource == null || resource.getURI() == null ? List.of()
                    : byFile.getOrDefault(resource.getURI(), List.of());
        }
    }
}
