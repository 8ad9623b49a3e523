package dev.vmem.dsl.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vmem.dsl.mapping.ModelMapper;
import dev.vmem.dsl.tests.VMemTestSupport;
import dev.vmem.dsl.vmem.Model;
import dev.vmem.engine.Engine;
import dev.vmem.engine.EngineOptions;
import dev.vmem.engine.model.Program;
import dev.vmem.engine.report.Report;
import java.lang.management.ManagementFactory;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.resource.XtextResource;

/**
 * No declared size or count makes VMem work or allocate in proportion to it (design §5), checked
 * through the language: the same generated .vmem text, with every size, address and offset written
 * as a multiple of 4 KiB, 1 GiB, 1 TiB or 1 EiB (2^60, so that 15 units still fit in 64 bits), and
 * every slot id, vCPU count and vCPU index written small or near its maximum, is parsed, validated,
 * mapped and run.
 *
 * <p>Work is the engine's own accounting (the smallest budget with which a run completes), which must
 * be the same from 4 KiB to 1 TiB per unit and no larger at 1 EiB (where the kernel refuses sizes
 * beyond its address bits and the run ends earlier); heap is the allocation counter of the thread, which at 1 EiB per unit
 * must stay within a small factor of what 4 KiB per unit costs. Neither is a clock.
 */
class DeclaredSizePropertiesTest {

    private static final long[] UNITS = {1L << 12, 1L << 30, 1L << 40, 1L << 60};
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** One VM shape: every quantity in units, every count small or huge. */
    record Shape(String kind, int flags, boolean populate, int slots, int unitsPerSlot, boolean attributes,
            boolean hugeIds, List<String> steps) {

        String render(long unit) {
            var t = new StringBuilder("kernel k { version 6.18 patch no_direct_map v12 patch pfncache_gmem }\n");
            t.append("vm v {\n    kernel k\n    vcpus ").append(hugeIds ? "2147483647" : "2").append('\n');
            long total = (long) slots * unitsPerSlot;
            t.append("    memory ram: ").append(kind).append(' ').append(hex(total * unit));
            if (kind.equals("guest_memfd") && flags > 0) {
                t.append(" flags mmap").append(flags > 1 ? " | init_shared" : "").append(flags > 2 ? " | no_direct_map" : "");
            }
            t.append('\n');
            boolean mappable = !kind.equals("guest_memfd") || flags > 0;
            if (mappable) {
                t.append("    map ram ").append(kind.equals("anonymous") ? "private" : "shared")
                        .append(populate ? " populate" : "").append('\n');
            }
            for (int i = 0; i < slots; i++) {
                long id = hugeIds ? 0xFFFF_0000L + i : i;
                t.append("    slot ").append(id).append(" gpa ").append(hex((long) i * unitsPerSlot * unit))
                        .append(" size ").append(hex(unitsPerSlot * unit));
                if (mappable) {
                    t.append(" userspace ram offset ").append(hex((long) i * unitsPerSlot * unit));
                }
                if (kind.equals("guest_memfd")) {
                    t.append(" guest_memfd ram offset ").append(hex((long) i * unitsPerSlot * unit));
                }
                t.append('\n');
            }
            if (attributes) {
                t.append("    private gpa 0x0 size ").append(hex(unitsPerSlot * unit)).append('\n');
            }
            t.append("    clock kvmclock\n    uses steal_time\n    device net: virtio_net via vhost\n}\n");
            t.append("scenario s {\n    vm v\n");
            for (String step : steps) {
                t.append("    step ").append(step.replace("@VCPU", hugeIds ? "2147483646" : "1").replace("@U", hex(unit)))
                        .append('\n');
            }
            t.append("}\n");
            return t.toString();
        }

        private static String hex(long value) {
            return "0x" + Long.toHexString(value);
        }
    }

    @Provide
    Arbitrary<Shape> shapes() {
        Arbitrary<String> step = Arbitraries.of("guest vcpu @VCPU write gpa @U", "kvm read gpa @U", "pfncache kvmclock gpa @U",
                "vcpu_map gpa @U", "gup ram longterm", "vfio map ram", "touch ram write offset @U len @U",
                "fallocate ram punch_hole offset 0x0 len @U", "fallocate ram allocate offset @U len @U",
                "ftruncate ram @U", "private gpa 0x0 size @U", "shared gpa 0x0 size @U", "madvise ram dontneed",
                "coredump", "hibernate", "delete slot 0");
        return Combinators.combine(
                Arbitraries.of("anonymous", "memfd", "memfd_secret", "guest_memfd"),
                Arbitraries.integers().between(0, 3),
                Arbitraries.of(true, false),
                Arbitraries.integers().between(1, 5),
                Arbitraries.integers().between(1, 3),
                Arbitraries.of(true, false),
                Arbitraries.of(true, false),
                step.list().ofMaxSize(8)).as(Shape::new);
    }

    @Property(tries = 60)
    void sameWorkAndBoundedHeapFrom4KiBTo1EiBPerUnit(@ForAll("shapes") Shape shape) {
        Program small = program(shape.render(UNITS[0]));
        long work = minimalBudget(small);
        long smallHeap = allocatedByRun(small, work);
        for (long unit : UNITS) {
            Program program = program(shape.render(unit));
            if (unit <= 1L << 40) {
                assertThat(minimalBudget(program)).as("work at %d bytes per unit", unit).isEqualTo(work);
            } else {
                // Exabytes are beyond what the kernel accepts (guest physical address bits, file sizes):
                // the run ends earlier, with errors, but never costs more.
                assertThat(minimalBudget(program)).as("work at %d bytes per unit", unit).isLessThanOrEqualTo(work);
            }
            assertThat(allocatedByRun(program, work)).as("bytes allocated at %d bytes per unit", unit)
                    .isLessThan(3 * smallHeap + (4L << 20));
        }
    }

    /** Parses and validates (no structural error may come from a large number), then maps. */
    private static Program program(String text) {
        XtextResource resource = VMemTestSupport.parse(text);
        assertThat(VMemTestSupport.validateStructure(resource)).as("structural errors in%n%s", text)
                .noneMatch(i -> i.getSeverity() == Severity.ERROR);
        return new ModelMapper().map((Model) resource.getContents().get(0));
    }

    private static long minimalBudget(Program program) {
        long hi = 1;
        while (!run(program, hi).complete()) {
            assertThat(hi).as("work of a 5-slot VM").isLessThan(1L << 24);
            hi <<= 1;
        }
        long lo = hi >>> 1;
        while (hi - lo > 1) {
            long mid = lo + (hi - lo) / 2;
            if (run(program, mid).complete()) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }

    /** The fewest bytes one run allocates, of three (the first may load classes). */
    private static long allocatedByRun(Program program, long budget) {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long before = THREADS.getCurrentThreadAllocatedBytes();
            run(program, budget);
            least = Math.min(least, THREADS.getCurrentThreadAllocatedBytes() - before);
        }
        return least;
    }

    private static Report run(Program program, long budget) {
        return Engine.run(program, EngineOptions.defaults().withBudget(budget));
    }
}
