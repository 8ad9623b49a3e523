package dev.vmem.eclipse.preferences;

import dev.vmem.eclipse.VMemPlugin;
import dev.vmem.editor.settings.DefaultProfile;
import dev.vmem.editor.settings.SeverityLevel;
import dev.vmem.engine.model.KernelDecl;
import java.util.Optional;
import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.validation.Issue;

/**
 * The editor's settings: a severity per rule code and the default kernel profile for VMs that name
 * none. Stored in the instance scope of the bundle (workspace preferences).
 */
public final class VMemPreferences {

    /**
     * The kernel profile for VMs that name none, written like the language server's
     * {@code kernel.defaultProfile} setting ({@code 6.18 x86_64 + no_direct_map v12 + pfncache_gmem}) or
     * as the body of a kernel block ({@code version 6.18 arch x86_64 patch no_direct_map v12}); empty:
     * the built-in default.
     */
    public static final String DEFAULT_KERNEL = "defaultKernel";

    /**
     * Whether the editor shows the direct-map exposure after each VM's name and backing (the language
     * server's inlay hints, which VS Code turns off with {@code editor.inlayHints.enabled}).
     */
    public static final String SHOW_INLAY_HINTS = "showInlayHints";

    /**
     * Whether the editor shows each scenario's result above it (the language server's code lenses, which
     * VS Code turns off with {@code editor.codeLens}).
     */
    public static final String SHOW_CODE_LENSES = "showCodeLenses";

    /** Prefix of the per-code severity keys: {@code severity.<code>} = {@link #SEVERITIES}. */
    public static final String SEVERITY_PREFIX = "severity.";

    public static final String DEFAULT = "default";
    public static final String ERROR = "error";
    public static final String WARNING = "warning";
    public static final String INFO = "info";
    public static final String IGNORE = "ignore";

    /** The values a severity preference may take. */
    public static final String[] SEVERITIES = {DEFAULT, ERROR, WARNING, INFO, IGNORE};

    private static String cachedKernelText;
    private static Optional<KernelDecl> cachedKernel = Optional.empty();

    private VMemPreferences() {
    }

    public static IEclipsePreferences node() {
        return InstanceScope.INSTANCE.getNode(VMemPlugin.ID);
    }

    public static String get(String key, String fallback) {
        return Platform.getPreferencesService().getString(VMemPlugin.ID, key, fallback, null);
    }

    /** Whether the editor shows the exposure hints ({@link #SHOW_INLAY_HINTS}, on by default). */
    public static boolean showInlayHints() {
        return Platform.getPreferencesService().getBoolean(VMemPlugin.ID, SHOW_INLAY_HINTS, true, null);
    }

    /** Whether the editor shows the scenarios' results ({@link #SHOW_CODE_LENSES}, on by default). */
    public static boolean showCodeLenses() {
        return Platform.getPreferencesService().getBoolean(VMemPlugin.ID, SHOW_CODE_LENSES, true, null);
    }

    /** The severity preference of a rule code: one of {@link #SEVERITIES}. */
    public static String severity(String code) {
        return get(SEVERITY_PREFIX + code, DEFAULT);
    }

    /**
     * {@code issue} with the severity the preferences give its code, or null when the code is ignored:
     * the editor layer's {@link SeverityLevel} (the language server's semantics: any code can be set;
     * {@link #DEFAULT} keeps the checker's severity).
     */
    public static Issue applySeverity(Issue issue) {
        if (issue.getCode() == null) {
            return issue;
        }
        Optional<SeverityLevel> level = SeverityLevel.parse(severity(issue.getCode()));
        if (level.isEmpty()) {
            return issue;
        }
        Severity severity = switch (level.get()) {
            case ERROR -> Severity.ERROR;
            case WARNING -> Severity.WARNING;
            case INFO -> Severity.INFO;
            case OFF -> null;
        };
        if (severity == null) {
            return null;
        }
        if (severity != issue.getSeverity() && issue instanceof Issue.IssueImpl impl) {
            impl.setSeverity(severity);
        }
        return issue;
    }

    /** The default kernel profile of the preferences, if one is set and parses. */
    public static synchronized Optional<KernelDecl> defaultKernel() {
        String text = get(DEFAULT_KERNEL, "").trim();
        if (!text.equals(cachedKernelText)) {
            cachedKernelText = text;
            cachedKernel = text.isEmpty() ? Optional.empty() : parseKernel(text);
        }
        return cachedKernel;
    }

    /**
     * Parses a default kernel profile with the setting's one grammar (the editor layer's
     * {@link DefaultProfile}: the short form, or the same words as a kernel block's body); empty when
     * the text has any problem (the preference page refuses it).
     */
    public static Optional<KernelDecl> parseKernel(String text) {
        return DefaultProfile.parse(text).strict();
    }
}
