package dev.vmem.server.cli;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A file to check.
 *
 * @param displayPath the path as reports show it: as given on the command line, or a folder as given
 *                    followed by the file's path below it
 * @param path        where to read it
 */
public record InputFile(String displayPath, Path path) {
    public InputFile {
        Objects.requireNonNull(displayPath, "displayPath");
        Objects.requireNonNull(path, "path");
    }
}
