package dev.vmem.eclipse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.core.filebuffers.FileBuffers;
import org.eclipse.core.filebuffers.ITextFileBuffer;
import org.eclipse.core.filebuffers.LocationKind;
import org.eclipse.core.runtime.IPath;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.impl.URIHandlerImpl;

/**
 * Serves the text of files that are open in an editor from their (possibly unsaved) document, so
 * that a file is checked against what its imports say now, not what was last saved.
 */
final class OpenBuffersURIHandler extends URIHandlerImpl {

    /** The open buffer of {@code uri}, or null. */
    static ITextFileBuffer buffer(URI uri) {
        var manager = FileBuffers.getTextFileBufferManager();
        if (uri.isPlatformResource()) {
            return manager.getTextFileBuffer(IPath.fromOSString(uri.toPlatformString(true)), LocationKind.IFILE);
        }
        if (uri.isFile()) {
            var file = VMemAnalyzer.file(uri);
            if (file != null) {
                return manager.getTextFileBuffer(file.getFullPath(), LocationKind.IFILE);
            }
            return manager.getTextFileBuffer(IPath.fromOSString(uri.toFileString()), LocationKind.LOCATION);
        }
        return null;
    }

    @Override
    public boolean canHandle(URI uri) {
        return buffer(uri) != null;
    }

    @Override
    public InputStream createInputStream(URI uri, Map<?, ?> options) throws IOException {
        ITextFileBuffer buffer = buffer(uri);
        if (buffer == null) {
            throw new IOException("no open buffer for " + uri);
        }
        return new ByteArrayInputStream(buffer.getDocument().get().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean exists(URI uri, Map<?, ?> options) {
        return buffer(uri) != null;
    }
}
