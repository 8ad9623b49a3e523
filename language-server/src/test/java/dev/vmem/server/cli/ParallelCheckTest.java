package dev.vmem.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checking on many threads gives byte for byte the output of checking on one. */
class ParallelCheckTest {

    @TempDir
    Path dir;

    @Test
    void parallelOutputIsDeterministic() throws IOException {
        for (int i = 0; i < 40; i++) {
            String text = switch (i % 4) {
                case 0 -> CheckExitCodeTest.CLEAN;
                case 1 -> CheckExitCodeTest.DUPLICATE;
                case 2 -> CheckExitCodeTest.WARNING_ONLY.replace("vm v", "vm v" + i);
                default -> "kernel k" + i + " {\n  version 6.18\n\nvm {\n";
            };
            Path p = dir.resolve("set" + (i % 3) + "/file" + i + ".vmem");
            Files.createDirectories(p.getParent());
            Files.writeString(p, text);
        }
        for (String format : new String[] {"text", "json", "sarif", "junit"}) {
            var sequential = CliRunner.run(dir, "check", "--format", format, "--jobs", "1", "set0", "set1", "set2");
            for (int round = 0; round < 3; round++) {
                var parallel = CliRunner.run(dir, "check", "--format", format, "--jobs", "4", "set0", "set1", "set2");
                assertThat(parallel.out()).as(format).isEqualTo(sequential.out());
                assertThat(parallel.exitCode()).isEqualTo(sequential.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
            }
        }
    }
}
