package dev.vmem.server.cli.report;

/** Where a problem comes from; decides the exit code it contributes to. */
public enum ProblemKind {
    /** The file could not be read (missing, a folder that cannot be listed, too large, not text). */
    INPUT,
    /** The parser could not make sense of the text. */
    SYNTAX,
    /** A structural check of the language (names, references, numbers, units). */
    STRUCTURE,
    /** A finding of the memory-model engine. */
    ENGINE,
    /** A scenario step expectation or a {@code // expect:} header (JUnit only). */
    EXPECTATION,
    /** A bug in VMem: something threw while checking the file. */
    INTERNAL
}
