package dev.vmem.importers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** The importer tests' bad inputs (src/test/resources/bad/FORMAT/) and the position of the one error each gives. */
final class BadInput {

    private BadInput() {
    }

    static String read(String format, String file) throws IOException {
        return Files.readString(Path.of("src/test/resources/bad", format, file), StandardCharsets.UTF_8);
    }

    /** {@code importing} throws an ImportException at {@code line}, {@code column} and {@code pointer}. */
    static void failsAt(ThrowingCallable importing, int line, int column, String pointer) {
        assertThatThrownBy(importing).isInstanceOfSatisfying(ImportException.class, e -> {
            assertThat(e.position().line()).isEqualTo(line);
            assertThat(e.position().column()).isEqualTo(column);
            assertThat(e.position().pointer()).isEqualTo(pointer);
        });
    }

    /** As {@link #failsAt(ThrowingCallable, int, int, String)}, for a format whose parser gives no column. */
    static void failsAt(ThrowingCallable importing, int line, String pointer) {
        assertThatThrownBy(importing).isInstanceOfSatisfying(ImportException.class, e -> {
            assertThat(e.position().line()).isEqualTo(line);
            assertThat(e.position().pointer()).isEqualTo(pointer);
        });
    }
}
