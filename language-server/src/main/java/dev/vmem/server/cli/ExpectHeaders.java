package dev.vmem.server.cli;

import dev.vmem.server.cli.report.ExpectHeader;
import java.util.List;

/** The {@code // expect:} header lines of a file, as the CLI reports them (the language's reader). */
public final class ExpectHeaders {

    private ExpectHeaders() {
    }

    public static List<ExpectHeader> read(SourceText text) {
        return dev.vmem.dsl.text.ExpectHeaders.read(text.text()).stream()
                .map(e -> new ExpectHeader(e.code(), e.line())).toList();
    }
}
