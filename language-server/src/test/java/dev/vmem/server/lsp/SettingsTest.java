package dev.vmem.server.lsp;

import dev.vmem.editor.settings.SeverityLevel;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import java.util.Map;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The settings shapes clients send, the default profile syntax, and rule page links. */
class SettingsTest {

    @Test
    void theSettingsObjectOrAVmemSection() {
        String inner = """
                {"severity": {"direct-map-exposure": "off", "exposure-window": "error"},
                 "kernel": {"defaultProfile": "6.18 x86_64"}}""";
        for (String json : new String[] {inner, "{\"vmem\": " + inner + "}"}) {
            Settings s = Settings.parse(JsonParser.parseString(json));
            assertThat(s.severity()).isEqualTo(Map.of("direct-map-exposure", SeverityLevel.OFF,
                    "exposure-window", SeverityLevel.ERROR));
            assertThat(s.defaultProfile()).contains("6.18 x86_64");
            assertThat(s.problems()).isEmpty();
        }
    }

    @Test
    void malformedEntriesAreIgnoredAndNamed() {
        Settings s = Settings.parse(JsonParser.parseString("""
                {"severity": {"a-code": "fatal", "b-code": 3, "c-code": "warning"}, "kernel": {"defaultProfile": ""}}"""));
        assertThat(s.severity()).containsOnlyKeys("c-code");
        assertThat(s.problems()).hasSize(2);
        assertThat(s.defaultProfile()).isEmpty();
    }

    @Test
    void unrelatedConfigurationIsNotSettings() {
        assertThat(Settings.parseIfPresent(JsonParser.parseString("{}"))).isEmpty();
        assertThat(Settings.parseIfPresent(JsonParser.parseString("{\"python\": {}}"))).isEmpty();
        assertThat(Settings.parseIfPresent(null)).isEmpty();
        assertThat(Settings.parseIfPresent(Map.of("vmem", Map.of("severity", Map.of("x", "info"))))).isPresent();
    }

    @Test
    void rulePagesForVmemCodesOnly() {
        RuleDocs docs = RuleDocs.of(Optional.of("https://example.org/vmem"));
        assertThat(docs.href("gup-on-secret-memory")).contains("https://example.org/vmem/docs/rules/gup-on-secret-memory.md");
        assertThat(docs.href("syntax-error")).contains("https://example.org/vmem/docs/rules/syntax-error.md");
        assertThat(docs.href("org.eclipse.xtext.diagnostics.Diagnostic.Linking")).isEmpty();
        // Without a setting: the checkout's pages (tests run in one), a link that opens offline.
        String base = RuleDocs.of(Optional.empty()).base();
        assertThat(base).startsWith("file:/");
        for (var e : dev.vmem.dsl.codes.Catalog.entries()) {
            String href = RuleDocs.of(Optional.empty()).href(e.code()).orElseThrow();
            assertThat(Path.of(java.net.URI.create(href))).as("page of %s", e.code()).isRegularFile();
        }
    }
}
