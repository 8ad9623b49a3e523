package dev.vmem.eclipse.editor;

import dev.vmem.dsl.text.LineIndex;
import dev.vmem.eclipse.Analysis;
import dev.vmem.editor.annotations.Annotations;
import java.util.ArrayList;
import java.util.List;

/**
 * What the code minings of a VMem editor show, as plain data: the editor layer's {@link Annotations}
 * of one {@link Analysis}, converted to Eclipse's two kinds of mining. The language server turns the
 * same data into inlay hints and code lenses; {@link VMemCodeMiningProvider} turns these into
 * {@code LineContentCodeMining}s and {@code LineHeaderCodeMining}s (kept apart so that the conversion
 * is tested without a display).
 */
public final class Minings {

    /** Where a mining goes. */
    public enum Kind {
        /** In the line, before the character at {@link Mining#offset()}: an inlay hint. */
        INLINE,
        /** Above the line {@link Mining#line()}: a code lens. */
        HEADER
    }

    /**
     * One mining.
     *
     * @param kind   inline (an inlay hint) or a line header (a code lens)
     * @param offset where in the text: the hint's offset, the start of the lens's range
     * @param line   the 0-based line of {@code offset}
     * @param label  what it shows; an inline label starts with a space (LSP's {@code paddingLeft})
     */
    public record Mining(Kind kind, int offset, int line, String label) {
    }

    private Minings() {
    }

    /**
     * The minings of {@code analysis}: its exposure hints when {@code hints}, its scenario results when
     * {@code lenses}; none when the engine did not run.
     */
    public static List<Mining> of(Analysis analysis, boolean hints, boolean lenses) {
        var minings = new ArrayList<Mining>();
        if (analysis == null || analysis.report() == null) {
            return minings;
        }
        var lines = new LineIndex(analysis.text());
        if (hints) {
            for (Annotations.Hint h : Annotations.hints(analysis.report(), analysis.resource())) {
                minings.add(new Mining(Kind.INLINE, h.offset(), lines.line(h.offset()), " " + h.label()));
            }
        }
        if (lenses) {
            for (Annotations.Lens l : Annotations.lenses(analysis.report(), analysis.resource())) {
                minings.add(new Mining(Kind.HEADER, l.offset(), lines.line(l.offset()), l.title()));
            }
        }
        return minings;
    }
}
