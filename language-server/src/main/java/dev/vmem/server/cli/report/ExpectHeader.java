package dev.vmem.server.cli.report;

/**
 * A {@code // expect: CODE} (or {@code // expect: none}) line of a file's leading comment block.
 *
 * @param code the code, or {@link #NONE}
 * @param line its 1-based line
 */
public record ExpectHeader(String code, int line) {
    public static final String NONE = "none";

    public boolean isNone() {
        return NONE.equals(code);
    }
}
