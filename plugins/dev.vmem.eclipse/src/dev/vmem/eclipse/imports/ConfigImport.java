package dev.vmem.eclipse.imports;

import dev.vmem.importers.FormatGuess;
import dev.vmem.importers.ImportException;
import dev.vmem.importers.ImportOptions;
import dev.vmem.importers.ImportResult;
import dev.vmem.importers.SourcePosition;
import dev.vmem.importers.VmmFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Path;
import org.eclipse.core.runtime.Status;

/**
 * "VMem: Import VMM configuration…" without its dialogs: reads a workspace file, guesses its format,
 * imports it with the importers bundle (the same text as {@code vmem import --from FORMAT FILE}) and
 * writes the {@code .vmem} beside it. No UI here: the handler ({@link ImportConfigurationHandler}) asks
 * for what is not evident and shows what goes wrong; this part is tested headless.
 */
public final class ConfigImport {

    /** The file name endings the command is offered for (the Project Explorer's and the editor's menus). */
    public static final List<String> EXTENSIONS = List.of("json", "xml", "sh", "args", "txt", "cmdline");

    /** What the import wrote. */
    public record Written(IFile target, ImportResult result) {
    }

    private ConfigImport() {
    }

    /** True for a file whose ending the command is offered for. */
    public static boolean offeredFor(IFile file) {
        String ext = file.getFileExtension();
        return ext != null && EXTENSIONS.contains(ext.toLowerCase(Locale.ROOT));
    }

    /** The {@code .vmem} beside {@code source}: {@code vm.json} gives {@code vm.vmem}, {@code qemu-cmdline} {@code qemu-cmdline.vmem}. */
    public static IFile target(IFile source) {
        String name = source.getName();
        String ext = source.getFileExtension();
        String base = ext == null ? name : name.substring(0, name.length() - ext.length() - 1);
        return source.getParent().getFile(new Path(base + ".vmem"));
    }

    /**
     * The file's text in its charset, refused past the importers' size limit.
     *
     * @throws ImportException too large (nothing is read past the limit)
     */
    public static String read(IFile source) throws CoreException, ImportException {
        long limit = ImportOptions.DEFAULT_MAX_BYTES;
        try (InputStream in = source.getContents(true)) {
            byte[] bytes = in.readNBytes((int) limit + 1);
            if (bytes.length > limit) {
                throw new ImportException("file too large: more than the limit of " + limit + " bytes", SourcePosition.START);
            }
            return new String(bytes, charset(source));
        } catch (IOException e) {
            throw new CoreException(Status.error("cannot read " + source.getFullPath() + ": " + e.getMessage(), e));
        }
    }

    private static Charset charset(IFile file) {
        try {
            return Charset.forName(file.getCharset());
        } catch (CoreException | RuntimeException e) {
            return StandardCharsets.UTF_8;
        }
    }

    /** The format the file's content shows, if it shows one. */
    public static Optional<VmmFormat> guess(String text) {
        return FormatGuess.of(text);
    }

    /** True when the target exists (on disk too: the folder is refreshed first). */
    public static boolean targetExists(IFile source, IProgressMonitor monitor) throws CoreException {
        IFile target = target(source);
        target.refreshLocal(IResource.DEPTH_ZERO, monitor);
        return target.exists();
    }

    /**
     * Imports {@code source} as {@code format} with the importers' default kernel profile and writes the
     * {@code .vmem} beside it, replacing an existing one only when {@code replace} is true.
     *
     * @throws ImportException the configuration cannot be imported (with its position); nothing is written
     * @throws CoreException   the workspace refused to read or write, or the target exists and {@code replace} is false
     */
    public static Written run(IFile source, VmmFormat format, boolean replace, IProgressMonitor monitor)
            throws CoreException, ImportException {
        String text = read(source);
        ImportResult result = format.importer().read(source.getName(), text, ImportOptions.defaults());
        IFile target = target(source);
        target.refreshLocal(IResource.DEPTH_ZERO, monitor);
        var content = new ByteArrayInputStream(result.text().getBytes(StandardCharsets.UTF_8));
        if (target.exists()) {
            if (!replace) {
                throw new CoreException(Status.error(target.getName() + " already exists"));
            }
            target.setContents(content, IResource.FORCE | IResource.KEEP_HISTORY, monitor);
        } else {
            target.create(content, IResource.FORCE, monitor);
        }
        if (!"UTF-8".equals(target.getCharset(false))) {
            target.setCharset("UTF-8", monitor);
        }
        return new Written(target, result);
    }

    /** {@code NAME:LINE:COLUMN (POINTER): MESSAGE}, as the CLI's import error line names the place. */
    public static String describe(IFile source, ImportException e) {
        return source.getName() + ":" + e.position() + ": " + e.getMessage();
    }
}
