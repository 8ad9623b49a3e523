package dev.vmem.dsl.scoping;

import dev.vmem.dsl.vmem.Import;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;

/** How an {@code import "..."} names a file: relative to the importing file. Used by scoping, validation and mapping. */
public final class VMemImports {

    private VMemImports() {
    }

    /** The absolute URI an import names, or null when it names nothing usable (empty, malformed). */
    public static URI resolve(Import anImport) {
        String text = anImport.getImportURI();
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return resolve(URI.createURI(text), anImport.eResource());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static URI resolve(URI uri, Resource importer) {
        if (uri == null || !uri.isRelative() || importer == null) {
            return uri;
        }
        URI base = importer.getURI();
        return base == null || base.isRelative() ? uri : uri.resolve(base);
    }
}
