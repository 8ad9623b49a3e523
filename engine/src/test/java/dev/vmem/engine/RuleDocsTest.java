package dev.vmem.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vmem.engine.report.Rule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rule pages under {@code docs/rules/} and the rule registry agree: every {@link Rule} code has a
 * page, every page documents a rule (or one of the language's structural checks listed in the
 * index), and each page's header states the registry's severity and title.
 *
 * <p>A page starts with three fixed lines (blank lines between them are allowed):
 *
 * <pre>
 * # CODE
 * **Severity:** error|warning|info
 * **Title:** the registry's title
 * </pre>
 *
 * <p>followed by the sections {@code ## What it means}, {@code ## Why} (engine rules only),
 * {@code ## Example}, {@code ## How to fix} and {@code ## Related rules}. The index,
 * {@code docs/rules/README.md}, has one table row per code: {@code | [`CODE`](CODE.md) | severity | title |};
 * rows after the heading {@code ## Language checks} are the language's codes, which the engine does
 * not know and this test does not require.
 *
 * <p>The docs are found relative to the module directory (surefire's {@code basedir}, which is also
 * its working directory): {@code ../docs/rules}.
 */
class RuleDocsTest {

    private static final Pattern CODE_LINE = Pattern.compile("# ([a-z0-9]+(?:-[a-z0-9]+)*)");
    private static final Pattern SEVERITY_LINE = Pattern.compile("\\*\\*Severity:\\*\\* (error|warning|info)");
    private static final Pattern TITLE_LINE = Pattern.compile("\\*\\*Title:\\*\\* (.+)");
    private static final Pattern INDEX_ROW =
            Pattern.compile("\\| \\[`([a-z0-9-]+)`\\]\\(([a-z0-9-]+)\\.md\\) \\| (error|warning|info) \\| (.+?) \\|");
    private static final String LANGUAGE_HEADING = "## Language checks";
    private static final List<String> ENGINE_SECTIONS =
            List.of("## What it means", "## Why", "## Example", "## How to fix", "## Related rules");
    private static final List<String> LANGUAGE_SECTIONS =
            List.of("## What it means", "## Example", "## How to fix", "## Related rules");

    /** A page's fixed header, or why it could not be read. */
    private record Header(String code, String severity, String title, String problem) {
    }

    /** One row of the index. */
    private record IndexRow(String code, String link, String severity, String title, boolean language) {
    }

    private static Path rulesDir;
    private static Map<String, Path> pages;

    @BeforeAll
    static void locateDocs() throws IOException {
        Path basedir = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        rulesDir = basedir.resolve("../docs/rules").normalize();
        assertThat(rulesDir).as("docs/rules next to the engine module (from %s)", basedir).isDirectory();
        pages = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(rulesDir)) {
            files.filter(p -> p.getFileName().toString().endsWith(".md"))
                    .filter(p -> !p.getFileName().toString().equals("README.md")).sorted()
                    .forEach(p -> pages.put(p.getFileName().toString().replaceFirst("\\.md$", ""), p));
        }
    }

    @Test
    void everyRuleHasAPage() {
        var missing = Arrays.stream(Rule.values()).map(Rule::code).filter(code -> !pages.containsKey(code)).toList();
        assertThat(missing).as("rule codes without a page in %s", rulesDir).isEmpty();
    }

    @Test
    void docPathOfEveryRuleIsItsPage() {
        for (Rule rule : Rule.values()) {
            assertThat(rulesDir.resolve("../..").resolve(rule.docPath()).normalize())
                    .as("docPath of %s", rule.code()).isEqualTo(pages.get(rule.code()));
        }
    }

    @Test
    void everyPageDocumentsARuleOrALanguageCheck() {
        Set<String> languageCodes = index().stream().filter(IndexRow::language).map(IndexRow::code)
                .collect(Collectors.toCollection(TreeSet::new));
        var orphans = pages.keySet().stream()
                .filter(code -> Rule.byCode(code).isEmpty() && !languageCodes.contains(code)).toList();
        assertThat(orphans).as("pages for no rule code (and not listed under '%s' in the index)", LANGUAGE_HEADING)
                .isEmpty();
    }

    @Test
    void pageHeadersAgreeWithTheRegistry() {
        var soft = new SoftAssertions();
        for (Rule rule : Rule.values()) {
            Path page = pages.get(rule.code());
            if (page == null) {
                continue; // everyRuleHasAPage reports it
            }
            Header h = header(page);
            soft.assertThat(h.problem()).as("header of %s", page.getFileName()).isNull();
            if (h.problem() != null) {
                continue;
            }
            soft.assertThat(h.code()).as("code line of %s", page.getFileName()).isEqualTo(rule.code());
            soft.assertThat(h.severity()).as("severity of %s", rule.code()).isEqualTo(rule.severity().keyword());
            soft.assertThat(h.title()).as("title of %s", rule.code()).isEqualTo(rule.title());
        }
        soft.assertAll();
    }

    @Test
    void everyPageHasTheFixedHeaderAndSections() {
        var soft = new SoftAssertions();
        for (var e : pages.entrySet()) {
            Header h = header(e.getValue());
            soft.assertThat(h.problem()).as("header of %s", e.getValue().getFileName()).isNull();
            if (h.problem() == null) {
                soft.assertThat(h.code()).as("code line of %s", e.getValue().getFileName()).isEqualTo(e.getKey());
            }
            String text = read(e.getValue());
            var sections = Rule.byCode(e.getKey()).isPresent() ? ENGINE_SECTIONS : LANGUAGE_SECTIONS;
            int last = -1;
            for (String section : sections) {
                int at = indexOfLine(text, section);
                soft.assertThat(at).as("section '%s' in %s", section, e.getValue().getFileName()).isGreaterThan(last);
                last = Math.max(last, at);
            }
        }
        soft.assertAll();
    }

    @Test
    void indexListsEveryRuleWithItsSeverityAndTitle() {
        Map<String, IndexRow> rows = new LinkedHashMap<>();
        var duplicates = new ArrayList<String>();
        for (IndexRow row : index()) {
            if (rows.put(row.code(), row) != null) {
                duplicates.add(row.code());
            }
        }
        assertThat(duplicates).as("codes listed twice in the index").isEmpty();
        var soft = new SoftAssertions();
        for (Rule rule : Rule.values()) {
            IndexRow row = rows.get(rule.code());
            soft.assertThat(row).as("index row for %s", rule.code()).isNotNull();
            if (row == null) {
                continue;
            }
            soft.assertThat(row.language()).as("%s listed under '%s'", rule.code(), LANGUAGE_HEADING).isFalse();
            soft.assertThat(row.severity()).as("index severity of %s", rule.code()).isEqualTo(rule.severity().keyword());
            soft.assertThat(row.title()).as("index title of %s", rule.code()).isEqualTo(rule.title());
        }
        for (IndexRow row : rows.values()) {
            soft.assertThat(row.link()).as("link of %s", row.code()).isEqualTo(row.code());
            soft.assertThat(pages).as("page for index row %s", row.code()).containsKey(row.code());
            Path page = pages.get(row.code());
            if (page != null && header(page).problem() == null) {
                soft.assertThat(header(page).severity()).as("index severity of %s", row.code()).isEqualTo(row.severity());
                soft.assertThat(header(page).title()).as("index title of %s", row.code()).isEqualTo(row.title());
            }
        }
        for (String code : pages.keySet()) {
            soft.assertThat(rows).as("index row for page %s", code).containsKey(code);
        }
        soft.assertAll();
    }

    // ---- parsing ---------------------------------------------------------------------------------

    private static Header header(Path page) {
        List<String> lines = read(page).lines().map(String::strip).filter(l -> !l.isEmpty()).limit(3).toList();
        if (lines.size() < 3) {
            return new Header(null, null, null, "fewer than three non-blank lines");
        }
        Matcher code = CODE_LINE.matcher(lines.get(0));
        Matcher severity = SEVERITY_LINE.matcher(lines.get(1));
        Matcher title = TITLE_LINE.matcher(lines.get(2));
        if (!code.matches()) {
            return new Header(null, null, null, "first line is not '# code': " + lines.get(0));
        }
        if (!severity.matches()) {
            return new Header(null, null, null, "second line is not '**Severity:** error|warning|info': " + lines.get(1));
        }
        if (!title.matches()) {
            return new Header(null, null, null, "third line is not '**Title:** …': " + lines.get(2));
        }
        return new Header(code.group(1), severity.group(1), title.group(1).strip(), null);
    }

    private static List<IndexRow> index() {
        Path readme = rulesDir.resolve("README.md");
        assertThat(readme).as("the rule index").isRegularFile();
        var rows = new ArrayList<IndexRow>();
        boolean language = false;
        for (String line : read(readme).lines().toList()) {
            if (line.startsWith("## ")) {
                language = line.strip().equals(LANGUAGE_HEADING);
            }
            Matcher m = INDEX_ROW.matcher(line.strip());
            if (m.matches()) {
                rows.add(new IndexRow(m.group(1), m.group(2), m.group(3), m.group(4).strip(), language));
            }
        }
        return rows;
    }

    private static int indexOfLine(String text, String line) {
        int i = 0;
        for (String l : text.lines().toList()) {
            if (l.strip().equals(line)) {
                return i;
            }
            i++;
        }
        return -1;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
