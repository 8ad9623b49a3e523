package dev.vmem.dsl.scoping;

import com.google.inject.Inject;
import dev.vmem.dsl.vmem.Import;
import dev.vmem.dsl.vmem.Model;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.scoping.impl.ImportUriGlobalScopeProvider;
import org.eclipse.xtext.scoping.impl.ImportUriResolver;
import org.eclipse.xtext.util.IAcceptor;
import org.eclipse.xtext.util.IResourceScopeCache;

/**
 * {@code import "other.vmem"} makes the kernels and VMs of other.vmem visible. Xtext's provider takes
 * the URI as written; this one resolves a relative URI against the importing file, so imports work
 * the same in the editor, the CLI and tests, and drops imports that {@link ImportRoots} refuses, so that
 * Xtext never loads them. Imports are not re-exported: a file sees what it imports.
 */
public class VMemImportUriGlobalScopeProvider extends ImportUriGlobalScopeProvider {

    @Inject
    private IResourceScopeCache cache;

    @Override
    protected IAcceptor<String> createURICollector(Resource resource, Set<URI> collectInto) {
        return new URICollector(resource.getResourceSet(), collectInto) {
            @Override
            public URI resolve(String uriAsString) {
                URI uri = VMemImports.resolve(super.resolve(uriAsString), resource);
                // A refused import (outside the workspace, not a .vmem file, …) is never loaded.
                return uri == null || VMemImports.refusal(uri, resource).isPresent() ? null : uri;
            }
        };
    }

    /**
     * The imported URIs as Xtext's provider finds them (in the order of the file, the invalid ones left
     * out, once per resource and under the same cache key), from a file's {@code import}s only: Xtext's
     * walks every element of the file for an {@code importURI} (each of a VM's 32,000 memslots), and in
     * this grammar only an {@link Import}, which only a {@link Model} holds, has one.
     */
    @Override
    protected LinkedHashSet<URI> getImportedUris(Resource resource) {
        return cache.get(ImportUriGlobalScopeProvider.class.getName(), resource, () -> {
            var uris = new LinkedHashSet<URI>(5);
            IAcceptor<String> collector = createURICollector(resource, uris);
            ImportUriResolver resolver = getImportUriResolver();
            for (EObject root : resource.getContents()) {
                collector.accept(resolver.apply(root));
                Iterator<? extends EObject> elements = root instanceof Model model ? model.getImports().iterator()
                        : root.eAllContents(); // not a parse result of this grammar: every element, as Xtext's
                elements.forEachRemaining(e -> collector.accept(resolver.apply(e)));
            }
            uris.removeIf(uri -> !EcoreUtil2.isValidUri(resource, uri));
            return uris;
        });
    }
}
