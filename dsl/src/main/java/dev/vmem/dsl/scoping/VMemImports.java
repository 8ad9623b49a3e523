package dev.vmem.dsl.scoping;

import dev.vmem.dsl.vmem.Import;
import java.util.Optional;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;

/**
 * How an {@code import "..."} names a file: relative to the importing file, and only inside the
 * {@link ImportRoots} in force for it. Used by scoping, validation and mapping: a refused import is
 * never resolved, so nothing reads it.
 */
public final class VMemImports {

    private VMemImports() {
    }

    /** The absolute URI an import names, or null when it names nothing usable (empty, malformed, refused). */
    public static URI resolve(Import anImport) {
        URI uri = named(anImport);
        return uri == null || refusal(uri, anImport.eResource()).isPresent() ? null : uri;
    }

    /** Why an import may not be read ({@link ImportRoots#refusal}), or empty when it may (or names nothing). */
    public static Optional<String> refusal(Import anImport) {
        URI uri = named(anImport);
        return uri == null ? Optional.empty() : refusal(uri, anImport.eResource());
    }

    /** The URI an import names, resolved against the importing file but not checked; null when malformed. */
    private static URI named(Import anImport) {
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

    static Optional<String> refusal(URI resolved, Resource importer) {
        return ImportRoots.forImporter(importer).refusal(resolved);
    }

    static URI resolve(URI uri, Resource importer) {
        if (uri == null || !uri.isRelative() || importer == null) {
            return uri;
        }
        URI base = importer.getURI();
        return base == null || base.isRelative() ? uri : uri.resolve(base);
    }
}
