package dev.vmem.server.lsp;

import dev.vmem.editor.annotations.Annotations;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.lsp4j.InlayHint;
import org.eclipse.lsp4j.InlayHintKind;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.jsonrpc.messages.Either;

/**
 * The editor layer's exposure hints ({@link Annotations#hints}) as LSP inlay hints, those inside the
 * requested window.
 */
final class InlayHints {

    private InlayHints() {
    }

    static List<InlayHint> of(Analysis analysis, TextPositions text, Range window) {
        if (!analysis.ran()) {
            return List.of();
        }
        var hints = new ArrayList<InlayHint>();
        for (Annotations.Hint h : Annotations.hints(analysis.report(), analysis.resource())) {
            Position at = text.position(h.offset());
            if (!inside(at, window)) {
                continue;
            }
            var hint = new InlayHint(at, Either.forLeft(h.label()));
            hint.setKind(InlayHintKind.Type);
            hint.setPaddingLeft(true);
            hint.setTooltip(h.tooltip());
            hints.add(hint);
        }
        return hints;
    }

    private static boolean inside(Position p, Range r) {
        if (r == null) {
            return true;
        }
        return compare(r.getStart(), p) <= 0 && compare(p, r.getEnd()) <= 0;
    }

    private static int compare(Position a, Position b) {
        return a.getLine() != b.getLine() ? Integer.compare(a.getLine(), b.getLine())
                : Integer.compare(a.getCharacter(), b.getCharacter());
    }
}
