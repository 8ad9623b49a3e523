package dev.vmem.eclipse.editor;

import dev.vmem.eclipse.Analysis;
import dev.vmem.editor.hover.HoverContent;
import dev.vmem.editor.hover.Hovers;
import java.util.Optional;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITextHover;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.Region;

/**
 * Hover: the editor layer's {@link Hovers} content (the same as the language server's: element notes
 * with their sources, a step's outcome and trace, a scenario's result, each finding with its trace
 * and rule page), shown as plain text: the Generic Editor's hover control renders no Markdown, so
 * the Markdown's marks and escapes would only be noise.
 */
public class VMemHover implements ITextHover {

    @Override
    public IRegion getHoverRegion(ITextViewer viewer, int offset) {
        return new Region(offset, 0);
    }

    @Override
    public String getHoverInfo(ITextViewer viewer, IRegion region) {
        try {
            Analysis analysis = Documents.current(viewer.getDocument());
            return text(analysis, region.getOffset());
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The hover text at {@code offset}, or null when there is nothing to say there. */
    public static String text(Analysis analysis, int offset) {
        Optional<HoverContent> content = Hovers.at(analysis.checked(), offset, code -> Optional.empty());
        return content.map(HoverContent::plainText).filter(t -> !t.isBlank()).orElse(null);
    }
}
