package dev.vmem.server.lsp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files of the language server under {@code src/test/resources/lsp/}. A test compares its whole
 * output with the file; with {@code -Dgolden=promote} (passed to surefire by the root pom) it rewrites
 * the file instead, for review in the diff:
 * {@code ./mvnw -B -q -o -Dexec.skip=true -pl language-server -am test -Dtest=HoverTest -Dgolden=promote}.
 */
final class LspGolden {

    static final Path DIR = Path.of("src/test/resources/lsp");

    private LspGolden() {
    }

    static void check(String name, String actual) throws IOException {
        Path file = DIR.resolve(name);
        if ("promote".equals(System.getProperty("golden"))) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual, StandardCharsets.UTF_8);
            return;
        }
        if (!Files.exists(file)) {
            throw new AssertionError("golden file " + file + " is missing; run with -Dgolden=promote and review it");
        }
        String expected = Files.readString(file, StandardCharsets.UTF_8);
        if (!expected.equals(actual)) {
            throw new AssertionError("output differs from " + file + " (run with -Dgolden=promote to rewrite it):\n"
                    + "--- expected\n" + expected + "\n--- actual\n" + actual);
        }
    }
}
