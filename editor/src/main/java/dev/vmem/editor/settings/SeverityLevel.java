package dev.vmem.editor.settings;

import dev.vmem.engine.report.Severity;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A user's severity for one code, the same in every editor (the language server's {@code vmem.severity}
 * setting, Eclipse's preferences): a severity, or {@link #OFF} to leave the problem out. Any code can be
 * configured (engine rules, language checks, tool codes); a code that is not configured keeps the
 * severity the checker gave it.
 */
public enum SeverityLevel {
    ERROR, WARNING, INFO, OFF;

    /** The level a setting's text names ({@code error}, {@code warning}/{@code warn}, {@code info}/{@code information}/{@code hint}, {@code off}/{@code ignore}/{@code none}); empty for anything else, e.g. {@code default}. */
    public static Optional<SeverityLevel> parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "error" -> Optional.of(ERROR);
            case "warning", "warn" -> Optional.of(WARNING);
            case "info", "information", "hint" -> Optional.of(INFO);
            case "off", "ignore", "none" -> Optional.of(OFF);
            default -> Optional.empty();
        };
    }

    /** The level of a checker severity. */
    public static SeverityLevel of(Severity severity) {
        return switch (severity) {
            case ERROR -> ERROR;
            case WARNING -> WARNING;
            case INFO -> INFO;
        };
    }

    /** The level to show a problem of {@code code} with, given the configured levels and its own. */
    public static SeverityLevel levelOf(Map<String, SeverityLevel> configured, String code, SeverityLevel byDefault) {
        return code == null ? byDefault : configured.getOrDefault(code, byDefault);
    }
}
