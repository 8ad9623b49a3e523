package dev.vmem.importers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every configuration of the corpus (src/test/resources/corpus/FORMAT/) imports into the golden
 * .vmem text and the golden notes (golden/FORMAT/NAME.vmem, .notes); every mapped line of the output
 * points into the original file.
 */
class CorpusGoldenTest {

    static Stream<Path> corpus() throws IOException {
        return files(Golden.RESOURCES.resolve("corpus"));
    }

    static Stream<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList().stream();
        }
    }

    static VmmFormat formatOf(Path file) {
        return VmmFormat.byKeyword(file.getParent().getFileName().toString()).orElseThrow();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void importsAsGolden(Path file) throws Exception {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        VmmFormat format = formatOf(file);
        ImportResult result = format.importer().read(file.getFileName().toString(), text, ImportOptions.defaults());
        String base = format.keyword() + "/" + file.getFileName().toString().replaceFirst("\\.[a-z]+$", "");
        Golden.check(base + ".vmem", result.text());
        var notes = new StringBuilder();
        for (Note n : result.notes()) {
            notes.append(n.severity()).append(' ').append(n.code()).append(' ').append(n.position()).append(": ")
                    .append(n.message()).append('\n');
        }
        Golden.check(base + ".notes", notes.toString());

        int lines = text.split("\n", -1).length;
        assertThat(result.sourceMap()).isNotEmpty();
        for (SourcePosition p : result.sourceMap().values()) {
            assertThat(p.line()).as("mapped line in %s", file).isBetween(1, lines);
        }
        assertThat(result.notes()).extracting(Note::code).contains(Note.DEFAULT_KERNEL);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void importIsDeterministic(Path file) throws Exception {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Importer importer = formatOf(file).importer();
        assertThat(importer.read("x", text, ImportOptions.defaults()))
                .isEqualTo(importer.read("x", text, ImportOptions.defaults()));
    }

    static List<String> codesOf(ImportResult r) {
        return r.notes().stream().map(Note::code).toList();
    }
}
