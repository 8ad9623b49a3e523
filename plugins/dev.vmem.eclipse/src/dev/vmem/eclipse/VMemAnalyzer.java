package dev.vmem.eclipse;

import dev.vmem.editor.fix.QuickFixes;
import dev.vmem.editor.profile.LatestProfiles;
import dev.vmem.dsl.analysis.CheckedFile;
import dev.vmem.dsl.analysis.Checker;
import dev.vmem.dsl.analysis.Placed;
import dev.vmem.dsl.text.LineIndex;
import dev.vmem.eclipse.preferences.VMemPreferences;
import dev.vmem.engine.EngineOptions;
import dev.vmem.engine.report.Finding;
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
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.validation.CheckType;
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
     * Checks {@code text} with the language's one {@link Checker} (the same pipeline as the CLI and the
     * language server, with the preferences' default kernel profile); the issues carry the severities of
     * the preferences (ignored codes are left out).
     *
     * @throws OperationCanceledException when {@code cancel} answers true during the check
     */
    public static Analysis analyze(URI uri, String text, CancelIndicator cancel) {
        XtextResource resource = parse(uri, text);
        EngineOptions options = VMemPreferences.defaultKernel().map(EngineOptions.defaults()::withDefaultKernel)
                .orElse(EngineOptions.defaults());
        CheckedFile checked;
        try {
            checked = Checker.of(resource).check(resource, options, cancel == null ? CancelIndicator.NullImpl : cancel);
        } catch (OperationCanceledError e) {
            // Xtext signals cancellation with an Error; callers handle the runtime exception.
            throw new OperationCanceledException();
        }
        VMemLanguage.get(LatestProfiles.Store.class).remember(checked); // completion's VM profiles
        var lines = new LineIndex(text);
        var issues = new ArrayList<Issue>();
        for (Placed p : checked.all()) {
            Issue adjusted = VMemPreferences.applySeverity(p.issue() != null ? p.issue() : issue(p, lines));
            if (adjusted != null) {
                issues.add(adjusted);
            }
        }
        return new Analysis(text, resource, issues, checked);
    }

    /**
     * An engine problem as an Xtext issue: its place, and as data {@code outcome=}, the finding's own
     * data, {@code vm=} and {@code secretBacking=}, one {@code key=value} string each (what quick fixes read from markers).
     */
    static Issue issue(Placed p, LineIndex lines) {
        var issue = new Issue.IssueImpl();
        issue.setCode(p.code());
        issue.setMessage(p.message());
        issue.setSeverity(switch (p.severity()) {
            case ERROR -> Severity.ERROR;
            case WARNING -> Severity.WARNING;
            case INFO -> Severity.INFO;
        });
        issue.setType(CheckType.NORMAL);
        issue.setOffset(p.offset());
        issue.setLength(p.length());
        issue.setLineNumber(lines.line1(p.offset()));
        issue.setColumn(lines.column1(p.offset()));
        issue.setLineNumberEnd(lines.line1(p.place().end()));
        issue.setColumnEnd(lines.column1(p.place().end()));
        var data = new ArrayList<String>();
        Finding f = p.finding();
        if (f != null) {
            data.add("outcome=" + f.outcome().keyword());
            f.data().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> data.add(e.getKey() + "=" + e.getValue()));
            if (!f.data().containsKey("vm") && !f.vm().isEmpty()) {
                data.add("vm=" + f.vm());
            }
            QuickFixes.secretBacking(f).ifPresent(b -> data.add(QuickFixes.SECRET_BACKING + "=" + b));
        }
        issue.setData(data.toArray(String[]::new));
        return issue;
    }
}
