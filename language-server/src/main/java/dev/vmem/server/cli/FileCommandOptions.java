package dev.vmem.server.cli;

import picocli.CommandLine.Option;

/**
 * The options every command that reads a file takes, mixed in where each command lists them last:
 * {@code --debug} (stack traces of internal errors, and log warnings) and {@code -h, --help}.
 */
final class FileCommandOptions {

    @Option(names = "--debug", description = "Print stack traces of internal errors.")
    boolean debug;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;
}
