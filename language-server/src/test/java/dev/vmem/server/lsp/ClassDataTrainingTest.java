package dev.vmem.server.lsp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The training run of the class-data archive reaches the engine's diagnostics through a whole LSP session. */
class ClassDataTrainingTest {

    @Test
    void theTrainingRunsACheckAndAServerSessionToTheEnginesFindings() {
        var err = new StringWriter();
        int code = ClassDataTraining.run(new PrintWriter(err, true));
        assertThat(err.toString()).isEmpty();
        assertThat(code).isZero();
    }
}
