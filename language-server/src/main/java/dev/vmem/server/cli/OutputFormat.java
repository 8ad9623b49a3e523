package dev.vmem.server.cli;

/** The report formats of {@code vmem check --format}. */
public enum OutputFormat {
    /** GNU style lines, {@code file:line:col: severity: message [code]}. */
    TEXT,
    /** One JSON object (docs/cli.md). */
    JSON,
    /** SARIF 2.1.0, for code scanning. */
    SARIF,
    /** JUnit XML, for CI test dashboards. */
    JUNIT
}
