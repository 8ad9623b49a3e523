package dev.vmem.importers;

/** Reads one VMM configuration into a {@code .vmem} text and a source map. */
public interface Importer {

    /**
     * @param fileName the file's name, for the generated header comment only
     * @param text     its content
     * @throws ImportException malformed input, an unknown field or option, or past a limit; nothing is generated
     */
    ImportResult read(String fileName, String text, ImportOptions options) throws ImportException;
}
