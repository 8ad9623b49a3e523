package dev.vmem.server.lsp;

import dev.vmem.dsl.codes.Catalog;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a code's rule page is, as a link that opens offline: {@code <base>docs/rules/<code>.md}. The base
 * is, in this order, the {@code docs.baseUrl} setting (the VS Code extension sets it to its own folder,
 * which ships the pages), the {@code vmem.docs.baseUrl} system property, and the checkout the jar runs
 * from (a {@code file:} URI, when a {@code docs/rules} folder sits up to three levels above the jar, as
 * for {@code language-server/target/vmem.jar}). Without any of them diagnostics carry no link; the
 * hover shows the whole page either way.
 */
public final class RuleDocs {

    private static final String PROPERTY = "vmem.docs.baseUrl";

    private static volatile Optional<String> checkout;

    private final Optional<String> base;

    private RuleDocs(Optional<String> base) {
        this.base = base.map(b -> b.endsWith("/") ? b : b + "/");
    }

    /** The rule pages under the given setting, or under the default base. */
    public static RuleDocs of(Optional<String> configured) {
        return new RuleDocs(configured.or(() -> Optional.ofNullable(System.getProperty(PROPERTY)))
                .filter(s -> !s.isBlank()).or(RuleDocs::checkout));
    }

    /** The page of {@code code}, or empty for a code that has none (not a VMem code) or without a base. */
    public Optional<String> href(String code) {
        return Catalog.entry(code).flatMap(e -> base.map(b -> b + e.info().docPath()));
    }

    /** The base pages are found under ("" when there is none). */
    public String base() {
        return base.orElse("");
    }

    private static Optional<String> checkout() {
        Optional<String> c = checkout;
        if (c == null) {
            c = findCheckout();
            checkout = c;
        }
        return c;
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
            // no checkout: no links
        }
        return Optional.empty();
    }
}
