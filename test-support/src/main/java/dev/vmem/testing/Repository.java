package dev.vmem.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository the tests run in. */
public final class Repository {

    private Repository() {
    }

    /**
     * The repository root: the system property {@code vmem.repository} when set (the Tycho test runtimes
     * set it), else the nearest folder at or above the working directory (a module's folder under
     * Maven) that holds {@code mvnw} and {@code examples/}.
     */
    public static Path root() {
        String property = System.getProperty("vmem.repository");
        if (property != null && !property.isBlank()) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        Path start = Path.of("").toAbsolutePath();
        for (Path d = start; d != null; d = d.getParent()) {
            if (Files.exists(d.resolve("mvnw")) && Files.isDirectory(d.resolve("examples"))) {
                return d;
            }
        }
        throw new IllegalStateException("repository root (a folder with mvnw and examples/) not found above " + start);
    }

    /** {@code relative} below the repository root. */
    public static Path resolve(String relative) {
        return root().resolve(relative);
    }
}
