package dev.vmem.dsl.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.vmem.dsl.tests.VMemTestSupport;
import dev.vmem.dsl.validation.VMemIssueCodes;
import java.time.Duration;
import java.util.List;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;

/**
 * Regressions of two quadratic costs in linking, found while checking large files
 * (docs/robustness.md). Each input is large enough that the quadratic version needs minutes (it took
 * 27 s for 40,000 slots and 45 s for 50,000 unresolved names, and four times that for twice as many)
 * while the linear one needs about ten seconds; the bound is far above the latter, so a slow machine
 * does not fail them.
 */
class LinkingScaleTest {

    private static final Duration BOUND = Duration.ofSeconds(120);

    private static List<Issue> structure(String text) {
        return assertTimeoutPreemptively(BOUND, () -> {
            XtextResource resource = VMemTestSupport.parse(text);
            return VMemTestSupport.validateStructure(resource);
        });
    }

    /** The backings of a VM were looked up by walking all its members, once per reference. */
    @Test
    void aHundredThousandSlotsOfOneVmLinkInLinearTime() {
        var text = new StringBuilder("kernel k { version 6.18 }\nvm v { kernel k memory ram: memfd 0x186a0000 map ram shared\n");
        for (int i = 0; i < 100_000; i++) {
            text.append("slot ").append(i).append(" gpa 0x").append(Integer.toHexString(i))
                    .append("000 size 4K userspace ram\n");
        }
        text.append("}\n");

        assertThat(structure(text.toString())).isEmpty();
    }

    /** Xtext checked the whole error list before adding each unresolved-reference error. */
    @Test
    void aHundredThousandUnresolvedNamesAreReportedInLinearTime() {
        String text = "vm v {\n" + "map nosuch shared\n".repeat(100_000) + "}\n";

        assertThat(structure(text)).hasSize(100_000)
                .allSatisfy(i -> assertThat(i.getCode()).isEqualTo(VMemIssueCodes.UNRESOLVED_REFERENCE));
    }
}
