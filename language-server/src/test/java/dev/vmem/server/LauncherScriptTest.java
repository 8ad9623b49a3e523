package dev.vmem.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code vmem} launcher script's class-data archive (docs/benchmarks.md, "Class-data sharing"): the real
 * script in a checkout of its own, with a stand-in jar and a stand-in Java 17 (a shell script that records its
 * arguments and, for the training and the dump, writes the class list and the archive). An archive is used
 * only when its size is the one written beside it after the rename: a truncated archive crashes Java 17 at
 * start, so one that was cut short, or has no size beside it, is not passed to the JVM, and is made again.
 */
@DisabledOnOs(OS.WINDOWS)
class LauncherScriptTest {

    private static final String FAKE_JAVA = """
            #!/bin/sh
            # Records each start; the training writes a class list, the dump an archive of 4,096 bytes.
            echo "$*" >>"$FAKE_JAVA_LOG"
            for a in "$@"; do
                case "$a" in
                    -XX:DumpLoadedClassList=*) echo 'java/lang/Object id: 0' >"${a#*=}" ;;
                    -XX:SharedArchiveFile=*) dump="${a#*=}" ;;
                    -Xshare:dump) dumping=yes ;;
                esac
            done
            if [ "${dumping:-}" = yes ]; then head -c 4096 /dev/zero >"$dump"; fi
            exit 0
            """;

    @TempDir
    Path dir;
    private Path checkout;
    private Path cache;
    private Path javaHome;
    private Path log;

    @BeforeEach
    void checkout() throws IOException {
        Path repository = dev.vmem.testing.Repository.root();
        checkout = dir.resolve("checkout");
        Files.createDirectories(checkout.resolve(".mvn"));
        Files.createDirectories(checkout.resolve("language-server/target"));
        Files.copy(repository.resolve("vmem"), checkout.resolve("vmem"));
        Files.copy(repository.resolve(".mvn/select-jdk.sh"), checkout.resolve(".mvn/select-jdk.sh"));
        Files.writeString(checkout.resolve("language-server/target/vmem.jar"), "not a jar");
        javaHome = dir.resolve("jdk");
        Files.createDirectories(javaHome.resolve("bin"));
        Files.createDirectories(javaHome.resolve("lib/server"));
        Files.writeString(javaHome.resolve("release"), "JAVA_VERSION=\"17.0.15\"\n");
        Files.writeString(javaHome.resolve("lib/server/libjvm.so"), "not a libjvm");
        Path java = javaHome.resolve("bin/java");
        Files.writeString(java, FAKE_JAVA);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        cache = dir.resolve("cache");
        log = dir.resolve("java.log");
    }

    @Test
    void aWholeArchiveIsUsedATruncatedOneIsNotAndIsMadeAgain() throws Exception {
        assertThat(start()).as("no archive yet: the first start runs without one").doesNotContain("SharedArchiveFile");
        Path archive = trained();
        assertThat(Files.readString(Path.of(archive + ".size")).strip()).isEqualTo("4096");
        assertThat(start()).contains("-XX:SharedArchiveFile=" + archive, "-Xshare:auto",
                "-XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0");

        Files.write(archive, new byte[1000]); // cut short by something else than the launcher
        assertThat(start()).doesNotContain("SharedArchiveFile");
        assertThat(trained()).isEqualTo(archive);
        assertThat(Files.size(archive)).isEqualTo(4096);
        assertThat(start()).contains("-XX:SharedArchiveFile=" + archive);
    }

    @Test
    void anArchiveWithoutItsSizeOrWithAnUnreadableOneIsNotUsed() throws Exception {
        start();
        Path archive = trained();
        Path size = Path.of(archive + ".size");

        Files.delete(size); // e.g. made by an older launcher
        assertThat(start()).doesNotContain("SharedArchiveFile");
        trained();
        assertThat(start()).contains("-XX:SharedArchiveFile=" + archive);

        Files.writeString(size, "4096 bytes\n");
        assertThat(start()).doesNotContain("SharedArchiveFile");
        trained();
        Files.writeString(size, "5000\n");
        assertThat(start()).doesNotContain("SharedArchiveFile");
    }

    @Test
    void vmemCdsOffUsesNoArchiveAndMakesNone() throws Exception {
        assertThat(start("VMEM_CDS", "off")).doesNotContain("SharedArchiveFile");
        assertThat(Files.exists(cache)).isFalse();
        assertThat(Files.readAllLines(log)).hasSize(1);
    }

    /** A training still running in the background would write into the folder being deleted. */
    @AfterEach
    void noTrainingLeft() throws IOException, InterruptedException {
        if (Files.isDirectory(cache.resolve("vmem"))) {
            trained();
        }
    }

    /** Runs {@code vmem --version}; returns the arguments the stand-in Java got for it. */
    private String start(String... env) throws IOException, InterruptedException {
        var builder = new ProcessBuilder(List.of("bash", checkout.resolve("vmem").toString(), "--version"))
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.txt").toFile());
        builder.environment().put("JAVA_HOME", javaHome.toString());
        builder.environment().put("XDG_CACHE_HOME", cache.toString());
        builder.environment().put("FAKE_JAVA_LOG", log.toString());
        builder.environment().remove("VMEM_CDS");
        builder.environment().remove("VMEM_JAVA_OPTS");
        for (int i = 0; i < env.length; i += 2) {
            builder.environment().put(env[i], env[i + 1]);
        }
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(Files.readString(dir.resolve("out.txt"))).isZero();
        List<String> runs = Files.readAllLines(log).stream().filter(l -> l.endsWith(" --version")).toList();
        assertThat(runs).isNotEmpty();
        return runs.get(runs.size() - 1);
    }

    /** Waits for the background training to end (its lock folder gone); returns the archive it made. */
    private Path trained() throws IOException, InterruptedException {
        Path folder = cache.resolve("vmem");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (Stream<Path> files = Files.list(folder)) {
                List<String> names = files.map(p -> p.getFileName().toString()).toList();
                if (names.stream().noneMatch(n -> n.endsWith(".lock") || n.endsWith(".tmp"))
                        && names.stream().anyMatch(n -> n.endsWith(".jsa.size"))) {
                    assertThat(names).as("the training's class list is removed").noneMatch(n -> n.contains("classlist"));
                    List<String> archives = names.stream().filter(n -> n.endsWith(".jsa")).toList();
                    assertThat(archives).hasSize(1);
                    return folder.resolve(archives.get(0));
                }
            }
            assertThat(System.nanoTime()).as("the training ends").isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
