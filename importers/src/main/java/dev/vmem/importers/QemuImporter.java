package dev.vmem.importers;

/** Not yet implemented. */
public final class QemuImporter implements Importer {
    @Override
    public ImportResult read(String fileName, String text, ImportOptions options) throws ImportException {
        throw new ImportException("this format is not supported yet", SourcePosition.START);
    }
}
