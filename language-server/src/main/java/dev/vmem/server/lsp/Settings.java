package dev.vmem.server.lsp;

import dev.vmem.editor.settings.SeverityLevel;
import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a client may configure: a severity per rule code, the kernel profile of VMs that name none,
 * and where rule pages live. Clients send it as {@code initializationOptions} and as the {@code vmem}
 * section of {@code workspace/didChangeConfiguration}:
 *
 * <pre>
 * { "severity": { "direct-map-exposure": "off", "exposure-window": "error" },
 *   "kernel":   { "defaultProfile": "6.18 x86_64" },
 *   "docs":     { "baseUrl": "https://example.org/vmem/" } }
 * </pre>
 *
 * Unknown keys and malformed values are ignored (and listed in {@link #problems()}), so a newer
 * client never breaks an older server.
 *
 * @param severity       per rule code: the severity to publish, or {@link SeverityLevel#OFF} to drop the diagnostic
 * @param defaultProfile e.g. "7.0", "6.18 x86_64" or "6.18 + no_direct_map v12"; empty for the engine's default
 * @param docsBaseUrl    where the repository's docs/ folder is published; empty for the built-in default
 * @param problems       what was ignored, and why (logged by the server)
 */
public record Settings(Map<String, SeverityLevel> severity, Optional<String> defaultProfile, Optional<String> docsBaseUrl,
        List<String> problems) {

    public static final Settings DEFAULTS = new Settings(Map.of(), Optional.empty(), Optional.empty(), List.of());

    public Settings {
        severity = Map.copyOf(severity);
        problems = List.copyOf(problems);
    }

    /** The level to publish a diagnostic of {@code code} with, given its default. */
    public SeverityLevel levelOf(String code, SeverityLevel byDefault) {
        return SeverityLevel.levelOf(severity, code, byDefault);
    }

    /**
     * Settings, if {@code raw} holds any: a {@code vmem} section, or one of the keys above at the top.
     * Clients send {@code didChangeConfiguration} for other reasons too (Neovim sends its whole, often
     * empty, settings table); those must not reset what {@code initializationOptions} set.
     */
    public static Optional<Settings> parseIfPresent(Object raw) {
        JsonElement json = raw instanceof JsonElement e ? e : new Gson().toJsonTree(raw);
        if (json == null || !json.isJsonObject()) {
            return Optional.empty();
        }
        JsonObject root = json.getAsJsonObject();
        boolean ours = root.has("vmem") || root.has("severity") || root.has("kernel") || root.has("docs");
        return ours ? Optional.of(parse(json)) : Optional.empty();
    }

    /**
     * Reads settings from what a client sent: the settings object itself, or an object holding it
     * under {@code vmem} (the shape of {@code didChangeConfiguration}). Anything else gives the defaults.
     */
    public static Settings parse(Object raw) {
        JsonElement json = raw instanceof JsonElement e ? e : new Gson().toJsonTree(raw);
        if (json == null || !json.isJsonObject()) {
            return DEFAULTS;
        }
        JsonObject root = json.getAsJsonObject();
        if (root.has("vmem") && root.get("vmem").isJsonObject()) {
            root = root.getAsJsonObject("vmem");
        }
        var problems = new ArrayList<String>();
        var severity = new LinkedHashMap<String, SeverityLevel>();
        JsonElement sev = root.get("severity");
        if (sev != null && sev.isJsonObject()) {
            for (var e : sev.getAsJsonObject().entrySet()) {
                Optional<SeverityLevel> level = e.getValue().isJsonPrimitive()
                        ? SeverityLevel.parse(e.getValue().getAsString())
                        : Optional.empty();
                if (level.isPresent()) {
                    severity.put(e.getKey(), level.get());
                } else {
                    problems.add("severity." + e.getKey() + ": expected error, warning, info or off, not " + e.getValue());
                }
            }
        } else if (sev != null && !sev.isJsonNull()) {
            problems.add("severity: expected an object of code to level");
        }
        Optional<String> profile = string(root, "kernel", "defaultProfile");
        Optional<String> docs = string(root, "docs", "baseUrl");
        return new Settings(severity, profile, docs, problems);
    }

    private static Optional<String> string(JsonObject root, String section, String key) {
        JsonElement s = root.get(section);
        if (s == null || !s.isJsonObject()) {
            return Optional.empty();
        }
        JsonElement v = s.getAsJsonObject().get(key);
        if (v == null || !v.isJsonPrimitive()) {
            return Optional.empty();
        }
        String text = v.getAsString().trim();
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }
}
