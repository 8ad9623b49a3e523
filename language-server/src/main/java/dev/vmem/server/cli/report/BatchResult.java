package dev.vmem.server.cli.report;

import dev.vmem.engine.report.Severity;
import dev.vmem.server.cli.ExitCodes;
import dev.vmem.server.cli.FailOn;
import java.util.List;

/**
 * The result of one {@code vmem check} run: every file's report in the order the files were
 * named (folders expanded in sorted order), and what they add up to.
 */
public record BatchResult(List<FileReport> files, FailOn failOn) {

    public BatchResult {
        files = List.copyOf(files);
    }

    public Summary summary() {
        long errors = 0;
        long warnings = 0;
        long infos = 0;
        int unreadable = 0;
        int unparsable = 0;
        int failed = 0;
        boolean failing = false;
        for (FileReport f : files) {
            errors += f.count(Severity.ERROR);
            warnings += f.count(Severity.WARNING);
            infos += f.count(Severity.INFO);
            switch (f.status()) {
                case UNREADABLE -> unreadable++;
                case UNPARSABLE -> unparsable++;
                case FAILED -> failed++;
                case CHECKED -> { }
            }
            failing |= f.problems().stream().anyMatch(p -> failOn.fails(p.severity()));
        }
        int exit = failed > 0 ? ExitCodes.INTERNAL_ERROR
                : unreadable + unparsable > 0 ? ExitCodes.BAD_INPUT
                : failing ? ExitCodes.FINDINGS
                : ExitCodes.OK;
        return new Summary(files.size(), errors, warnings, infos, unreadable, unparsable, failed, failOn, exit);
    }

    /**
     * What a run adds up to.
     *
     * @param files      files checked (or attempted)
     * @param errors     problems of severity error (syntax errors and unreadable inputs included)
     * @param warnings   problems of severity warning
     * @param infos      problems of severity info
     * @param unreadable files (or folders) that could not be read
     * @param unparsable files with syntax errors
     * @param failed     files whose check failed inside VMem
     * @param failOn     the threshold in force
     * @param exitCode   the process exit code
     */
    public record Summary(int files, long errors, long warnings, long infos, int unreadable, int unparsable,
            int failed, FailOn failOn, int exitCode) {
    }
}
