package dev.vmem.server.cli.report;

import dev.vmem.engine.report.Severity;
import java.util.List;

/**
 * The codes the CLI reports itself, next to the engine's rules and the language's issue codes.
 * Like every code, they never change meaning.
 */
public final class Codes {

    public static final String SYNTAX_ERROR = "syntax-error";
    public static final String UNREADABLE_INPUT = "unreadable-input";
    public static final String INPUT_TOO_LARGE = "input-too-large";
    public static final String INTERNAL_ERROR = "internal-error";

    /** A CLI code with the texts a SARIF rule and docs/cli.md need. */
    public record CliCode(String code, Severity severity, String title, String description) {
    }

    public static final List<CliCode> ALL = List.of(
            new CliCode(SYNTAX_ERROR, Severity.ERROR, "Syntax error",
                    "The text does not follow the VMem grammar; the message names what was expected. Nothing else is checked in a file with syntax errors."),
            new CliCode(UNREADABLE_INPUT, Severity.ERROR, "Input cannot be read",
                    "A path on the command line (or a file or folder below it) does not exist, cannot be read, or is not a regular file or folder."),
            new CliCode(INPUT_TOO_LARGE, Severity.ERROR, "Input file too large",
                    "A .vmem file is larger than the --max-file-size limit; it is not parsed."),
            new CliCode(INTERNAL_ERROR, Severity.ERROR, "Internal error",
                    "VMem failed while checking the file. This is a bug in VMem; run with --debug for the stack trace and report it."));

    private Codes() {
    }
}
