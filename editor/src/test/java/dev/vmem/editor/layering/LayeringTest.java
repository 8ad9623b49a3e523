package dev.vmem.editor.layering;

import static dev.vmem.testing.Sources.mainMatching;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The editor layer's rules about itself (docs/architecture.md): its services speak no editor protocol
 * (no LSP4J, no SWT/JFace/Eclipse UI) and know no adapter (neither the language server nor the
 * Eclipse plugin), it runs the engine and maps models only through the language's {@code Checker}, and
 * it names codes through their enums, never as string literals.
 * The generated Xtext ide project (src/main/xtext-gen) is Xtext's and not checked here.
 */
class LayeringTest {

    @Test
    void theSourcesAreHere() throws IOException {
        assertThat(mainMatching(Pattern.compile("^package dev\\.vmem\\.editor", Pattern.MULTILINE))).hasSizeGreaterThan(10);
    }

    @Test
    void noEditorProtocolAndNoAdapter() throws IOException {
        assertThat(mainMatching(Pattern.compile("import\\s+(static\\s+)?(org\\.eclipse\\.lsp4j|org\\.eclipse\\.swt|org\\.eclipse\\.jface"
                + "|org\\.eclipse\\.ui|org\\.eclipse\\.xtext\\.ide\\.server|dev\\.vmem\\.server|dev\\.vmem\\.eclipse)\\b")))
                .isEmpty();
    }

    @Test
    void noEngineRunAndNoMappingOutsideTheChecker() throws IOException {
        assertThat(mainMatching(Pattern.compile("\\bEngine\\s*\\.\\s*run\\s*\\(|new\\s+ModelMapper\\s*\\("))).isEmpty();
    }

    @Test
    void noCodeLiteralsOutsideTheEnums() throws IOException {
        var out = new java.util.ArrayList<String>();
        for (var entry : dev.vmem.dsl.codes.Catalog.entries()) {
            String literal = Pattern.quote("\"" + entry.code() + "\"");
            for (String file : mainMatching(Pattern.compile("^(?!\\s*(\\*|//)).*" + literal, Pattern.MULTILINE))) {
                out.add(file + ": " + entry.code());
            }
        }
        assertThat(out).isEmpty();
    }
}
