package dev.vmem.dsl.layering;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vmem.testing.Sources;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The language layer's rules about itself (docs/architecture.md): it knows no editor protocol and no
 * adapter, and the engine runs in exactly one place, the {@code Checker}.
 */
class LayeringTest {

    private static final Path MAIN = Path.of("src/main/java");

    /** The main sources (relative to src/main/java) whose text matches {@code pattern}. */
    private static List<String> matching(Pattern pattern) throws IOException {
        return Sources.matching(MAIN, pattern);
    }

    @Test
    void theEngineRunsOnlyInTheChecker() throws IOException {
        assertThat(matching(Pattern.compile("\\bEngine\\s*\\.\\s*run\\s*\\(")))
                .containsExactly("dev/vmem/dsl/analysis/Checker.java");
    }

    @Test
    void noEditorProtocolAndNoAdapter() throws IOException {
        assertThat(matching(Pattern.compile("import\\s+(org\\.eclipse\\.lsp4j|dev\\.vmem\\.server|org\\.eclipse\\.jface|org\\.eclipse\\.ui|dev\\.vmem\\.eclipse)\\b")))
                .isEmpty();
    }
}
