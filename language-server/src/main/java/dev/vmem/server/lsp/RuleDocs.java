package dev.vmem.server.lsp;

import dev.vmem.dsl.validation.VMemIssueCodes;
import dev.vmem.engine.report.Rule;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a code's rule page is: {@code <base>docs/rules/<code>.md}. The base is, in this order, the
 * {@code docs.baseUrl} setting, the {@code vmem.docs.baseUrl} system property, the checkout the jar
 * runs from (a {@code file:} URI, when a {@code docs/rules} folder sits up to three levels above the
 * jar, as for {@code language-server/target/vmem.jar}), and else {@link #PUBLISHED}, the address the
 * CLI's SARIF {@code helpUri}s use too.
 */
public final class RuleDocs {

    /** Where the repository's docs/ folder is published (the same default as {@code vmem check --docs-url}). */
    public static final String PUBLISHED = "https://vmem.dev/";

    private static final String PROPERTY = "vmem.docs.baseUrl";

    private static volatile String shipped;

    private final String base;

    private RuleDocs(String base) {
        this.base = base.endsWith("/") ? base : base + "/";
    }

    /** The rule pages under the given setting, or under the default base. */
    public static RuleDocs of(Optional<String> configured) {
        return new RuleDocs(configured.or(() -> Optional.ofNullable(System.getProperty(PROPERTY)))
                .filter(s -> !s.isBlank()).orElseGet(RuleDocs::defaultBase));
    }

    /** The page of {@code code}, or empty for a code that has none (not a VMem code). */
    public Optional<String> href(String code) {
        if (code == null || (Rule.byCode(code).isEmpty() && !VMemIssueCodes.all().contains(code))) {
            return Optional.empty();
        }
        return Optional.of(base + "docs/rules/" + code + ".md");
    }

    public String base() {
        return base;
    }

    private static String defaultBase() {
        String s = shipped;
        if (s == null) {
            s = findCheckout().orElse(PUBLISHED);
            shipped = s;
        }
        return s;
    }

    private static Optional<String> findCheckout() {
        try {
            var location = RuleDocs.class.getProtectionDomain().getCodeSource();
            if (location == null) {
                return Optional.empty();
            }
            Path dir = Path.of(location.getLocation().toURI());
            for (int i = 0; i < 4 && dir != null; i++, dir = dir.getParent()) {
                if (Files.isRegularFile(dir.resolve("docs/rules/README.md"))) {
                    return Optional.of(dir.toUri().toString());
                }
            }
        } catch (URISyntaxException | RuntimeException e) {
            // no checkout: the published pages
        }
        return Optional.empty();
    }
}
