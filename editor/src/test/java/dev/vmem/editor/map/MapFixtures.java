package dev.vmem.editor.map;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Injector;
import dev.vmem.dsl.VMemStandaloneSetup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The repository, one Xtext injector for the tests, example reports, and golden files. */
final class MapFixtures {

    private MapFixtures() {
    }

    /** The repository root: the nearest folder above the working directory with mvnw and examples/. */
    static Path root() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.exists(d.resolve("mvnw")) && Files.isDirectory(d.resolve("examples"))) {
                return d;
            }
        }
        throw new IllegalStateException("repository root not found above " + Path.of("").toAbsolutePath());
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

    /** {@code -Dgolden=promote} (passed through by the root pom) rewrites golden files instead of comparing. */
    static boolean promoting() {
        return "promote".equals(System.getProperty("golden"));
    }

    static void golden(String name, String actual) throws IOException {
        Path file = GOLDEN.resolve(name);
        if (promoting()) {
            Files.createDirectories(GOLDEN);
            Files.writeString(file, actual, StandardCharsets.UTF_8);
            return;
        }
        assertThat(file).as("golden file %s is missing: run with -Dgolden=promote and review the diff", name).exists();
        String expected = Files.readString(file, StandardCharsets.UTF_8);
        if (!actual.equals(expected)) {
            throw new AssertionError("output differs from map-golden/" + name + " " + firstDifference(expected, actual)
                    + "\nIf the change is intended, rewrite the golden files and review the diff (and the pictures):"
                    + "\n  ./mvnw -B -q -Dexec.skip=true -pl editor -am verify -Dgolden=promote"
                    + " -Dtest='MemoryMapGoldenTest' -Dsurefire.failIfNoSpecifiedTests=false");
        }
    }

    private static String firstDifference(String expected, String actual) {
        String[] e = expected.split("\n", -1);
        String[] a = actual.split("\n", -1);
        for (int i = 0; i < Math.max(e.length, a.length); i++) {
            String el = i < e.length ? e[i] : "<end of file>";
            String al = i < a.length ? a[i] : "<end of output>";
            if (!el.equals(al)) {
                return "at line " + (i + 1) + " (golden has " + e.length + " lines, output " + a.length + "):"
                        + "\n  golden: " + el + "\n  output: " + al;
            }
        }
        return "(same lines, different line ends)";
    }
}
