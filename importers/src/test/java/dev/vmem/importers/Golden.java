package dev.vmem.importers;

import java.nio.file.Path;

/**
 * The importers' golden files under src/test/resources/golden/ (test-support's {@link dev.vmem.testing.Golden}:
 * compare, or rewrite with {@code -Dgolden=promote}).
 */
final class Golden {

    static final Path RESOURCES = Path.of("src/test/resources");

    private static final dev.vmem.testing.Golden FILES = dev.vmem.testing.Golden.in(RESOURCES.resolve("golden"),
            "./mvnw -B -q -DskipEclipse -pl importers -am verify -Dgolden=promote");

    private Golden() {
    }

    static void check(String name, String actual) {
        FILES.check(name, actual);
    }
}
