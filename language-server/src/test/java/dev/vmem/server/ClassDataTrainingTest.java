package dev.vmem.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training run of the class-data archive, as the launchers start it: its own JVM running
 * {@code vmem --train-class-data}, which reaches the engine's diagnostics through a whole LSP session
 * (exit code 0), and prints nothing on standard output. A process of its own, so that its server and
 * logging set-up stay out of the other tests' JVM.
 */
class ClassDataTrainingTest {

    @Test
    void theTrainingRunsACheckAndAServerSessionToTheEnginesFindings(@TempDir Path dir) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        var process = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                "dev.vmem.server.Main", ClassDataTraining.ARGUMENT))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(Files.readString(err, StandardCharsets.UTF_8)).doesNotContain("class-data training failed");
        assertThat(process.exitValue()).isZero();
        assertThat(Files.readString(out, StandardCharsets.UTF_8)).isEmpty();
    }
}
