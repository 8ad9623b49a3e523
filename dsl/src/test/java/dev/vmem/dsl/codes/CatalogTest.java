package dev.vmem.dsl.codes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vmem.dsl.tests.VMemTestSupport;
import dev.vmem.dsl.validation.VMemIssueCodes;
import dev.vmem.engine.report.Rule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The catalogue and the rule pages are in step in both directions: every code has a page shipped in
 * the jar, whose header states the catalogue's severity and title, and every page in
 * {@code docs/rules/} is the page of a code.
 */
class CatalogTest {

    @Test
    void holdsTheEngineRulesTheLanguageCodesAndTheToolCodesOnce() {
        var codes = Catalog.entries().stream().map(Catalog.Entry::code).toList();
        assertThat(codes).doesNotHaveDuplicates();
        assertThat(codes).containsAll(Stream.of(Rule.values()).map(Rule::code).toList());
        assertThat(codes).containsAll(VMemIssueCodes.all());
        assertThat(codes).contains("unreadable-input", "input-too-large", "internal-error");
        assertThat(Catalog.entry("gup-on-secret-memory")).get().extracting(Catalog.Entry::origin)
                .isEqualTo(Catalog.Origin.ENGINE);
        assertThat(Catalog.entry("internal-error")).get().extracting(Catalog.Entry::origin)
                .isEqualTo(Catalog.Origin.TOOL);
        assertThat(Catalog.entry("no-such-code")).isEmpty();
    }

    @Test
    void everyCodeHasAShippedPageWithItsSeverityAndTitle() {
        for (Catalog.Entry e : Catalog.entries()) {
            var page = Catalog.page(e.code());
            assertThat(page).as("page of %s in the jar (%s)", e.code(), e.resource()).isPresent();
            List<String> lines = page.get().lines().filter(l -> !l.isBlank()).limit(3).toList();
            assertThat(lines).as("header of %s", e.code()).containsExactly("# " + e.code(),
                    "**Severity:** " + e.info().severity().keyword(), "**Title:** " + e.info().title());
            assertThat(e.info().docPath()).isEqualTo("docs/rules/" + e.code() + ".md");
        }
    }

    @Test
    void everyPageIsThePageOfACode() throws IOException {
        Path rules = VMemTestSupport.repositoryRoot().resolve("docs/rules");
        try (Stream<Path> files = Files.list(rules)) {
            var pages = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".md"))
                    .filter(n -> !n.equals("README.md")).map(n -> n.substring(0, n.length() - 3)).toList();
            assertThat(pages).isNotEmpty();
            for (String code : pages) {
                assertThat(Catalog.known(code)).as("docs/rules/%s.md documents a code of the catalogue", code).isTrue();
            }
            assertThat(Catalog.pageCodes()).hasSameSizeAs(pages);
        }
    }
}
