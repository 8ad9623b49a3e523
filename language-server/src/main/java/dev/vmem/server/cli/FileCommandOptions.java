package dev.vmem.server.cli;

import picocli.CommandLine.Option;

/**
 * Options that {@code vmem check}, {@code vmem import} and {@code vmem map} share, mixed in where each lists
 * them last (so the help reads as before): {@code --debug} (stack traces of internal errors) and
 * {@code -h, --help}.
 */
final class FileCommandOptions {

    @Option(names = "--debug", description = "Print stack traces of internal errors.")
    boolean debug;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;
}
