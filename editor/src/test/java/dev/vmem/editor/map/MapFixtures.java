package dev.vmem.editor.map;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Injector;
import dev.vmem.dsl.VMemStandaloneSetup;
import dev.vmem.testing.Golden;
import dev.vmem.testing.Repository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The repository, one Xtext injector for the tests, example reports, and golden files. */
final class MapFixtures {

    private MapFixtures() {
    }

    /** The repository root (test-support's {@link Repository}). */
    static Path root() {
        return Repository.root();
    }

    /** Where tests leave what a person may want to look at: editor/target/memory-map/. */
    static Path artifacts() throws IOException {
        return Files.createDirectories(root().resolve("editor/target/memory-map"));
    }

    private static final class Holder {
        static final Injector INJECTOR = new VMemStandaloneSetup().createInjectorAndDoEMFRegistration();
    }

    static Injector injector() {
        return Holder.INJECTOR;
    }

    /** An example file, loaded and run (it must have no errors). */
    static MemoryMapSource.Loaded load(Path file) throws IOException {
        MemoryMapSource.Loaded loaded = MemoryMapSource.load(injector(), file);
        assertThat(loaded.errors()).as("errors in %s", file).isEmpty();
        return loaded;
    }

    // ---- golden files -------------------------------------------------------------------------------

    static final Path GOLDEN = root().resolve("editor/src/test/resources/map-golden");

    /** Test-support's golden files; when promoting, look at the pictures too. */
    private static final Golden FILES = Golden.in(GOLDEN,
            "./mvnw -B -q -DskipEclipse -Dexec.skip=true -pl editor -am verify -Dgolden=promote"
                    + " -Dtest='MemoryMapGoldenTest' -Dsurefire.failIfNoSpecifiedTests=false");

    static void golden(String name, String actual) {
        FILES.check(name, actual);
    }
}
