package dev.vmem.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Exit codes of {@code vmem check}: 0 clean, 1 findings at or above --fail-on, 2 bad input or usage, 3 bug. */
class CheckExitCodeTest {

    @TempDir
    Path dir;

    /** A kernel profile and nothing that runs: no findings at all. */
    static final String CLEAN = """
            kernel k {
                version 6.18
                arch x86_64
            }
            """;

    /** Two profiles with one name: a structural error. */
    static final String DUPLICATE = """
            kernel k { version 6.18 }
            kernel k { version 6.12 }
            """;

    /** A VM without trouble: only the info finding with its direct-map exposure. */
    static final String INFO_ONLY = """
            kernel k {
                version 6.18
                arch x86_64
            }
            vm v {
                kernel k
                memory ram: memfd 64MiB
                map ram shared
                slot 0 gpa 0x0 userspace ram
            }
            """;

    /** The same VM on a kernel version the knowledge base does not know: a warning (and info findings). */
    static final String WARNING_ONLY = INFO_ONLY.replace("version 6.18", "version 6.17");

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    @Test
    void aCleanFileExitsWithZero() throws IOException {
        write("clean.vmem", CLEAN);
        var run = CliRunner.run(dir, "check", "clean.vmem");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("1 file checked");
    }

    @Test
    void findingsAtOrAboveTheDefaultThresholdExitWithOne() throws IOException {
        write("dup.vmem", DUPLICATE);
        var run = CliRunner.run(dir, "check", "dup.vmem");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(run.lines()).containsExactly(run.lines().get(0));
        assertThat(run.lines().get(0)).startsWith("dup.vmem:2:8: error: ").endsWith(" [duplicate-name]");
    }

    @ParameterizedTest(name = "{0} with --fail-on {1} exits {2}")
    @CsvSource({
        "DUPLICATE, error, 1", "DUPLICATE, warning, 1", "DUPLICATE, info, 1", "DUPLICATE, never, 0",
        "WARNING_ONLY, error, 0", "WARNING_ONLY, warning, 1", "WARNING_ONLY, info, 1", "WARNING_ONLY, never, 0",
        "INFO_ONLY, error, 0", "INFO_ONLY, warning, 0", "INFO_ONLY, info, 1", "INFO_ONLY, never, 0",
        "CLEAN, info, 0",
    })
    void failOnSetsTheThreshold(String file, String failOn, int expected) throws Exception {
        String text = (String) CheckExitCodeTest.class.getDeclaredField(file).get(null);
        write("f.vmem", text);
        var run = CliRunner.run(dir, "check", "--fail-on", failOn, "f.vmem");
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(expected);
    }

    @Test
    void aSyntaxErrorExitsWithTwoAndNamesWhatWasExpected() throws IOException {
        write("broken.vmem", "kernel k {\n    version 6.18\n\nvm v { }\n");
        var run = CliRunner.run(dir, "check", "broken.vmem");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.lines()).first().asString().matches("broken\\.vmem:4:1: error: .*'}'.* \\[syntax-error]");
    }

    @Test
    void aSyntaxErrorWinsOverFindingsAndNeverIgnoresIt() throws IOException {
        write("a.vmem", DUPLICATE);
        write("b.vmem", "vm {");
        assertThat(CliRunner.run(dir, "check", "a.vmem", "b.vmem").exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(CliRunner.run(dir, "check", "--fail-on", "never", "b.vmem").exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    }

    @Test
    void aMissingFileExitsWithTwo() throws IOException {
        write("clean.vmem", CLEAN);
        var run = CliRunner.run(dir, "check", "clean.vmem", "missing.vmem");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.lines()).singleElement().asString().startsWith("missing.vmem: error: ").endsWith("[unreadable-input]");
    }

    @Test
    void anUnreadableFolderExitsWithTwo() throws IOException {
        write("locked/a.vmem", CLEAN);
        Path locked = dir.resolve("locked");
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        try {
            assumeFalse(Files.isReadable(locked), "running as a user who can read anything (root)");
            var run = CliRunner.run(dir, "check", "locked");
            assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(run.out()).contains("[unreadable-input]");
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void aFolderWithABrokenLinkOrANonFileExitsWithTwo() throws IOException {
        write("tree/a.vmem", CLEAN);
        Files.createSymbolicLink(dir.resolve("tree/gone.vmem"), dir.resolve("nowhere.vmem"));
        var run = CliRunner.run(dir, "check", "tree", "/dev/null/x");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.lines()).hasSize(2).allSatisfy(l -> assertThat(l).endsWith("[unreadable-input]"));
    }

    @ParameterizedTest(name = "vmem {0}")
    @CsvSource(delimiter = '|', value = {
        "check",
        "check --format xml a.vmem",
        "check --fail-on fatal a.vmem",
        "check --no-such-option a.vmem",
        "check --jobs 0 a.vmem",
        "check --max-file-size lots a.vmem",
        "frobnicate a.vmem",
        "--no-such-option",
    })
    void usageErrorsExitWithTwo(String commandLine) throws IOException {
        write("a.vmem", CLEAN);
        var run = CliRunner.run(dir, commandLine.split(" "));
        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).isNotEmpty().doesNotContain("\tat ");
    }

    @Test
    void helpAndVersionExitWithZero() {
        assertThat(CliRunner.run(dir, "check", "--help").exitCode()).isZero();
        assertThat(CliRunner.run(dir, "--help").exitCode()).isZero();
        assertThat(CliRunner.run(dir, "--version").exitCode()).isZero();
    }

    @Test
    void theReportCanGoToAFile() throws IOException {
        write("dup.vmem", DUPLICATE);
        var run = CliRunner.run(dir, "check", "--format", "json", "-o", "out/report.json", "dup.vmem");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT); // out/ does not exist
        Files.createDirectories(dir.resolve("out"));
        run = CliRunner.run(dir, "check", "--format", "json", "-o", "out/report.json", "dup.vmem");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(run.out()).isEmpty();
        assertThat(Files.readString(dir.resolve("out/report.json"))).contains("\"duplicate-name\"");
        try (var files = Files.list(dir.resolve("out"))) {
            assertThat(files).hasSize(1); // no temporary file left behind
        }
    }
}
