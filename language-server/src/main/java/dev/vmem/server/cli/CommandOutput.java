package dev.vmem.server.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** What the commands share about output: the error line, and {@code -o FILE} written whole or not at all. */
final class CommandOutput {

    private CommandOutput() {
    }

    /** Prints {@code vmem: error: MESSAGE} and returns the exit code of bad input. */
    static int fail(Cli.Context context, String message) {
        context.err().println("vmem: error: " + message);
        context.err().flush();
        return ExitCodes.BAD_INPUT;
    }

    /** A sibling of {@code target}, created like any new file (so the umask applies), renamed over it when complete. */
    static Path tempSibling(Path target) {
        return target.toAbsolutePath().resolveSibling(
                "." + target.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
    }

    /**
     * Writes {@code bytes} to standard output, or with {@code output} to that file (relative to the working
     * folder) through {@link #tempSibling}; returns {@link ExitCodes#OK}, or {@link ExitCodes#BAD_INPUT}
     * after saying why the file could not be written.
     */
    static int write(Cli.Context context, Path output, byte[] bytes) throws IOException {
        if (output == null) {
            OutputStream out = context.out();
            out.write(bytes);
            out.flush();
            return ExitCodes.OK;
        }
        Path target = context.workingDirectory().resolve(output);
        Path temp = tempSibling(target);
        try {
            Files.write(temp, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            return fail(context, "cannot write " + output + ": " + InputCollector.describe(e));
        } finally {
            Files.deleteIfExists(temp);
        }
        return ExitCodes.OK;
    }
}
