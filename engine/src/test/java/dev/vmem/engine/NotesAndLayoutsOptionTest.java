package dev.vmem.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vmem.engine.report.Report;
import dev.vmem.engine.scale.ProgramShape;
import dev.vmem.engine.scale.Q;
import dev.vmem.engine.scale.Shapes;
import dev.vmem.engine.scale.WorkProbe;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;

/**
 * {@link EngineOptions#withoutNotesAndLayouts()} leaves out the element notes and the VM layouts and
 * nothing else: the findings, exposures, scenarios, resolved profiles and completeness are those of a
 * run with them, also when the work budget runs out, which it does at the same unit.
 */
class NotesAndLayoutsOptionTest {

    @Property(tries = 150)
    void onlyNotesAndLayoutsGo(@ForAll("programs") ProgramShape shape,
            @ForAll @DoubleRange(min = 0.0, max = 1.0) double fraction) {
        var program = shape.render(Q.GIB);
        long needed = WorkProbe.minimalBudget(program);
        for (long budget : new long[] {1, Math.max(1, (long) (needed * fraction)), Math.max(1, needed - 1), needed,
                EngineOptions.DEFAULT_WORK_BUDGET}) {
            var options = EngineOptions.defaults().withBudget(budget);
            Report with = Engine.run(program, options);
            Report without = Engine.run(program, options.withoutNotesAndLayouts());
            assertThat(without.findings()).as("findings with a budget of %d", budget).isEqualTo(with.findings());
            assertThat(without.exposures()).isEqualTo(with.exposures());
            assertThat(without.scenarios()).isEqualTo(with.scenarios());
            assertThat(without.profiles()).isEqualTo(with.profiles());
            assertThat(without.complete()).isEqualTo(with.complete());
            assertThat(without.layouts()).isEmpty();
            assertThat(without.notes()).hasSizeLessThanOrEqualTo(with.notes().size());
        }
    }

    @Provide
    Arbitrary<ProgramShape> programs() {
        return net.jqwik.api.Arbitraries.oneOf(Shapes.scaled(), Shapes.nonsense());
    }
}
