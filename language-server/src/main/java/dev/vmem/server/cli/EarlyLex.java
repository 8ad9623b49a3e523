package dev.vmem.server.cli;

import dev.vmem.dsl.parser.LexedText;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * The tokens of the one {@code .vmem} file a {@code vmem check} names, lexed from the first line of
 * {@code main} on a thread of their own, beside the injector's, before picocli has even parsed the
 * command line (docs/benchmarks.md, fourth pass). It is only a guess at what the check will read: the
 * check reads and decodes the file itself, with its own limits, and takes these tokens only when they
 * were lexed from exactly the text it has ({@link #take}); otherwise it lexes again.
 */
final class EarlyLex {

    /** Larger files are left to the check (the default --max-file-size). */
    private static final long MAX_BYTES = XtextFileChecker.Limits.DEFAULT_MAX_FILE_BYTES;

    private record Early(Path path, FutureTask<Lexed> task) {
    }

    /** The bytes read, and their text and tokens. */
    private record Lexed(byte[] bytes, LexedText text) {
    }

    private static volatile Early early;

    private EarlyLex() {
    }

    /** Starts lexing when {@code args} are a check of exactly one existing .vmem file (not --from). */
    static void start(String[] args) {
        if (args.length < 2 || !args[0].equals("check")) {
            return;
        }
        Path file = null;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--from") || a.startsWith("--from=")) {
                return;
            }
            if (a.startsWith("-") || !a.endsWith(".vmem")) {
                continue;
            }
            if (file != null) {
                return; // several files: the batch reads them in its own order
            }
            try {
                file = Path.of(a).toAbsolutePath().normalize();
            } catch (InvalidPathException e) {
                return;
            }
        }
        if (file == null) {
            return;
        }
        Path path = file;
        var task = new FutureTask<>(() -> lex(path));
        early = new Early(path, task);
        Thread thread = new Thread(null, task, "vmem-early-lex", BatchChecker.STACK_BYTES);
        thread.setDaemon(true);
        thread.start();
    }

    private static Lexed lex(Path path) {
        try {
            if (!Files.isRegularFile(path) || Files.size(path) > MAX_BYTES) {
                return null;
            }
            byte[] bytes = Files.readAllBytes(path);
            return new Lexed(bytes, LexedText.lex(TextDecoder.decode(bytes)));
        } catch (java.io.IOException | TextDecoder.NotTextException e) {
            return null; // the check reports it
        }
    }

    /**
     * The early text and tokens of {@code path} if they were decoded and lexed from exactly {@code bytes}
     * (waiting for them), else null; once. The check then need not decode the bytes again.
     */
    static LexedText take(Path path, byte[] bytes) {
        Early e = early;
        if (e == null || !e.path().equals(path.toAbsolutePath().normalize())) {
            return null;
        }
        early = null;
        try {
            Lexed lexed = e.task().get();
            return lexed != null && Arrays.equals(lexed.bytes(), bytes) ? lexed.text() : null;
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException x) {
            return null; // lexing it again shows the failure where the check reports failures
        }
    }
}
