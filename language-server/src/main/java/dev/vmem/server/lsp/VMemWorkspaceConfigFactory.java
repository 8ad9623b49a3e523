package dev.vmem.server.lsp;

import com.google.inject.Inject;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.emf.common.util.URI;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.xtext.ide.server.IMultiRootWorkspaceConfigFactory;
import org.eclipse.xtext.ide.server.UriExtensions;
import org.eclipse.xtext.util.IFileSystemScanner;
import org.eclipse.xtext.util.UriUtil;
import org.eclipse.xtext.workspace.IProjectConfig;
import org.eclipse.xtext.workspace.ISourceFolder;
import org.eclipse.xtext.workspace.IWorkspaceConfig;
import org.eclipse.xtext.workspace.WorkspaceConfig;

/**
 * A workspace that starts empty. Xtext's default makes a project of every workspace folder and builds
 * every file in it before it answers {@code initialize} (and publishes diagnostics for all of them).
 * Here the projects list no files: the workspace holds the documents the client opens and the files
 * they import ({@link VMemLanguageServer} adds those), so {@code initialize} answers at once.
 *
 * <p>Besides one project per workspace folder there is one for everything else: a file opened outside
 * every folder, or in a client that sent no root at all ({@code rootUri} null, no
 * {@code workspaceFolders}), still belongs to a project.
 */
public class VMemWorkspaceConfigFactory implements IMultiRootWorkspaceConfigFactory {

    /** The project of files outside every workspace folder. */
    public static final String OUTSIDE = "vmem-files-outside-the-workspace";

    @Inject
    private UriExtensions uris;

    @Override
    public IWorkspaceConfig getWorkspaceConfig(List<WorkspaceFolder> workspaceFolders) {
        var workspace = new WorkspaceConfig();
        Set<String> names = new HashSet<>();
        names.add(OUTSIDE);
        if (workspaceFolders != null) {
            for (WorkspaceFolder folder : workspaceFolders) {
                if (folder == null || folder.getUri() == null) {
                    continue;
                }
                URI path = UriUtil.toFolderURI(uris.toUri(folder.getUri()));
                String name = folder.getName() == null || folder.getName().isBlank() ? path.toString() : folder.getName();
                while (!names.add(name)) {
                    name = name + "'";
                }
                workspace.addProject(new OpenedFilesProject(name, path, false, workspace));
            }
        }
        workspace.addProject(new OpenedFilesProject(OUTSIDE, URI.createURI("file:///"), true, workspace));
        return workspace;
    }

    /** A project whose files are the ones opened (and imported), not the ones on disk. */
    static final class OpenedFilesProject implements IProjectConfig {
        private final String name;
        private final URI path;
        private final IWorkspaceConfig workspace;
        private final ISourceFolder folder;

        OpenedFilesProject(String name, URI path, boolean everything, IWorkspaceConfig workspace) {
            this.name = name;
            this.path = path;
            this.workspace = workspace;
            this.folder = new ISourceFolder() {
                @Override
                public String getName() {
                    return ".";
                }

                @Override
                public URI getPath() {
                    return path;
                }

                @Override
                public boolean contains(URI uri) {
                    return everything || UriUtil.isPrefixOf(path, uri);
                }

                @Override
                public List<URI> getAllResources(IFileSystemScanner scanner) {
                    return List.of(); // no up-front build
                }
            };
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public URI getPath() {
            return path;
        }

        @Override
        public Set<? extends ISourceFolder> getSourceFolders() {
            return Set.of(folder);
        }

        @Override
        public ISourceFolder findSourceFolderContaining(URI member) {
            return folder.contains(member) ? folder : null;
        }

        @Override
        public IWorkspaceConfig getWorkspaceConfig() {
            return workspace;
        }

        @Override
        public String toString() {
            return "project " + name + " (" + path + ")";
        }
    }
}
