package dev.vmem.server.cli.report;

import dev.vmem.engine.report.Severity;
import java.util.List;
import java.util.Objects;

/**
 * One diagnostic of a checked file, whatever produced it.
 *
 * @param code     stable kebab-case code (an engine rule, a language issue code, or one of {@link Codes})
 * @param severity how serious
 * @param message  one line
 * @param location where; for problems about a whole file, {@link Span#FILE_START} and {@code positioned == false}
 * @param positioned false when the problem is about the whole file and has no real position
 * @param related  contributing elements
 * @param trace    how the engine got there (empty for non-engine problems)
 * @param kind     which stage produced it
 */
public record Problem(String code, Severity severity, String message, Location location, boolean positioned,
        List<RelatedLocation> related, List<TraceLink> trace, ProblemKind kind) {

    public Problem {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(kind, "kind");
        related = List.copyOf(related);
        trace = List.copyOf(trace);
    }

    /** A problem about a whole file (it could not be read, or checking it failed). */
    public static Problem aboutFile(String path, String code, Severity severity, String message, ProblemKind kind) {
        return new Problem(code, severity, message, new Location(path, Span.FILE_START, ""), false, List.of(),
                List.of(), kind);
    }

    public Span span() {
        return location.span();
    }
}
