package dev.vmem.server.cli.report;

import java.util.Objects;

/**
 * One link of an engine trace.
 *
 * @param kind   operation, kernel, state or outcome
 * @param text   what happened, in kernel terms
 * @param source the kernel fact the link rests on ({@code where [S|D|I|U]}), or null
 */
public record TraceLink(String kind, String text, String source) {
    public TraceLink {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
    }
}
