package dev.vmem.server.cli.format;

import dev.vmem.server.cli.report.BatchResult;
import dev.vmem.server.cli.report.FileReport;
import dev.vmem.server.cli.report.Location;
import dev.vmem.server.cli.report.Problem;
import dev.vmem.server.cli.report.RelatedLocation;
import dev.vmem.server.cli.report.TraceLink;
import java.io.Writer;
import java.io.IOException;

/**
 * GNU style, one line per problem: {@code file:line:col: severity: message [code]} (1-based), each
 * followed by {@code note:} lines for the related elements and, with --show-trace, the trace
 * indented below. Problems about a whole file have no position: {@code file: error: message [code]}.
 */
public final class TextWriter implements ReportWriter {

    private final Writer out;
    private final boolean showTrace;

    public TextWriter(Writer out, boolean showTrace) {
        this.out = out;
        this.showTrace = showTrace;
    }

    @Override
    public void file(FileReport report) throws IOException {
        for (Problem p : report.problems()) {
            out.write(place(p.location(), p.positioned()) + " " + p.severity().keyword() + ": " + p.message() + " ["
                    + p.code() + "]\n");
            for (RelatedLocation r : p.related()) {
                out.write(place(r.location(), true) + " note: " + r.message() + "\n");
            }
            if (showTrace) {
                for (TraceLink link : p.trace()) {
                    out.write("    " + link.kind() + ": " + link.text()
                            + (link.source() == null ? "" : " [" + link.source() + "]") + "\n");
                }
            }
        }
        out.flush();
    }

    private static String place(Location l, boolean positioned) {
        return positioned ? l.path() + ":" + l.span().line() + ":" + l.span().column() + ":" : l.path() + ":";
    }

    @Override
    public void finish(BatchResult result) throws IOException {
        out.flush();
    }

    /** The summary line printed to stderr after a text report. */
    public static String summaryLine(BatchResult.Summary s) {
        var b = new StringBuilder();
        b.append(s.files()).append(s.files() == 1 ? " file" : " files").append(" checked: ")
                .append(plural(s.errors(), "error")).append(", ")
                .append(plural(s.warnings(), "warning")).append(", ")
                .append(s.infos()).append(" info");
        var trouble = new StringBuilder();
        if (s.unreadable() > 0) {
            trouble.append(s.unreadable()).append(" unreadable");
        }
        if (s.unparsable() > 0) {
            trouble.append(trouble.isEmpty() ? "" : ", ").append(s.unparsable()).append(" with syntax errors");
        }
        if (s.failed() > 0) {
            trouble.append(trouble.isEmpty() ? "" : ", ").append(s.failed()).append(" failed internally");
        }
        if (!trouble.isEmpty()) {
            b.append(" (").append(trouble).append(')');
        }
        return b.toString();
    }

    private static String plural(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
