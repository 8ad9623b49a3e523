package dev.vmem.server.cli;

/** The exit codes of {@code vmem check} (docs/cli.md). */
public final class ExitCodes {
    /** Nothing at or above --fail-on. */
    public static final int OK = 0;
    /** Findings at or above --fail-on. */
    public static final int FINDINGS = 1;
    /** Usage error, or an input that cannot be read or parsed. */
    public static final int BAD_INPUT = 2;
    /** A bug in VMem. */
    public static final int INTERNAL_ERROR = 3;

    private ExitCodes() {
    }
}
