package dev.vmem.server.layering;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The adapters' rules about themselves (docs/architecture.md): the language server, the CLI and the
 * memory map never run the engine or map a model themselves (the language's one {@code Checker} does;
 * the launcher's warm-up is the one exception), the CLI and the LSP do not import each other, and no
 * code string stands outside the code enums.
 */
class LayeringTest {

    private static List<Path> mainSources() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            return files.filter(p -> p.toString().endsWith(".java")).toList();
        }
    }

    private static List<String> offenders(Pattern pattern, String under, String... allowed) throws IOException {
        var out = new ArrayList<String>();
        for (Path file : mainSources()) {
            String name = file.toString().replace('\\', '/');
            if (!name.contains(under) || Stream.of(allowed).anyMatch(name::endsWith)) {
                continue;
            }
            if (pattern.matcher(Files.readString(file)).find()) {
                out.add(name);
            }
        }
        return out;
    }

    @Test
    void theSourcesAreHere() throws IOException {
        assertThat(mainSources()).hasSizeGreaterThan(50);
    }

    @Test
    void noEngineRunAndNoMappingOutsideTheChecker() throws IOException {
        assertThat(offenders(Pattern.compile("\\bEngine\\s*\\.\\s*run\\s*\\(|new\\s+ModelMapper\\s*\\("), "/",
                "lsp/VMemLanguageServerLauncher.java")).isEmpty();
    }

    @Test
    void cliAndLspDoNotImportEachOther() throws IOException {
        assertThat(offenders(Pattern.compile("import\\s+dev\\.vmem\\.server\\.lsp\\b"), "/server/cli/")).isEmpty();
        assertThat(offenders(Pattern.compile("import\\s+dev\\.vmem\\.server\\.cli\\b"), "/server/lsp/")).isEmpty();
    }

    @Test
    void noCodeLiteralsOutsideTheEnums() throws IOException {
        var codes = dev.vmem.dsl.codes.Catalog.entries().stream().map(e -> "\"" + e.code() + "\"").toList();
        var out = new ArrayList<String>();
        for (Path file : mainSources()) {
            String text = Files.readString(file).lines().filter(l -> !l.strip().startsWith("*") && !l.strip().startsWith("//"))
                    .reduce("", (a, b) -> a + b + "\n");
            for (String code : codes) {
                if (text.contains(code)) {
                    out.add(file + ": " + code);
                }
            }
        }
        assertThat(out).isEmpty();
    }
}
