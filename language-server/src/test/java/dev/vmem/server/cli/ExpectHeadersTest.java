package dev.vmem.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vmem.server.cli.report.ExpectHeader;
import org.junit.jupiter.api.Test;

class ExpectHeadersTest {

    @Test
    void onlyTheLeadingCommentBlockCounts() {
        var text = new SourceText("""
                // A setup.
                // expect: gup-on-secret-memory
                //expect:pfncache-unmapped-pfn, exposure-window

                // expect: memslot-overlap
                kernel k { version 6.18 }
                // expect: misaligned
                """);
        assertThat(ExpectHeaders.read(text)).containsExactly(
                new ExpectHeader("gup-on-secret-memory", 2),
                new ExpectHeader("pfncache-unmapped-pfn", 3),
                new ExpectHeader("exposure-window", 3),
                new ExpectHeader("memslot-overlap", 5));
    }

    @Test
    void noneIsRecognised() {
        var headers = ExpectHeaders.read(new SourceText("// expect: none\nvm v { }\n"));
        assertThat(headers).singleElement().satisfies(h -> assertThat(h.isNone()).isTrue());
    }
}
