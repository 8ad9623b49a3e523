package dev.vmem.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GoldenTest {

    @TempDir
    Path dir;

    private final String saved = System.getProperty("golden");

    @AfterEach
    void restore() {
        if (saved == null) {
            System.clearProperty("golden");
        } else {
            System.setProperty("golden", saved);
        }
    }

    @Test
    void equalOutputPasses() throws IOException {
        System.clearProperty("golden");
        Files.writeString(dir.resolve("a.txt"), "one\ntwo\n");
        Golden.in(dir, "PROMOTE").check("a.txt", "one\ntwo\n");
    }

    @Test
    void aMissingGoldenFailsAndSaysHowToCreateIt() {
        System.clearProperty("golden");
        assertThatThrownBy(() -> Golden.in(dir, "./mvnw verify -Dgolden=promote").check("b.txt", "x"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("missing")
                .hasMessageContaining("./mvnw verify -Dgolden=promote");
        assertThat(dir.resolve("b.txt")).doesNotExist();
    }

    @Test
    void aDifferenceFailsWithTheLinesThatDifferAndTheCommand() throws IOException {
        System.clearProperty("golden");
        Files.writeString(dir.resolve("c.txt"), "a\nb\nc\nd\ne\n");
        assertThatThrownBy(() -> Golden.in(dir, "PROMOTE").check("c.txt", "a\nb\nX\nd\ne\n"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("- c\n+ X\n").hasMessageContaining("PROMOTE");
        assertThat(dir.resolve("c.txt")).hasContent("a\nb\nc\nd\ne\n");
    }

    @Test
    void promotingRewritesTheFileAndCreatesFolders() {
        System.setProperty("golden", "promote");
        Golden.in(dir, "PROMOTE").check("sub/d.txt", "new\n");
        assertThat(dir.resolve("sub/d.txt")).hasContent("new\n");
    }

    @Test
    void diffShowsOnlyTheChangedMiddleWithContextAndLineNumbers() {
        String diff = Golden.diff("1\n2\n3\n4\n5\n6\n7\n", "1\n2\n3\nfour\n4b\n5\n6\n7\n");
        assertThat(diff).isEqualTo("""
                @@ golden lines 4-4 (of 8), output lines 4-5 (of 9) @@
                  2
                  3
                - 4
                + four
                + 4b
                  5
                  6
                """);
    }

    @Test
    void diffOfAnAddedTailAndOfLineEnds() {
        assertThat(Golden.diff("a\n", "a\nb\n")).contains("+ b\n").doesNotContain("- ");
        assertThat(Golden.diff("a\nb", "a\r\nb")).contains("- a\n").contains("+ a\r\n");
        assertThat(Golden.diff("a\n", "a\n")).contains("the same lines");
    }

    @Test
    void longDifferencesAreCut() {
        String many = "x\n".repeat(50);
        assertThat(Golden.diff("", many)).contains("… 30 more lines");
    }
}
