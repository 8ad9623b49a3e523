package dev.vmem.eclipse.editor;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITextSelection;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.handlers.HandlerUtil;
import org.eclipse.ui.texteditor.ITextEditor;

/** Toggle comment (Ctrl+/): comments the selected lines out with {@code //}, or back in if all are comments. */
public class ToggleCommentHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) {
        IEditorPart part = HandlerUtil.getActiveEditor(event);
        if (!(part instanceof ITextEditor editor) || !(editor.getSelectionProvider().getSelection() instanceof ITextSelection selection)) {
            return null;
        }
        IDocument document = editor.getDocumentProvider().getDocument(editor.getEditorInput());
        try {
            toggle(document, selection.getStartLine(), selection.getEndLine());
        } catch (BadLocationException e) {
            // the selection moved away under us: nothing to do
        }
        return null;
    }

    /** Comments lines {@code first..last} (0-based) out, or in when every non-blank one is a comment. */
    public static void toggle(IDocument document, int first, int last) throws BadLocationException {
        boolean allCommented = true;
        for (int line = first; line <= last; line++) {
            String text = lineText(document, line);
            if (!text.isBlank() && !text.stripLeading().startsWith("//")) {
                allCommented = false;
            }
        }
        for (int line = last; line >= first; line--) {
            IRegion region = document.getLineInformation(line);
            String text = lineText(document, line);
            if (allCommented) {
                int at = text.indexOf("//");
                if (at >= 0) {
                    int length = text.startsWith("// ", at) ? 3 : 2;
                    document.replace(region.getOffset() + at, length, "");
                }
            } else if (!text.isBlank() || first == last) {
                document.replace(region.getOffset(), 0, "// ");
            }
        }
    }

    private static String lineText(IDocument document, int line) throws BadLocationException {
        IRegion region = document.getLineInformation(line);
        return document.get(region.getOffset(), region.getLength());
    }
}
