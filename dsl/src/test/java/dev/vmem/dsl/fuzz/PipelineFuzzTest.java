package dev.vmem.dsl.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vmem.dsl.services.VMemGrammarAccess;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.eclipse.xtext.GrammarUtil;
import org.junit.jupiter.api.Test;

/**
 * Coverage-guided fuzzing of the language pipeline (docs/robustness.md): parser, linker, structural
 * checks, import confinement, mapper, engine and formatter, on {@linkplain #anyText any text} and on
 * {@linkplain #mutatedExamples structure-aware mutations} of the shipped examples. {@link Pipeline}
 * holds the properties.
 *
 * <p>Under {@code ./mvnw verify} each fuzz test replays the inputs in
 * {@code src/test/resources/dev/vmem/dsl/fuzz/PipelineFuzzTestInputs/<method>/} (seeds, and crashers
 * found earlier, kept as regression tests); {@code fuzz/run-fuzz.sh} fuzzes them, seeded with
 * {@code examples/}.
 */
class PipelineFuzzTest {

    @FuzzTest(maxDuration = "30s")
    @DictionaryFile(resourcePath = "vmem.dict")
    void anyText(byte[] input) {
        Pipeline.check(new String(input, StandardCharsets.UTF_8));
    }

    @FuzzTest(maxDuration = "30s")
    void mutatedExamples(FuzzedDataProvider data) {
        Pipeline.check(Mutator.mutate(data));
    }

    /** The seeds: every shipped example keeps every property. */
    @Test
    void everyExampleKeepsTheProperties() {
        for (String example : Mutator.examples()) {
            Pipeline.check(example);
        }
    }

    /** The fuzzer's dictionary (vmem.dict) names every keyword of the grammar, so it cannot fall behind it. */
    @Test
    void theDictionaryHasEveryKeyword() throws IOException {
        Set<String> dictionary = new HashSet<>();
        try (InputStream in = PipelineFuzzTest.class.getResourceAsStream("vmem.dict")) {
            assertThat(in).as("vmem.dict").isNotNull();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("\"") && line.endsWith("\"")) {
                    dictionary.add(line.substring(1, line.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\"));
                }
            }
        }
        var grammar = Pipeline.INJECTOR.getInstance(VMemGrammarAccess.class).getGrammar();
        assertThat(dictionary).containsAll(GrammarUtil.getAllKeywords(grammar));
    }
}
