package dev.vmem.engine.scale;

import dev.vmem.engine.report.Rule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds where test sources mention rules: a code as a string literal ({@code "memslot-overlap"}) or
 * an enum constant ({@code Rule.MEMSLOT_OVERLAP}, or the bare constant where {@code Rule} is
 * imported statically). Comments do not count. A mention inside a statement that asserts absence
 * ({@code isEmpty()}, {@code doesNotContain}, {@code hasSize(0)}, …) is recorded as negative: a test
 * that checks a rule does <em>not</em> fire does not exercise it.
 */
public final class RuleMentions {

    /** Where a rule is mentioned. */
    public record Mention(Rule rule, Path file, int line, boolean positive) {
        @Override
        public String toString() {
            return file.getFileName() + ":" + line + (positive ? "" : " (negative)");
        }
    }

    /** Assertions of absence: a rule named in the same statement is not exercised there. */
    private static final Pattern NEGATIVE = Pattern.compile("\\.isEmpty\\(\\)|doesNotContain|doesNotHave|hasSize\\(0\\)"
            + "|isZero\\(\\)|noneMatch|\\.isFalse\\(\\)|isNotEqualTo|isNotIn\\(|doesNotMatch|isNotPresent\\(\\)");

    /** Test source folders of the modules that may exercise rules, relative to the repository root. */
    public static final List<String> TEST_SOURCE_ROOTS = List.of("engine/src/test/java", "dsl/src/test/java",
            "editor/src/test/java", "language-server/src/test/java");

    private RuleMentions() {
    }

    /** The repository root: the nearest folder, from the working directory up, with engine/src/test/java. */
    public static Path repositoryRoot() {
        var dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (var d = dir; d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve("engine/src/test/java")) && Files.isRegularFile(d.resolve("pom.xml"))) {
                return d;
            }
        }
        throw new IllegalStateException("no repository root above " + dir);
    }

    /** The test source folders that exist. */
    public static List<Path> testSourceRoots(Path root) {
        return TEST_SOURCE_ROOTS.stream().map(root::resolve).filter(Files::isDirectory).toList();
    }

    /** Every mention of every rule in the Java files under {@code roots}. */
    public static Map<Rule, List<Mention>> scan(List<Path> roots) {
        var map = new EnumMap<Rule, List<Mention>>(Rule.class);
        for (var r : Rule.values()) {
            map.put(r, new ArrayList<>());
        }
        for (var root : roots) {
            try (Stream<Path> files = Files.walk(root)) {
                for (var f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                    for (var m : mentions(Files.readString(f, StandardCharsets.UTF_8), f)) {
                        map.get(m.rule()).add(m);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return map;
    }

    /** The mentions in one source text. */
    public static List<Mention> mentions(String source, Path file) {
        var code = stripComments(source);
        boolean staticImport = code.contains("import static dev.vmem.engine.report.Rule.");
        var out = new ArrayList<Mention>();
        int line = 1;
        int start = 0;
        for (var stmt : statements(code)) {
            line += count(code, start, stmt.start(), '\n');
            start = stmt.start();
            var text = code.substring(stmt.start(), stmt.end());
            boolean positive = !NEGATIVE.matcher(text).find();
            for (var r : Rule.values()) {
                if (!text.contains(r.code()) && !text.contains(r.name())) {
                    continue;
                }
                var hit = LITERAL.get(r).matcher(text);
                var constant = (staticImport ? BARE : QUALIFIED).get(r).matcher(text);
                int at = hit.find() ? hit.start() : constant.find() ? constant.start() : -1;
                if (at >= 0) {
                    out.add(new Mention(r, file, line + count(text, 0, at, '\n'), positive));
                }
            }
        }
        return out;
    }

    private static final Map<Rule, Pattern> LITERAL = patterns(RuleMentions::literal);
    private static final Map<Rule, Pattern> QUALIFIED = patterns(RuleMentions::qualified);
    private static final Map<Rule, Pattern> BARE = patterns(RuleMentions::bare);

    private static Map<Rule, Pattern> patterns(java.util.function.Function<Rule, Pattern> f) {
        var map = new EnumMap<Rule, Pattern>(Rule.class);
        for (var r : Rule.values()) {
            map.put(r, f.apply(r));
        }
        return map;
    }

    private static Pattern literal(Rule r) {
        return Pattern.compile("(?<![\\\\\\w-])\"" + Pattern.quote(r.code()) + "\"");
    }

    private static Pattern qualified(Rule r) {
        return Pattern.compile("\\bRule\\s*\\.\\s*" + r.name() + "\\b");
    }

    /** With {@code import static ...Rule.*} a constant may stand alone. */
    private static Pattern bare(Rule r) {
        return Pattern.compile("(?<![\\w.])" + r.name() + "\\b|\\bRule\\s*\\.\\s*" + r.name() + "\\b");
    }

    private static int count(CharSequence s, int from, int to, char c) {
        int n = 0;
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == c) {
                n++;
            }
        }
        return n;
    }

    /** A statement's span: text between two of {@code ; { }} outside literals. */
    private record Span(int start, int end) {
    }

    private static List<Span> statements(String code) {
        var out = new ArrayList<Span>();
        int start = 0;
        int i = 0;
        while (i < code.length()) {
            char c = code.charAt(i);
            if (c == '"' || c == '\'') {
                i = skipLiteral(code, i);
                continue;
            }
            if (c == ';' || c == '{' || c == '}') {
                out.add(new Span(start, i + 1));
                start = i + 1;
            }
            i++;
        }
        if (start < code.length()) {
            out.add(new Span(start, code.length()));
        }
        return out;
    }

    /** The index after the string, text block or char literal starting at {@code i}. */
    private static int skipLiteral(String s, int i) {
        char q = s.charAt(i);
        if (q == '"' && s.startsWith("\"\"\"", i)) {
            int end = s.indexOf("\"\"\"", i + 3);
            return end < 0 ? s.length() : end + 3;
        }
        int j = i + 1;
        while (j < s.length() && s.charAt(j) != q && s.charAt(j) != '\n') {
            j += s.charAt(j) == '\\' ? 2 : 1;
        }
        return Math.min(j + 1, s.length());
    }

    /** The source with comments blanked out (newlines kept, so line numbers stay right). */
    static String stripComments(String s) {
        var sb = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '"' || c == '\'') {
                int end = skipLiteral(s, i);
                sb.append(s, i, end);
                i = end;
            } else if (s.startsWith("//", i)) {
                int end = s.indexOf('\n', i);
                end = end < 0 ? s.length() : end;
                sb.append(" ".repeat(end - i));
                i = end;
            } else if (s.startsWith("/*", i)) {
                int end = s.indexOf("*/", i + 2);
                end = end < 0 ? s.length() : end + 2;
                for (int k = i; k < end; k++) {
                    sb.append(s.charAt(k) == '\n' ? '\n' : ' ');
                }
                i = end;
            } else {
                sb.append(c);
                i++;
            }
        }
        return sb.toString();
    }
}
