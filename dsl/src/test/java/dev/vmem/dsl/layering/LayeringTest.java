package dev.vmem.dsl.layering;

import static dev.vmem.testing.Sources.mainMatching;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The language layer's rules about itself (docs/architecture.md): it knows no editor protocol and no
 * adapter, and the engine runs in exactly one place, the {@code Checker}.
 */
class LayeringTest {

    @Test
    void theEngineRunsOnlyInTheChecker() throws IOException {
        assertThat(mainMatching(Pattern.compile("\\bEngine\\s*\\.\\s*run\\s*\\(")))
                .containsExactly("dev/vmem/dsl/analysis/Checker.java");
    }

    @Test
    void noEditorProtocolAndNoAdapter() throws IOException {
        assertThat(mainMatching(Pattern.compile("import\\s+(org\\.eclipse\\.lsp4j|dev\\.vmem\\.server|org\\.eclipse\\.jface|org\\.eclipse\\.ui|dev\\.vmem\\.eclipse)\\b")))
                .isEmpty();
    }
}
