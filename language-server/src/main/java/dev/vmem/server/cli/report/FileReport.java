package dev.vmem.server.cli.report;

import dev.vmem.engine.report.Severity;
import java.util.List;
import java.util.Objects;

/**
 * Everything the CLI found about one input file. Holds no Xtext or EMF objects, so that a batch of
 * thousands of files costs only its diagnostics.
 *
 * @param path      the file as the user named it (a path given on the command line, or one found
 *                  below a folder given there, prefixed with that folder as written)
 * @param status    how far checking got
 * @param problems  diagnostics in source order (syntax, then structure and engine by position)
 * @param exposure  per-VM exposure summaries
 * @param scenarios scenario runs
 * @param expects   the file's {@code // expect:} header lines
 */
public record FileReport(String path, Status status, List<Problem> problems, List<Exposure> exposure,
        List<ScenarioRun> scenarios, List<ExpectHeader> expects) {

    public FileReport {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(status, "status");
        problems = List.copyOf(problems);
        exposure = List.copyOf(exposure);
        scenarios = List.copyOf(scenarios);
        expects = List.copyOf(expects);
    }

    /** How far checking a file got. */
    public enum Status {
        /** Parsed and checked. */
        CHECKED,
        /** Could not be read; nothing checked. */
        UNREADABLE,
        /** Has syntax errors; only syntax errors are reported. */
        UNPARSABLE,
        /** Checking threw; see the internal-error problem. */
        FAILED
    }

    public static FileReport unreadable(Problem problem) {
        return new FileReport(problem.location().path(), Status.UNREADABLE, List.of(problem), List.of(), List.of(),
                List.of());
    }

    public long count(Severity severity) {
        return problems.stream().filter(p -> p.severity() == severity).count();
    }
}
