package dev.vmem.eclipse;

import dev.vmem.eclipse.preferences.VMemPreferences;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import dev.vmem.dsl.scoping.ImportRoots;
import java.nio.file.Path;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.IPath;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.service.OperationCanceledError;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.util.LazyStringInputStream;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;

/**
 * Parses and validates VMem text the way the editor, the markers and the quick fixes see it. Each
 * call uses a fresh resource set, whose imports come from open editors where a file is open and
 * from the file system otherwise.
 */
public final class VMemAnalyzer {

    private VMemAnalyzer() {
    }

    /**
     * The URI of a workspace file: its location in the file system ({@code file:}), because imports
     * name files by path (ImportRoots reads nothing else).
     */
    public static URI uri(IFile file) {
        IPath location = file.getLocation();
        return location == null ? URI.createPlatformResourceURI(file.getFullPath().toString(), true)
                : URI.createFileURI(location.toOSString());
    }

    /** The workspace file of a {@code file:} or {@code platform:/resource} URI, or null. */
    public static IFile file(URI uri) {
        var root = ResourcesPlugin.getWorkspace().getRoot();
        if (uri.isPlatformResource()) {
            return root.getFile(IPath.fromOSString(uri.toPlatformString(true)));
        }
        if (uri.isFile()) {
            return root.getFileForLocation(IPath.fromOSString(uri.toFileString()));
        }
        return null;
    }

    /**
     * Where imports may read from: every open project of the workspace, and the folder of a file
     * outside the workspace.
     */
    static ImportRoots importRoots(URI uri) {
        var roots = new ArrayList<Path>();
        for (IProject project : ResourcesPlugin.getWorkspace().getRoot().getProjects()) {
            if (project.isOpen() && project.getLocation() != null) {
                roots.add(project.getLocation().toPath());
            }
        }
        if (uri.isFile() && file(uri) == null) {
            Path path = Path.of(uri.toFileString()).toAbsolutePath().getParent();
            if (path != null) {
                roots.add(path);
            }
        }
        return ImportRoots.of(roots);
    }

    /** Parses {@code text} as the content of {@code uri}, with linking but without validation. */
    public static XtextResource parse(URI uri, String text) {
        XtextResourceSet set = VMemLanguage.get(XtextResourceSet.class);
        set.getURIConverter().getURIHandlers().add(0, new OpenBuffersURIHandler());
        importRoots(uri).installOn(set);
        var resource = (XtextResource) set.createResource(uri);
        try {
            resource.load(new LazyStringInputStream(text, StandardCharsets.UTF_8.name()),
                    Map.of(XtextResource.OPTION_ENCODING, StandardCharsets.UTF_8.name()));
        } catch (IOException cannotHappen) {
            throw new IllegalStateException(cannotHappen);
        }
        return resource;
    }

    /**
     * Parses and validates; the issues carry the severities of the preferences (ignored codes are left out).
     *
     * @throws OperationCanceledException when {@code cancel} answers true during validation
     */
    public static Analysis analyze(URI uri, String text, CancelIndicator cancel) {
        XtextResource resource = parse(uri, text);
        IResourceValidator validator = resource.getResourceServiceProvider().getResourceValidator();
        List<Issue> raw;
        try {
            raw = validator.validate(resource, CheckMode.ALL, cancel == null ? CancelIndicator.NullImpl : cancel);
        } catch (OperationCanceledError e) {
            // Xtext signals cancellation with an Error; callers handle the runtime exception.
            throw new OperationCanceledException();
        }
        var issues = new ArrayList<Issue>();
        for (Issue issue : raw) {
            Issue adjusted = VMemPreferences.applySeverity(issue);
            if (adjusted != null) {
                issues.add(adjusted);
            }
        }
        return new Analysis(text, resource, issues, ReportAdapter.of(resource));
    }
}
