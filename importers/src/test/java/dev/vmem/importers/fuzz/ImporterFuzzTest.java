package dev.vmem.importers.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vmem.importers.ImportException;
import dev.vmem.importers.ImportOptions;
import dev.vmem.importers.ImportResult;
import dev.vmem.importers.SourcePosition;
import dev.vmem.importers.VmmFormat;
import java.lang.management.ManagementFactory;

/**
 * Coverage-guided fuzzing of the four importers (docs/robustness.md, docs/importers.md): whatever the
 * text, an importer either returns a result or throws {@link ImportException} with a position inside
 * the text; nothing else escapes, and an import of a small input allocates a bounded amount (a size
 * of 16 EiB in the configuration allocates nothing in proportion).
 *
 * <p>Under {@code ./mvnw verify} this replays the hostile inputs in {@code ImporterFuzzTestInputs/}
 * (deep nesting, entity expansion, external entities, huge sizes, unterminated quotes);
 * {@code fuzz/run-fuzz.sh} fuzzes it.
 */
class ImporterFuzzTest {

    private static final long MAX_ALLOCATED_BYTES = 64L << 20;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @FuzzTest(maxDuration = "30s")
    void anyConfiguration(FuzzedDataProvider data) {
        VmmFormat format = VmmFormat.values()[data.consumeInt(0, VmmFormat.values().length - 1)];
        String raw = data.consumeRemainingAsString();
        // Lines as the CLI counts them: \n, \r\n and a lone \r each end one.
        String text = raw.replace("\r\n", "\n").replace('\r', '\n');
        long allocated = importOnce(format, raw, text);
        if (allocated >= MAX_ALLOCATED_BYTES) {
            // The first run over a new path loads (and, when fuzzing, instruments) classes; measure again.
            allocated = importOnce(format, raw, text);
        }
        if (text.length() < 4096) {
            assertThat(allocated).as("bytes allocated importing %d characters", text.length()).isLessThan(MAX_ALLOCATED_BYTES);
        }
    }

    private static long importOnce(VmmFormat format, String raw, String text) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        try {
            ImportResult r = format.importer().read("fuzz", raw, ImportOptions.defaults());
            assertThat(r.text()).startsWith("// Imported by");
            int lines = text.split("\n", -1).length;
            for (SourcePosition p : r.sourceMap().values()) {
                assertThat(p.line()).isBetween(1, Math.max(1, lines));
            }
        } catch (ImportException e) {
            assertThat(e.getMessage()).isNotBlank();
            assertThat(e.position().line()).isBetween(1, Math.max(1, text.split("\n", -1).length + 1));
        }
        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }
}
