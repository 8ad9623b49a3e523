package dev.vmem.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files: a test compares its whole output with a committed file; with {@code -Dgolden=promote}
 * (the root POM passes it to surefire) it rewrites the file instead, on purpose, for review in the diff.
 * A missing golden file is a failure that says how to create it.
 *
 * <pre>
 * static final Golden GOLDEN = Golden.in(Repository.resolve("importers/src/test/resources/golden"),
 *         "./mvnw -B -q -DskipEclipse -pl importers -am verify -Dgolden=promote");
 * GOLDEN.check("firecracker/default.vmem", output);
 * </pre>
 */
public final class Golden {

    /** Lines of context around a difference, and the most lines of each side shown. */
    private static final int CONTEXT = 2;
    private static final int MAX_LINES = 20;

    private final Path dir;
    private final String promoteCommand;

    private Golden(Path dir, String promoteCommand) {
        this.dir = dir;
        this.promoteCommand = promoteCommand;
    }

    /**
     * The golden files under {@code dir}; {@code promoteCommand} is the command a failure prints, the one
     * that rewrites them.
     */
    public static Golden in(Path dir, String promoteCommand) {
        return new Golden(dir, promoteCommand);
    }

    public Path dir() {
        return dir;
    }

    /** True when the build asked to rewrite golden files ({@code -Dgolden=promote}). */
    public static boolean promoting() {
        return "promote".equals(System.getProperty("golden"));
    }

    /** Compares {@code actual} with the golden file {@code name} (below {@link #dir()}), or rewrites it when promoting. */
    public void check(String name, String actual) {
        Path file = dir.resolve(name);
        try {
            if (promoting()) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, actual, StandardCharsets.UTF_8);
                return;
            }
            if (!Files.isRegularFile(file)) {
                throw new AssertionError("golden file " + file + " is missing. Create it from this output and review it:\n  "
                        + promoteCommand);
            }
            String expected = Files.readString(file, StandardCharsets.UTF_8);
            if (!actual.equals(expected)) {
                throw new AssertionError("output differs from golden file " + file + "\n" + diff(expected, actual)
                        + "If the change is intended, rewrite the golden files and review the diff:\n  " + promoteCommand);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A readable difference of two texts by lines: the lines that differ ({@code -} golden, {@code +} output)
     * between the longest common beginning and end, with their line numbers and a little context.
     */
    public static String diff(String expected, String actual) {
        String[] e = expected.split("\n", -1);
        String[] a = actual.split("\n", -1);
        int start = 0;
        while (start < e.length && start < a.length && e[start].equals(a[start])) {
            start++;
        }
        if (start == e.length && start == a.length) {
            return "(the same lines; the line ends differ)\n";
        }
        int endE = e.length;
        int endA = a.length;
        while (endE > start && endA > start && e[endE - 1].equals(a[endA - 1])) {
            endE--;
            endA--;
        }
        var out = new StringBuilder();
        out.append("@@ golden lines ").append(start + 1).append('-').append(endE)
                .append(" (of ").append(e.length).append("), output lines ").append(start + 1).append('-').append(endA)
                .append(" (of ").append(a.length).append(") @@\n");
        for (int i = Math.max(0, start - CONTEXT); i < start; i++) {
            out.append("  ").append(e[i]).append('\n');
        }
        lines(out, '-', e, start, endE);
        lines(out, '+', a, start, endA);
        for (int i = endE; i < Math.min(e.length, endE + CONTEXT); i++) {
            out.append("  ").append(e[i]).append('\n');
        }
        return out.toString();
    }

    private static void lines(StringBuilder out, char sign, String[] lines, int from, int to) {
        for (int i = from; i < Math.min(to, from + MAX_LINES); i++) {
            out.append(sign).append(' ').append(lines[i]).append('\n');
        }
        if (to - from > MAX_LINES) {
            out.append(sign).append(" … ").append(to - from - MAX_LINES).append(" more lines\n");
        }
    }
}
