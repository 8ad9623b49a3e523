package dev.vmem.dsl.codes;

import dev.vmem.engine.report.CodeInfo;
import dev.vmem.engine.report.Rule;
import dev.vmem.engine.report.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every code a user can see, in one place: the engine's {@link Rule}s, the {@link LanguageCode}s
 * (the language's codes and the tools') and the importers' {@link ImportCode}s. It is the only place that knows a code's severity, help text and page; the
 * CLI's SARIF rules, the editors' links and hovers, {@code vmem explain}, the VS Code severity schema
 * and the rule index ({@code docs/rules/README.md}) all come from here.
 *
 * <p>The rule pages ({@code docs/rules/CODE.md}) are shipped in this bundle's jar under
 * {@code vmem/rules/}, so help is there offline, wherever VMem runs.
 */
public final class Catalog {

    /** Where the rule pages are inside the jar. */
    public static final String PAGES = "vmem/rules/";

    /** Which part of VMem reports a code. */
    public enum Origin {
        ENGINE("engine"), LANGUAGE("language"), TOOL("tool");

        private final String keyword;

        Origin(String keyword) {
            this.keyword = keyword;
        }

        public String keyword() {
            return keyword;
        }
    }

    /**
     * One code and where it comes from.
     *
     * @param info   the code's enum constant: its severity, title, when it fires, fix, facts, page
     * @param origin which part of VMem reports it
     */
    public record Entry(CodeInfo info, Origin origin) {

        public String code() {
            return info.code();
        }

        /** The page's name inside the jar: {@code vmem/rules/CODE.md}. */
        public String resource() {
            return PAGES + code() + ".md";
        }
    }

    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

    static {
        for (Rule r : Rule.values()) {
            add(r, Origin.ENGINE);
        }
        for (LanguageCode c : LanguageCode.values()) {
            add(c, c.tool() ? Origin.TOOL : Origin.LANGUAGE);
        }
        for (ImportCode c : ImportCode.values()) {
            add(c, Origin.TOOL);
        }
    }

    private static void add(CodeInfo info, Origin origin) {
        Entry previous = ENTRIES.putIfAbsent(info.code(), new Entry(info, origin));
        if (previous != null) {
            throw new IllegalStateException("code " + info.code() + " declared twice");
        }
    }

    private Catalog() {
    }

    /** Every code: the engine's rules, then the language's codes, then the tools'. */
    public static List<Entry> entries() {
        return new ArrayList<>(ENTRIES.values());
    }

    public static Optional<Entry> entry(String code) {
        return code == null ? Optional.empty() : Optional.ofNullable(ENTRIES.get(code));
    }

    public static boolean known(String code) {
        return code != null && ENTRIES.containsKey(code);
    }

    /** The default severity of a code ({@code error} for a code VMem does not know). */
    public static Severity severity(String code) {
        return entry(code).map(e -> e.info().severity()).orElse(Severity.ERROR);
    }

    /** The address of a code's page inside the jar this class is in ({@code jar:file:…!/vmem/rules/CODE.md}). */
    public static Optional<URL> pageUrl(String code) {
        return entry(code).map(e -> Catalog.class.getClassLoader().getResource(e.resource()));
    }

    /** A code's page, as Markdown; empty for a code VMem does not know. */
    public static Optional<String> page(String code) {
        Optional<Entry> entry = entry(code);
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream in = Catalog.class.getClassLoader().getResourceAsStream(entry.get().resource())) {
            if (in == null) {
                return Optional.empty();
            }
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every shipped page: {@code CODE.md} names (the index, README.md, excluded). */
    public static List<String> pageCodes() {
        return entries().stream().filter(e -> Catalog.class.getClassLoader().getResource(e.resource()) != null)
                .map(Entry::code).toList();
    }
}
