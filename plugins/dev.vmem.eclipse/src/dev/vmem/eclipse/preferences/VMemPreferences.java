package dev.vmem.eclipse.preferences;

import dev.vmem.dsl.mapping.ModelMapper;
import dev.vmem.dsl.vmem.Model;
import dev.vmem.eclipse.VMemAnalyzer;
import dev.vmem.eclipse.VMemPlugin;
import dev.vmem.engine.model.KernelDecl;
import dev.vmem.engine.report.Rule;
import java.util.Optional;
import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.emf.common.util.URI;
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

    /** Prefix of the per-code severity keys: {@code severity.<code>} = {@link #SEVERITIES}. */
    public static final String SEVERITY_PREFIX = "severity.";

    public static final String DEFAULT = "default";
    public static final String ERROR = "error";
    public static final String WARNING = "warning";
    public static final String INFO = "info";
    public static final String IGNORE = "ignore";

    /** The values a severity preference may take. */
    public static final String[] SEVERITIES = {DEFAULT, ERROR, WARNING, INFO, IGNORE};

    private static final URI DEFAULT_KERNEL_URI = URI.createURI("synthetic:/vmem-default-kernel-profile.vmem");

    private static String cachedKernelText;
    private static Optional<KernelDecl> cachedKernel = Optional.empty();

    private VMemPreferences() {
    }

    /** {@code 6.18 x86_64 + no_direct_map v12 + pfncache_gmem} as {@code version 6.18 arch x86_64 patch …}. */
    static String blockBody(String shortForm) {
        String[] words = shortForm.replace("+", " ").trim().split("\\s+");
        var body = new StringBuilder("version ").append(words[0]);
        for (int i = 1; i < words.length; i++) {
            String word = words[i];
            if (word.equalsIgnoreCase("linux")) {
                continue;
            }
            if (word.equals("x86_64") || word.equals("arm64")) {
                body.append("\narch ").append(word);
            } else if (word.equals("no_direct_map") && i + 1 < words.length) {
                body.append("\npatch no_direct_map ").append(words[++i]);
            } else {
                body.append("\npatch ").append(word);
            }
        }
        return body.toString();
    }

    public static IEclipsePreferences node() {
        return InstanceScope.INSTANCE.getNode(VMemPlugin.ID);
    }

    public static String get(String key, String fallback) {
        return Platform.getPreferencesService().getString(VMemPlugin.ID, key, fallback, null);
    }

    /** The severity preference of a rule code: one of {@link #SEVERITIES}. */
    public static String severity(String code) {
        return get(SEVERITY_PREFIX + code, DEFAULT);
    }

    /**
     * {@code issue} with the severity the preferences give its code, or null when the code is
     * ignored. Codes of the language's own checks (syntax, linking, duplicates) are not configurable.
     */
    public static Issue applySeverity(Issue issue) {
        if (issue.getCode() == null || Rule.byCode(issue.getCode()).isEmpty()) {
            return issue;
        }
        Severity severity = switch (severity(issue.getCode())) {
            case ERROR -> Severity.ERROR;
            case WARNING -> Severity.WARNING;
            case INFO -> Severity.INFO;
            case IGNORE -> null;
            default -> issue.getSeverity();
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
     * Parses a default kernel profile, in either form (see {@link #DEFAULT_KERNEL}); empty when it has
     * errors. The short form is turned into a kernel block body and read by the language's parser.
     */
    public static Optional<KernelDecl> parseKernel(String text) {
        String body = text.trim();
        if (body.matches("^\\d+(\\.\\d+)+([\\s+].*)?$")) {
            body = blockBody(body);
        }
        try {
            var resource = VMemAnalyzer.parse(DEFAULT_KERNEL_URI, "kernel default {\n" + body + "\n}\n");
            if (!resource.getErrors().isEmpty() || resource.getContents().isEmpty()
                    || !(resource.getContents().get(0) instanceof Model model)) {
                return Optional.empty();
            }
            var kernels = new ModelMapper().map(model).kernels();
            return kernels.size() == 1 ? Optional.of(kernels.get(0)) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
