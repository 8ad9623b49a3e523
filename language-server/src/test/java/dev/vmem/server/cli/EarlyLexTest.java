package dev.vmem.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The text and tokens decoded and lexed from the first line of main serve the check only when they come
 * from exactly the bytes the check read, once; a command line that does not name exactly one .vmem file to check gets
 * none.
 */
class EarlyLexTest {

    private static final String TEXT = "kernel k {\n    version 6.18\n}\n";
    private static final byte[] BYTES = TEXT.getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void theNamedFilesTokensServeItsCheckOnce() throws IOException {
        Path file = Files.writeString(dir.resolve("a.vmem"), TEXT);
        EarlyLex.start(new String[] {"check", "--format", "json", file.toString()});
        var lexed = EarlyLex.take(file, BYTES);
        assertThat(lexed).isNotNull();
        assertThat(lexed.text()).isEqualTo(TEXT);
        assertThat(EarlyLex.take(file, BYTES)).isNull();
    }

    @Test
    void anotherTextGetsNone() throws IOException {
        Path file = Files.writeString(dir.resolve("b.vmem"), TEXT);
        EarlyLex.start(new String[] {"check", file.toString()});
        assertThat(EarlyLex.take(file, (TEXT + "// changed since\n").getBytes(StandardCharsets.UTF_8))).isNull();
    }

    @Test
    void otherCommandLinesGetNone() throws IOException {
        Path a = Files.writeString(dir.resolve("c.vmem"), TEXT);
        Path b = Files.writeString(dir.resolve("d.vmem"), TEXT);
        EarlyLex.start(new String[] {"check", a.toString(), b.toString()});
        assertThat(EarlyLex.take(a, BYTES)).isNull();
        EarlyLex.start(new String[] {"check", "--from", "qemu", a.toString()});
        assertThat(EarlyLex.take(a, BYTES)).isNull();
        EarlyLex.start(new String[] {"map", a.toString()});
        assertThat(EarlyLex.take(a, BYTES)).isNull();
    }
}
