package dev.vmem.dsl.scoping;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.eclipse.emf.common.notify.Adapter;
import org.eclipse.emf.common.notify.impl.AdapterImpl;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.ResourceSet;
import org.eclipse.xtext.workspace.IProjectConfig;
import org.eclipse.xtext.workspace.ProjectConfigAdapter;

/**
 * Where {@code import "…"} may read from: the folders (roots) an import must stay inside, and what
 * it must name. An import is refused, with nothing read, unless it names a {@code .vmem} file by a
 * plain path (no {@code http:}, {@code classpath:}, … URI) whose real location (symbolic links
 * followed) is inside a root, and, when that file exists, it is a regular file (not a FIFO or device)
 * of at most {@link #maxFileBytes()}.
 *
 * <p>Which roots apply to the imports of a resource ({@link #forImporter}):
 * <ol>
 * <li>roots {@linkplain #installOn installed} on its resource set: the CLI installs the current
 *     folder and the folders of its PATH arguments, the language server its workspace folders;</li>
 * <li>else the folders of the projects of Xtext's workspace, when the resource set belongs to one
 *     (the language server's projects are its workspace folders; a project rooted at {@code /} that
 *     collects files outside them does not count);</li>
 * <li>else the importing file's own folder (and everything below it) and the current folder.</li>
 * </ol>
 *
 * <p>Refusals are reported by the validator as {@code unresolved-import} on the import string;
 * scoping, the mapper and every other reader of imports go through {@link VMemImports}, which never
 * hands out a refused URI.
 */
public final class ImportRoots {

    /** The largest imported file read by default (the CLI's default --max-file-size). */
    public static final long DEFAULT_MAX_FILE_BYTES = 4L << 20;

    private final List<Path> roots;
    private final long maxFileBytes;
    private volatile List<Path> realRoots;

    private ImportRoots(List<Path> roots, long maxFileBytes) {
        this.roots = roots;
        this.maxFileBytes = maxFileBytes;
    }

    /** Imports confined to {@code roots} (folders; relative ones are taken from the current folder). */
    public static ImportRoots of(Collection<Path> roots) {
        var normalized = new ArrayList<Path>();
        for (Path root : roots) {
            Path p = root.toAbsolutePath().normalize();
            if (!normalized.contains(p)) {
                normalized.add(p);
            }
        }
        return new ImportRoots(List.copyOf(normalized), DEFAULT_MAX_FILE_BYTES);
    }

