package dev.vmem.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vmem.server.cli.report.Codes;
import dev.vmem.server.cli.report.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputCollectorTest {

    @TempDir
    Path dir;

    private void touch(String relative) throws IOException {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, "");
    }

    private static List<String> displayed(InputCollector.Inputs inputs) {
        return inputs.files().stream().map(InputFile::displayPath).toList();
    }

    @Test
    void foldersAreSearchedRecursivelyInSortedOrderForVmemFilesOnly() throws IOException {
        touch("tree/b.vmem");
        touch("tree/a.vmem");
        touch("tree/sub/c.vmem");
        touch("tree/B.vmem");
        touch("tree/notes.txt");
        touch("tree/.hidden/d.vmem");
        touch("tree/.e.vmem");

        var inputs = InputCollector.collect(dir, List.of("tree"));

        assertThat(displayed(inputs)).containsExactly("tree/B.vmem", "tree/a.vmem", "tree/b.vmem", "tree/sub/c.vmem");
        assertThat(inputs.unreadable()).isEmpty();
    }

    @Test
    void pathsKeepTheSpellingOfTheArgument() throws IOException {
        touch("tree/a.vmem");
        assertThat(displayed(InputCollector.collect(dir, List.of("tree/")))).containsExactly("tree/a.vmem");
        assertThat(displayed(InputCollector.collect(dir, List.of("./tree")))).containsExactly("./tree/a.vmem");
        assertThat(displayed(InputCollector.collect(dir, List.of(dir.resolve("tree").toString()))))
                .containsExactly(dir.resolve("tree/a.vmem").toString());
    }

    @Test
    void aNamedFileIsCheckedWhateverItsExtensionAndOnlyOnce() throws IOException {
        touch("tree/a.vmem");
        touch("x.txt");
        var inputs = InputCollector.collect(dir, List.of("x.txt", "tree", "tree/a.vmem", "./tree/a.vmem"));
        assertThat(displayed(inputs)).containsExactly("x.txt", "tree/a.vmem");
    }

    @Test
    void symbolicLinkLoopsAreNotFollowedForever() throws IOException {
        touch("tree/a.vmem");
        Files.createSymbolicLink(dir.resolve("tree/loop"), dir.resolve("tree"));
        Files.createDirectories(dir.resolve("tree/sub"));
        Files.createSymbolicLink(dir.resolve("tree/sub/up"), dir);

        var inputs = InputCollector.collect(dir, List.of("tree"));

        assertThat(displayed(inputs)).containsExactly("tree/a.vmem");
        assertThat(inputs.unreadable()).isEmpty();
    }

    @Test
    void missingPathsAndBrokenLinksAreUnreadableInArgumentOrder() throws IOException {
        touch("tree/a.vmem");
        Files.createSymbolicLink(dir.resolve("tree/broken.vmem"), dir.resolve("nowhere"));

        var inputs = InputCollector.collect(dir, List.of("missing.vmem", "tree"));

        assertThat(inputs.inputs()).hasSize(3);
        assertThat(inputs.inputs().get(0)).isInstanceOf(InputCollector.Unreadable.class);
        assertThat(displayed(inputs)).containsExactly("tree/a.vmem");
        assertThat(inputs.unreadable()).extracting(Problem::code).containsOnly(Codes.UNREADABLE_INPUT);
        assertThat(inputs.unreadable()).extracting(p -> p.location().path())
                .containsExactly("missing.vmem", "tree/broken.vmem");
    }
}
