package dev.vmem.server.lsp;

import dev.vmem.editor.hover.HoverContent;
import dev.vmem.editor.hover.Hovers;
import java.util.Optional;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;
import org.eclipse.xtext.ide.server.Document;
import org.eclipse.xtext.ide.server.hover.IHoverService;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;

/**
 * Hover: the editor layer's {@link Hovers} content for the file's current {@link Analysis}, as LSP
 * Markdown markup over the range it is about; a finding's rule page is linked to the configured
 * documentation.
 */
public class VMemHoverService implements IHoverService {

    @Override
    public Hover hover(Document document, XtextResource resource, HoverParams params, CancelIndicator cancel) {
        if (document == null || resource == null) {
            return EMPTY_HOVER;
        }
        int offset;
        try {
            offset = document.getOffSet(params.getPosition());
        } catch (IndexOutOfBoundsException e) {
            return EMPTY_HOVER;
        }
        Session session = Session.of(resource);
        Analysis analysis = session.analyze(resource, cancel);
        Optional<HoverContent> content = Hovers.at(analysis.checked(), offset, session.docs()::href);
        if (content.isEmpty()) {
            return EMPTY_HOVER;
        }
        var hover = new Hover(new MarkupContent(MarkupKind.MARKDOWN, content.get().markdown()));
        hover.setRange(new TextPositions(document.getContents()).range(content.get().offset(), content.get().length()));
        return hover;
    }
}
