package dev.vmem.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A finding about an element of an imported file is placed on the import, with the element as related location. */
class ImportedFindingTest {

    @TempDir
    Path dir;

    @Test
    void findingsInImportedFilesPointAtTheImport() throws IOException {
        Files.createDirectories(dir.resolve("setups/lib"));
        Files.writeString(dir.resolve("setups/lib/kernels.vmem"), """
                kernel old {
                    version 6.17
                    arch x86_64
                }
                """);
        Files.writeString(dir.resolve("setups/a.vmem"), """
                import "lib/kernels.vmem"

                vm v {
                    kernel old
                    memory ram: memfd 64MiB
                    map ram shared
                    slot 0 gpa 0x0 userspace ram
                }
                """);

        var run = CliRunner.run(dir, "check", "--fail-on", "warning", "setups/a.vmem");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(run.lines()).anySatisfy(l -> assertThat(l).startsWith("setups/a.vmem:1:1: warning: ")
                .endsWith("[unknown-kernel-version]"));
        int i = run.lines().indexOf(run.lines().stream().filter(l -> l.endsWith("[unknown-kernel-version]")).findFirst().orElseThrow());
        assertThat(run.lines().get(i + 1)).startsWith("setups/lib/kernels.vmem:2:13: note: ");
    }
}
