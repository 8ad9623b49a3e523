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
    /** vmem import / check --from (docs/importers.md). */
    public static final String IMPORT_ERROR = "import-error";
    public static final String IMPORT_NOT_MODELLED = "import-not-modelled";
    public static final String IMPORT_DEFAULT_KERNEL = "import-default-kernel";
    public static final String VMM_REFUSES = "vmm-refuses";
    public static final String HOST_KERNEL_UNKNOWN = "host-kernel-unknown";

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
                    "VMem failed while checking the file. This is a bug in VMem; run with --debug for the stack trace and report it."),
            new CliCode(IMPORT_ERROR, Severity.ERROR, "VMM configuration cannot be imported",
                    "vmem check --from / vmem import: the configuration is malformed (JSON, XML, arguments), has a field or option its VMM does not know, or is past a size or depth limit. Nothing is checked or written."),
            new CliCode(IMPORT_NOT_MODELLED, Severity.INFO, "Setting not modelled",
                    "vmem check --from: the configuration sets something VMem knows but does not model (for example transparent huge pages or MADV_DONTDUMP); no finding depends on it."),
            new CliCode(IMPORT_DEFAULT_KERNEL, Severity.INFO, "Checked against the default kernel profile",
                    "vmem check --from without --kernel: the configuration was checked against the built-in default profile. Pass --kernel VERSION or --kernel host."),
            new CliCode(VMM_REFUSES, Severity.ERROR, "The VMM refuses this configuration",
                    "vmem check --from: the VMM's own validation rejects this combination before the kernel sees it (the message cites the VMM source)."),
            new CliCode(HOST_KERNEL_UNKNOWN, Severity.INFO, "Host kernel detail not determined",
                    "--kernel host: something about the running machine could not be read without root; the profile uses a default for it."));

    private Codes() {
    }
}
