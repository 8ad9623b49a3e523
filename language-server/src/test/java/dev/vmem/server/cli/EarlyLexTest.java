package dev.vmem.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tokens lexed from the first line of main serve the check only when they are the tokens of exactly
 * the text the check read, once; a command line that does not name exactly one .vmem file to check gets
 * none.
 */
class EarlyLexTest {

    private static final String TEXT = "kernel k {\n    version 6.18\n}\n";

    @TempDir
    Path dir;

    @Test
    void theNamedFilesTokensServeItsCheckOnce() throws IOException {
        Path file = Files.writeString(dir.resolve("a.vmem"), TEXT);
        EarlyLex.start(new String[] {"check", "--format", "json", file.toString()});
        var lexed = EarlyLex.take(file, TEXT);
        assertThat(lexed).isNotNull();
        assertThat(lexed.text()).isEqualTo(TEXT);
        assertThat(EarlyLex.take(file, TEXT)).isNull();
    }

    @Test
    void anotherTextGetsNone() throws IOException {
        Path file = Files.writeString(dir.resolve("b.vmem"), TEXT);
        EarlyLex.start(new String[] {"check", file.toString()});
        assertThat(EarlyLex.take(file, TEXT + "// changed since\n")).isNull();
    }

    @Test
    void otherCommandLinesGetNone() throws IOException {
        Path a = Files.writeString(dir.resolve("c.vmem"), TEXT);
        Path b = Files.writeString(dir.resolve("d.vmem"), TEXT);
        EarlyLex.start(new String[] {"check", a.toString(), b.toString()});
        assertThat(EarlyLex.take(a, TEXT)).isNull();
        EarlyLex.start(new String[] {"check", "--from", "qemu", a.toString()});
        assertThat(EarlyLex.take(a, TEXT)).isNull();
        EarlyLex.start(new String[] {"map", a.toString()});
        assertThat(EarlyLex.take(a, TEXT)).isNull();
    }
}
