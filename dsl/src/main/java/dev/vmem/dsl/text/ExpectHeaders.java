package dev.vmem.dsl.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The {@code // expect:} lines of a file's header: the comment lines (and blank lines) before the
 * first line of code. {@code // expect: CODE} says the file must produce CODE; {@code // expect: none}
 * that it produces no warning or error. Several codes may share a line, separated by commas or
 * spaces. The one reader of these headers (the CLI's JUnit output, the example tests of every module).
 */
public final class ExpectHeaders {

    /** The word that says "no warning or error". */
    public static final String NONE = "none";

    private static final Pattern EXPECT = Pattern.compile("//\\s*expect\\s*:\\s*(.*)");
    private static final Pattern SEPARATORS = Pattern.compile("[,\\s]+");

    /** One code of an expect line (or {@link #NONE}) and the line's 1-based number. */
    public record Expect(String code, int line) {
    }

    private ExpectHeaders() {
    }

    public static List<Expect> read(LineIndex text) {
        var headers = new ArrayList<Expect>();
        for (int line = 1; line <= text.lineCount(); line++) {
            String s = text.lineText1(line).strip();
            if (s.isEmpty()) {
                continue;
            }
            if (!s.startsWith("//")) {
                break;
            }
            var m = EXPECT.matcher(s);
            if (m.matches()) {
                for (String code : SEPARATORS.split(m.group(1).strip())) {
                    if (!code.isEmpty()) {
                        headers.add(new Expect(code, line));
                    }
                }
            }
        }
        return headers;
    }

    public static List<Expect> read(String text) {
        return read(new LineIndex(text));
    }

    /** The codes a file's header expects ({@code none} left out): what its warnings and errors must be. */
    public static Set<String> codes(String text) {
        var codes = new TreeSet<String>();
        read(text).stream().map(Expect::code).filter(c -> !c.equals(NONE)).forEach(codes::add);
        return codes;
    }

    /** True when the file has at least one expect line. */
    public static boolean present(String text) {
        return !read(text).isEmpty();
    }
}