    /** The same roots, with another limit on the size of an imported file. */
    public ImportRoots withMaxFileBytes(long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("maxFileBytes must be positive");
        }
        return new ImportRoots(roots, bytes);
    }

    public List<Path> roots() {
        return roots;
    }

    public long maxFileBytes() {
        return maxFileBytes;
    }

    // ------------------------------------------------------------------ where roots come from

    /** Confines the imports of every resource of {@code set} to these roots (replacing roots installed before). */
    public void installOn(ResourceSet set) {
        synchronized (set) {
            set.eAdapters().removeIf(Holder.class::isInstance);
            set.eAdapters().add(new Holder(this));
        }
    }

    /** The roots installed on {@code set}, if any. */
    public static Optional<ImportRoots> installedOn(ResourceSet set) {
        if (set == null) {
            return Optional.empty();
        }
        synchronized (set) {
            for (Adapter a : set.eAdapters()) {
                if (a instanceof Holder h) {
                    return Optional.of(h.roots);
                }
            }
        }
        return Optional.empty();
    }

    /** The roots in force for the imports of {@code importer} (see the class comment). */
    public static ImportRoots forImporter(Resource importer) {
        ResourceSet set = importer == null ? null : importer.getResourceSet();
        Optional<ImportRoots> installed = installedOn(set);
        if (installed.isPresent()) {
            return installed.get();
        }
        List<Path> workspace = workspaceFolders(set);
        if (!workspace.isEmpty()) {
            return of(workspace);
        }
        var defaults = new ArrayList<Path>();
        Path file = importer == null ? null : pathOf(importer.getURI());
        if (file != null && file.getParent() != null) {
            defaults.add(file.getParent());
        }
        defaults.add(Path.of("").toAbsolutePath());
        return of(defaults);
    }

    /**
     * The folders of every project of the Xtext workspace {@code set} belongs to (the language server's
     * workspace folders); a project rooted at the file system's root (one that holds "everything
     * else") does not count.
     */
    private static List<Path> workspaceFolders(ResourceSet set) {
        ProjectConfigAdapter adapter = set == null ? null : ProjectConfigAdapter.findInEmfObject(set);
        IProjectConfig project = adapter == null ? null : adapter.getProjectConfig();
        if (project == null) {
            return List.of();
        }
        var projects = new ArrayList<IProjectConfig>();
        if (project.getWorkspaceConfig() != null && project.getWorkspaceConfig().getProjects() != null) {
            projects.addAll(project.getWorkspaceConfig().getProjects());
        } else {
            projects.add(project);
        }
        var folders = new ArrayList<Path>();
        for (IProjectConfig p : projects) {
            Path folder = p == null ? null : folderOf(p.getPath());
            if (folder != null && folder.getParent() != null) {
                folders.add(folder);
            }
        }
        return folders;
    }

    // ------------------------------------------------------------------ the check

    /**
     * Why the import naming {@code uri} (already resolved against the importing file) may not be
     * read, or empty when it may. Looks at the file system (the real path, the file type and size)
     * but never opens the file.
     */
    public Optional<String> refusal(URI uri) {
        if (uri == null) {
            return Optional.of("it is not a file path");
        }
        if (!uri.isFile()) {
            return Optional.of("imports name files by path; '" + uri.scheme() + ":' locations are not read");
        }
        Path path = pathOf(uri);
        if (path == null) {
            return Optional.of("it is not a valid file path");
        }
        if (!inside(path, roots)) {
            return Optional.of(path + " is outside the workspace (" + describeRoots() + ")");
        }
        Path name = path.getFileName();
        if (name == null || !name.toString().endsWith(".vmem")) {
            return Optional.of("imports must name .vmem files");
        }
        if (!Files.exists(path)) {
            return Optional.empty(); // not there: the validator reports it as a file it cannot find
        }
        try {
            Path real = path.toRealPath();
            if (!inside(real, realRoots())) {
                return Optional.of(path + " leads (through a symbolic link) to " + real
                        + ", outside the workspace (" + describeRoots() + ")");
            }
            if (!Files.isRegularFile(real)) {
                return Optional.of(path + " is not a regular file");
            }
            long size = Files.size(real);
            if (size > maxFileBytes) {
                return Optional.of(path + " is larger than the limit of " + maxFileBytes + " bytes");
            }
        } catch (IOException | SecurityException e) {
            return Optional.of(path + " cannot be examined: " + e.getMessage());
        }
        return Optional.empty();
    }

    private String describeRoots() {
        if (roots.isEmpty()) {
            return "no folder is open for imports";
        }
        return "imports may read below " + String.join(", ", roots.stream().map(Path::toString).toList());
    }

    private static boolean inside(Path path, List<Path> folders) {
        for (Path folder : folders) {
            if (path.startsWith(folder)) {
                return true;
            }
        }
        return false;
    }

    /** The roots with symbolic links resolved (a root that does not exist stays as given). */
    private List<Path> realRoots() {
        List<Path> r = realRoots;
        if (r == null) {
            var out = new ArrayList<Path>();
            for (Path root : roots) {
                try {
                    out.add(root.toRealPath());
                } catch (IOException | SecurityException e) {
                    out.add(root);
                }
            }
            r = List.copyOf(out);
            realRoots = r;
        }
        return r;
    }

    /** The absolute, normalized file path of a file URI (relative ones from the current folder), or null. */
    static Path pathOf(URI uri) {
        if (uri == null || !uri.isFile()) {
            return null;
        }
        try {
            String file = uri.toFileString();
            return file == null ? null : Path.of(file).toAbsolutePath().normalize();
        } catch (IllegalArgumentException e) { // InvalidPathException among them
            return null;
        }
    }

    private static Path folderOf(URI uri) {
        return uri == null ? null : pathOf(uri);
    }

    /** Keeps the roots of one resource set. */
    private static final class Holder extends AdapterImpl {
        final ImportRoots roots;

        Holder(ImportRoots roots) {
            this.roots = roots;
        }

        @Override
        public boolean isAdapterForType(Object type) {
            return type == ImportRoots.class;
        }
    }
}
