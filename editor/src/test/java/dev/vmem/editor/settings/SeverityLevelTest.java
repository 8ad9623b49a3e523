package dev.vmem.editor.settings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vmem.engine.report.Severity;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Severity levels as every editor reads them: the words, and a configured level over the checker's. */
class SeverityLevelTest {

    @Test
    void theWordsOfBothEditors() {
        assertThat(SeverityLevel.parse(" Warn ")).contains(SeverityLevel.WARNING);
        assertThat(SeverityLevel.parse("hint")).contains(SeverityLevel.INFO);
        assertThat(SeverityLevel.parse("ignore")).contains(SeverityLevel.OFF);
        assertThat(SeverityLevel.parse("off")).contains(SeverityLevel.OFF);
        assertThat(SeverityLevel.parse("default")).isEmpty();
        assertThat(SeverityLevel.parse("fatal")).isEmpty();
    }

    @Test
    void aConfiguredCodeGetsItsLevelOthersKeepTheirOwn() {
        var configured = Map.of("direct-map-exposure", SeverityLevel.OFF, "syntax-error", SeverityLevel.WARNING);
        assertThat(SeverityLevel.levelOf(configured, "direct-map-exposure", SeverityLevel.of(Severity.INFO)))
                .isEqualTo(SeverityLevel.OFF);
        assertThat(SeverityLevel.levelOf(configured, "syntax-error", SeverityLevel.ERROR)).isEqualTo(SeverityLevel.WARNING);
        assertThat(SeverityLevel.levelOf(configured, "gup-on-secret-memory", SeverityLevel.ERROR))
                .isEqualTo(SeverityLevel.ERROR);
        assertThat(SeverityLevel.levelOf(configured, null, SeverityLevel.INFO)).isEqualTo(SeverityLevel.INFO);
    }
}
