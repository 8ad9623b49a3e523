package dev.vmem.server.robustness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Imports read inside the workspace only, end to end (docs/robustness.md): through {@code vmem check}
 * (roots: the current folder and the folders of the PATH arguments) and through the language server
 * (roots: its workspace folders). The file outside is a FIFO named like a VMem file: opening it would
 * block for ever, so a check that ends proves it was never opened.
 */
class ImportConfinementEndToEndTest {

    private static final Duration BOUND = Duration.ofSeconds(120);

    @TempDir
    Path tmp;

    private Path fifo(Path file) throws Exception {
        Files.createDirectories(file.getParent());
        Process mkfifo = new ProcessBuilder("mkfifo", file.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor()).isZero();
        return file;
    }

    private Path write(String name, String text) throws IOException {
        Path file = tmp.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    @Test
    void theCliRefusesAnImportOfEtcPasswdAtTheImportString() throws IOException {
        write("ws/main.vmem", "import \"../../../../../../../etc/passwd\"\nkernel k { version 6.18 }\n");

        CliRun run = assertTimeoutPreemptively(BOUND, () -> CliRun.run(tmp.resolve("ws"), "check", "main.vmem"));

        assertThat(run.lines()).singleElement().asString()
                .startsWith("main.vmem:1:8: error: import refused: /etc/passwd is outside the workspace")
                .endsWith("[unresolved-import]");
        assertThat(run.exitCode()).isEqualTo(1);
    }

    @Test
    void theCliNeverOpensAFileOutsideItsRoots() throws Exception {
        fifo(tmp.resolve("outside/secret.vmem"));
        write("ws/main.vmem", "import \"../outside/secret.vmem\"\nvm v { kernel stolen }\n");

        CliRun run = assertTimeoutPreemptively(BOUND, () -> CliRun.run(tmp.resolve("ws"), "check", "main.vmem"));

        assertThat(run.lines()).anySatisfy(l -> assertThat(l).startsWith("main.vmem:1:8: error: import refused: ")
                .contains("outside the workspace").endsWith("[unresolved-import]"));
        assertThat(run.exitCode()).isEqualTo(1);
    }

    @Test
    void theFoldersOfThePathArgumentsAreRootsToo() throws IOException {
        write("project/kernels.vmem", "kernel k { version 6.18 }\n");
        write("project/vms/main.vmem", "import \"../kernels.vmem\"\nvm v { kernel k }\n");
        write("elsewhere/other.vmem", "import \"../project/kernels.vmem\"\nvm w { kernel k }\n");
        Path cwd = Files.createDirectories(tmp.resolve("cwd"));

        // The folder argument project/ holds both files: the import is inside a root.
        CliRun inside = CliRun.run(cwd, "check", "../project");
        assertThat(inside.out()).doesNotContain("unresolved-import");
        assertThat(inside.exitCode()).isZero();

        // A file argument's root is its own folder: elsewhere/ may not reach into project/.
        CliRun outside = CliRun.run(cwd, "check", "../elsewhere/other.vmem");
        assertThat(outside.out()).contains("import refused").contains("[unresolved-import]");
    }

    @Test
    void theLanguageServerConfinesImportsToItsWorkspaceFolder() throws Exception {
        fifo(tmp.resolve("outside/secret.vmem"));
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        String text = "import \"../outside/secret.vmem\"\nimport \"../../../../../../etc/passwd\"\nimport \"sub/ok.vmem\"\n"
                + "vm v { kernel k }\n";
        write("ws/sub/ok.vmem", "kernel k { version 6.18 }\n");
        String uri = Servers.uri(write("ws/main.vmem", text));

        try (var server = new Servers.InProcess()) {
            server.wire.initialize(Servers.uri(ws));
            server.wire.open(uri, text);
            JsonArray diagnostics = server.wire.awaitDiagnostics(uri, d -> refused(d) == 2, 120);
            assertThat(diagnostics).hasSize(2); // the import inside the workspace resolves, and k with it
            for (JsonElement d : diagnostics) {
                assertThat(d.getAsJsonObject().getAsJsonObject("range").getAsJsonObject("start").get("character").getAsInt())
                        .isEqualTo(7);
            }
        }
    }

    private static int refused(JsonArray diagnostics) {
        int n = 0;
        for (JsonElement d : diagnostics) {
            var o = d.getAsJsonObject();
            if ("unresolved-import".equals(o.get("code").getAsString())
                    && o.get("message").getAsString().startsWith("import refused: ")) {
                n++;
            }
        }
        return n;
    }
}
