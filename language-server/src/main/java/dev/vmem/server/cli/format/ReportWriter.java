package dev.vmem.server.cli.format;

import dev.vmem.server.cli.report.BatchResult;
import dev.vmem.server.cli.report.FileReport;
import java.io.IOException;

/** Writes a check's report in one format: file by file as they finish, then the whole. */
public interface ReportWriter {

    /** Called once per file, in input order, as soon as it is checked. */
    default void file(FileReport report) throws IOException {
    }

    /** Called once at the end with everything. */
    void finish(BatchResult result) throws IOException;
}
