package dev.vmem.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vmem.server.cli.report.Span;
import org.junit.jupiter.api.Test;

class SourceTextTest {

    @Test
    void offsetsBecomeOneBasedLinesAndColumnsWithAnyLineEnd() {
        var text = new SourceText("ab\ncd\r\nef\rgh");
        assertThat(text.lineCount()).isEqualTo(4);
        assertThat(text.span(0, 2)).isEqualTo(new Span(1, 1, 1, 3));
        assertThat(text.span(3, 1)).isEqualTo(new Span(2, 1, 2, 2));
        assertThat(text.span(7, 2)).isEqualTo(new Span(3, 1, 3, 3));
        assertThat(text.span(10, 2)).isEqualTo(new Span(4, 1, 4, 3));
        assertThat(text.span(1, 3)).isEqualTo(new Span(1, 2, 2, 2));
        assertThat(text.line(2)).isEqualTo("cd");
        assertThat(text.line(3)).isEqualTo("ef");
    }

    @Test
    void outOfRangeValuesAreClamped() {
        var text = new SourceText("abc\n");
        assertThat(text.span(-5, 2)).isEqualTo(new Span(1, 1, 1, 3));
        assertThat(text.span(100, 5)).isEqualTo(new Span(2, 1, 2, 1));
        assertThat(text.line(0)).isEmpty();
        assertThat(text.line(9)).isEmpty();
        assertThat(new SourceText("").span(0, 0)).isEqualTo(Span.FILE_START);
    }

    @Test
    void normalizedLinesCollapseWhitespace() {
        assertThat(new SourceText("  slot 0\t gpa   0x0  \n").normalizedLine(1)).isEqualTo("slot 0 gpa 0x0");
    }
}
