package dev.vmem.server.cli;

import dev.vmem.server.cli.report.ExpectHeader;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads the {@code // expect:} lines of a file's header: the comment lines (and blank lines) before
 * the first line of code. {@code // expect: CODE} says the file must produce CODE;
 * {@code // expect: none} that it produces no warning or error. Several codes may share a line,
 * separated by commas or spaces.
 */
public final class ExpectHeaders {

    private static final Pattern EXPECT = Pattern.compile("//\\s*expect\\s*:\\s*(.*)");
    private static final Pattern SEPARATORS = Pattern.compile("[,\\s]+");

    private ExpectHeaders() {
    }

    public static List<ExpectHeader> read(SourceText text) {
        var headers = new ArrayList<ExpectHeader>();
        for (int line = 1; line <= text.lineCount(); line++) {
            String s = text.line(line).strip();
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
                        headers.add(new ExpectHeader(code, line));
                    }
                }
            }
        }
        return headers;
    }
}
