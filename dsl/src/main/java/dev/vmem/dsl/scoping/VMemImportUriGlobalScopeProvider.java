package dev.vmem.dsl.scoping;

import java.util.Set;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.scoping.impl.ImportUriGlobalScopeProvider;
import org.eclipse.xtext.util.IAcceptor;

/**
 * {@code import "other.vmem"} makes the kernels and VMs of other.vmem visible. Xtext's provider takes
 * the URI as written; this one resolves a relative URI against the importing file, so imports work
 * the same in the editor, the CLI and tests, and drops imports that {@link ImportRoots} refuses, so that
 * Xtext never loads them. Imports are not re-exported: a file sees what it imports.
 */
public class VMemImportUriGlobalScopeProvider extends ImportUriGlobalScopeProvider {

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
}
