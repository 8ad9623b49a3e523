package dev.vmem.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The repository's examples and what they must produce: the warning and error codes of a file's
 * {@code // expect:} header, corrected by {@code examples/expect-corrections.txt} where a fact
 * contradicts a header that must stay as its source wrote it (examples/spec/ is byte-identical to the
 * shared spec). That data file is the only place a correction lives.
 *
 * <p>The header is read by the language's one reader, which the caller passes in
 * ({@code dev.vmem.dsl.text.ExpectHeaders::codes}): this module depends on no VMem module, so the tests
 * of every module, the language's own included, can use it.
 */
public final class Examples {

    /** The data file of corrections, relative to the repository root. */
    public static final String CORRECTIONS = "examples/expect-corrections.txt";

    private static final Pattern CODE = Pattern.compile("[+-][a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern GOLDEN = Pattern.compile(
            "^(examples/\\S+\\.vmem):(\\d+):\\d+: (error|warning|info): .* \\[([a-z0-9-]+)\\]$");

    /**
     * One corrected example: its path from the repository root, the codes the facts add to and remove
     * from its header, and the fact that says so.
     */
    public record Correction(String path, Set<String> added, Set<String> removed, String fact) {

        /** The header's codes with this correction applied. */
        public Set<String> apply(Collection<String> header) {
            var codes = new TreeSet<>(header);
            codes.addAll(added);
            codes.removeAll(removed);
            return codes;
        }
    }

    private Examples() {
    }

    /** The examples folder. */
    public static Path root() {
        return Repository.resolve("examples");
    }

    /** Every {@code .vmem} file below examples/, sorted. */
    public static List<Path> all() {
        return vmemFiles(root(), Integer.MAX_VALUE);
    }

    /** examples/spec/*.vmem, sorted. */
    public static List<Path> spec() {
        return vmemFiles(root().resolve("spec"), 1);
    }

    private static List<Path> vmemFiles(Path dir, int depth) {
        try (Stream<Path> files = Files.walk(dir, depth)) {
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

    /** The path of {@code file} from the repository root, with forward slashes. */
    public static String relative(Path file) {
        return Repository.root().relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }

    /**
     * The warning and error codes {@code file} must produce: what {@code header} reads from its text
     * ({@code none} left out), corrected by {@link #corrections()}. Sorted.
     */
    public static Set<String> expectedCodes(Path file, Function<String, ? extends Collection<String>> header) {
        var codes = new TreeSet<String>(header.apply(read(file)));
        codes.remove("none");
        String path = relative(file);
        for (Correction c : corrections()) {
            if (c.path().equals(path)) {
                return c.apply(codes);
            }
        }
        return codes;
    }

    /** The corrections of {@value #CORRECTIONS}, in file order. */
    public static List<Correction> corrections() {
        return parseCorrections(read(Repository.resolve(CORRECTIONS)));
    }

    /**
     * Parses the corrections' text: {@code #} comments and blank lines, and one line per example
     * {@code PATH | +CODE -CODE … | FACT}. A malformed line is an error naming its line number.
     */
    public static List<Correction> parseCorrections(String text) {
        var result = new ArrayList<Correction>();
        var seen = new TreeSet<String>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\|", -1);
            String where = CORRECTIONS + ":" + (i + 1) + ": ";
            if (parts.length != 3) {
                throw new IllegalArgumentException(where + "expected PATH | +CODE -CODE … | FACT");
            }
            String path = parts[0].strip();
            String fact = parts[2].strip();
            if (!path.endsWith(".vmem") || path.startsWith("/")) {
                throw new IllegalArgumentException(where + "the path must be a .vmem file relative to the repository root");
            }
            if (!seen.add(path)) {
                throw new IllegalArgumentException(where + path + " is corrected twice");
            }
            if (fact.isEmpty()) {
                throw new IllegalArgumentException(where + "a correction names the fact that justifies it");
            }
            var added = new TreeSet<String>();
            var removed = new TreeSet<String>();
            for (String change : parts[1].strip().split("\\s+")) {
                if (!CODE.matcher(change).matches()) {
                    throw new IllegalArgumentException(where + "'" + change + "' is not +CODE or -CODE");
                }
                (change.charAt(0) == '+' ? added : removed).add(change.substring(1));
            }
            result.add(new Correction(path, Set.copyOf(added), Set.copyOf(removed), fact));
        }
        return List.copyOf(result);
    }

    /**
     * "severity code line" of every error, warning and info the CLI's golden text report
     * (language-server/src/test/resources/golden/examples.txt) gives for {@code file}, sorted.
     */
    public static List<String> cliGoldenFindings(Path file) {
        Path golden = Repository.resolve("language-server/src/test/resources/golden/examples.txt");
        String name = relative(file);
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
