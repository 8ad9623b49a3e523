package dev.vmem.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs meant to break the checker: each gives clear errors, in bounded time and output, with no
 * stack trace. The inputs are generated here; none is committed.
 */
class HostileInputTest {

    @TempDir
    Path dir;

    private static final Duration BOUND = Duration.ofSeconds(120);

    private CliRunner.Run check(String... args) {
        var run = assertTimeoutPreemptively(BOUND, () -> CliRunner.run(dir, args));
        assertThat(run.out() + run.err()).doesNotContain("\tat ").doesNotContain("Exception in thread");
        return run;
    }

    @Test
    void binaryGarbageIsRefusedAsNotText() throws IOException {
        byte[] bytes = new byte[64 * 1024];
        new Random(42).nextBytes(bytes);
        Files.write(dir.resolve("garbage.vmem"), bytes);

        var run = check("check", "garbage.vmem");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.lines()).singleElement().asString().startsWith("garbage.vmem: error: not ")
                .endsWith("[unreadable-input]");
    }

    @Test
    void printableGarbageGivesABoundedNumberOfSyntaxErrors() throws IOException {
        var random = new Random(7);
        var text = new StringBuilder();
        for (int i = 0; i < 200_000; i++) {
            text.append((char) (random.nextInt(0x7f - 0x20) + 0x20));
            if (random.nextInt(60) == 0) {
                text.append('\n');
            }
        }
        Files.writeString(dir.resolve("noise.vmem"), text);

        var run = check("check", "noise.vmem");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.lines()).hasSizeLessThanOrEqualTo(XtextFileChecker.Limits.DEFAULT_MAX_SYNTAX_ERRORS + 1)
                .allSatisfy(l -> assertThat(l).matches("noise\\.vmem:\\d+:\\d+: error: .* \\[syntax-error]"));
    }

    @Test
    void aTenMegabyteFileIsRefusedWithoutReadingIt() throws IOException {
        Path big = dir.resolve("big.vmem");
        try (Writer w = Files.newBufferedWriter(big, StandardCharsets.UTF_8)) {
            String line = "// " + "x".repeat(96) + "\n";
            for (int i = 0; i < 10 * 1024 * 1024 / line.length() + 1; i++) {
                w.write(line);
            }
        }

        var run = check("check", "big.vmem");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.lines()).singleElement().asString().startsWith("big.vmem: error: ").endsWith("[input-too-large]");
    }

    @Test
    void aHundredThousandDeclarationsAreCheckedInBoundedTime() throws IOException {
        Path many = dir.resolve("many.vmem");
        try (Writer w = Files.newBufferedWriter(many, StandardCharsets.UTF_8)) {
            for (int i = 0; i < 100_000; i++) {
                w.write("kernel k" + i + " { version 6.18 }\n");
            }
        }

        var run = check("check", "many.vmem");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aThirtyDigitNumberIsAnOverflowAtItsPlace() throws IOException {
        Files.writeString(dir.resolve("n.vmem"), """
                kernel k { version 6.18 }
                vm v {
                    kernel k
                    memory ram: anonymous 123456789012345678901234567890
                }
                """);

        var run = check("check", "n.vmem");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(run.lines()).singleElement().asString().startsWith("n.vmem:4:27: error: ").endsWith("[number-overflow]");
    }

    @Test
    void deeplyNestedBlockCommentsAreSyntaxErrorsNotACrash() throws IOException {
        int depth = 100_000;
        Files.writeString(dir.resolve("nested.vmem"), "/*".repeat(depth) + "*/".repeat(depth) + "\nkernel k { version 6.18 }\n");

        var run = check("check", "nested.vmem");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.lines()).isNotEmpty()
                .hasSizeLessThanOrEqualTo(XtextFileChecker.Limits.DEFAULT_MAX_SYNTAX_ERRORS + 1)
                .allSatisfy(l -> assertThat(l).endsWith("[syntax-error]"));
    }

    @Test
    void anUnterminatedCommentIsOneSyntaxError() throws IOException {
        Files.writeString(dir.resolve("open.vmem"), "kernel k { version 6.18 }\n/* no end\n");
        var run = check("check", "open.vmem");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.lines()).isNotEmpty().allSatisfy(l -> assertThat(l).endsWith("[syntax-error]"));
    }
}
