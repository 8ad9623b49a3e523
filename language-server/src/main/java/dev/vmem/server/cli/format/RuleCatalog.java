package dev.vmem.server.cli.format;

import dev.vmem.dsl.validation.VMemIssueCodes;
import dev.vmem.engine.report.Rule;
import dev.vmem.engine.report.Severity;
import dev.vmem.server.cli.report.Codes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every code a check can report, with what a SARIF rule (or a doc page) says about it: the engine's
 * rule registry first, then the language's structural issue codes, then the CLI's own codes.
 */
public final class RuleCatalog {

    /**
     * One code.
     *
     * @param code        stable kebab-case code
     * @param severity    default severity
     * @param title       one line
     * @param description when it fires
     * @param fix         how to fix it ("" when not applicable)
     * @param docPath     the page that documents it, relative to the repository root
     * @param origin      "engine", "language" or "cli"
     */
    public record Entry(String code, Severity severity, String title, String description, String fix, String docPath,
            String origin) {
    }

    /** The language's structural codes: title and description (VMemIssueCodes documents the same). */
    private static final Map<String, String[]> LANGUAGE = new LinkedHashMap<>();

    static {
        language(VMemIssueCodes.SYNTAX_ERROR, "Syntax error",
                "The parser could not make sense of the text: an unexpected or missing token. The message names what was expected.");
        language(VMemIssueCodes.UNRESOLVED_REFERENCE, "Unresolved reference",
                "A name that refers to no kernel profile, VM or backing in scope.");
        language(VMemIssueCodes.UNRESOLVED_IMPORT, "Unresolved import",
                "An import whose file does not exist or cannot be loaded.");
        language(VMemIssueCodes.DUPLICATE_NAME, "Duplicate name",
                "Two declarations of one kind with the same name (or two slots with one id) in one scope.");
        language(VMemIssueCodes.DUPLICATE_SETTING, "Setting given twice",
                "A setting that may be given once (version, arch, kernel, type, vcpus, rlimit) given again.");
        language(VMemIssueCodes.MISSING_VERSION, "Kernel profile without a version",
                "A kernel profile without a version line.");
        language(VMemIssueCodes.NUMBER_OVERFLOW, "Number too large",
                "A number or size that does not fit in an unsigned 64-bit value, or in the field it sets.");
        language(VMemIssueCodes.BAD_NUMBER, "Malformed number",
                "A number with no digits where digits are required, e.g. 0x.");
        language(VMemIssueCodes.BAD_UNIT, "Unknown unit",
                "A unit suffix that is not KiB, MiB, GiB, TiB, K, M, G or T, or a unit where none is allowed.");
        language(VMemIssueCodes.BAD_VERSION, "Malformed kernel version",
                "A kernel version that is not major.minor[.patch].");
        language(VMemIssueCodes.BAD_REVISION, "Malformed patch revision", "A patch revision that is not vN.");
    }

    private static void language(String code, String title, String description) {
        LANGUAGE.put(code, new String[] {title, description});
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    private RuleCatalog() {
        for (Rule r : Rule.values()) {
            add(new Entry(r.code(), r.severity(), r.title(), r.whenItFires(), r.fix(), r.docPath(), "engine"));
        }
        for (String code : VMemIssueCodes.all()) {
            String[] texts = LANGUAGE.getOrDefault(code, new String[] {code, "A structural check of the VMem language."});
            add(new Entry(code, Severity.ERROR, texts[0], texts[1], "", "docs/rules/" + code + ".md", "language"));
        }
        for (Codes.CliCode c : Codes.ALL) {
            add(new Entry(c.code(), c.severity(), c.title(), c.description(), "", "docs/cli.md#codes", "cli"));
        }
    }

    private void add(Entry entry) {
        entries.putIfAbsent(entry.code(), entry);
    }

    private static final RuleCatalog INSTANCE = new RuleCatalog();

    public static RuleCatalog get() {
        return INSTANCE;
    }

    public List<Entry> entries() {
        return new ArrayList<>(entries.values());
    }

    public Optional<Entry> entry(String code) {
        return Optional.ofNullable(entries.get(code));
    }

    /** Codes VMemIssueCodes declares that this catalogue has no texts for (a test keeps this empty). */
    public static List<String> languageCodesWithoutTexts() {
        return VMemIssueCodes.all().stream().filter(c -> !LANGUAGE.containsKey(c)).toList();
    }
}
