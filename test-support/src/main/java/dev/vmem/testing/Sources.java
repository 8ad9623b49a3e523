package dev.vmem.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** A module's Java sources read as text, for the layering tests (what a module may import or call). */
public final class Sources {

    private Sources() {
    }

    /** {@link #matching(Path, Pattern)} of the module's main sources, src/main/java (tests run in the module's folder). */
    public static List<String> mainMatching(Pattern pattern) throws IOException {
        return matching(Path.of("src/main/java"), pattern);
    }

    /** The {@code .java} files under {@code root} whose text matches {@code pattern}, relative to root, with '/'. */
    public static List<String> matching(Path root, Pattern pattern) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".java")).filter(p -> {
                try {
                    return pattern.matcher(Files.readString(p)).find();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).map(p -> root.relativize(p).toString().replace('\\', '/')).sorted().toList();
        }
    }
}
