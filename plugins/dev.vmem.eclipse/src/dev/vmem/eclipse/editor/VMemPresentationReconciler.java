package dev.vmem.eclipse.editor;

import dev.vmem.eclipse.Analysis;
import dev.vmem.eclipse.VMemLanguage;
import dev.vmem.editor.highlighting.Tokens;
import dev.vmem.dsl.parser.antlr.internal.InternalVMemLexer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.antlr.runtime.ANTLRStringStream;
import org.antlr.runtime.Token;
import org.eclipse.jface.text.DocumentEvent;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITextInputListener;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.ITypedRegion;
import org.eclipse.jface.text.Region;
import org.eclipse.jface.text.TextPresentation;
import org.eclipse.jface.text.presentation.IPresentationDamager;
import org.eclipse.jface.text.presentation.IPresentationRepairer;
import org.eclipse.jface.text.presentation.PresentationReconciler;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.graphics.Color;
import org.eclipse.xtext.ide.editor.syntaxcoloring.ISemanticHighlightingCalculator;
import org.eclipse.xtext.parser.antlr.ITokenDefProvider;
import org.eclipse.xtext.util.CancelIndicator;

/**
 * Highlighting for VMem in the Generic Editor. Syntax: the language's own ANTLR lexer over the whole
 * document (keywords, comments, strings, numbers; files are small, and a whole-document pass keeps
 * multi-line comments right). Semantics: the editor layer's semantic highlighting ({@code VMemHighlighting}) on the latest
 * analysis (declared names, references, enumerated values) laid over the syntax colours; a new
 * analysis repaints the viewer.
 */
public class VMemPresentationReconciler extends PresentationReconciler {

    static final Color KEYWORD = new Color(127, 0, 85);
    static final Color COMMENT = new Color(63, 127, 95);
    static final Color STRING = new Color(42, 0, 255);
    static final Color NUMBER = new Color(0, 0, 192);
    static final Color CONSTANT = new Color(0, 120, 120);
    static final Color REFERENCE = new Color(0, 90, 160);
    static final Color DECLARATION = new Color(0, 0, 0);

    private final Repairer repairer = new Repairer();
    private ITextViewer viewer;
    private final Documents.Watch watch = new Documents.Watch(analysis -> repaint());

    public VMemPresentationReconciler() {
        setDamager(repairer, IDocument.DEFAULT_CONTENT_TYPE);
        setRepairer(repairer, IDocument.DEFAULT_CONTENT_TYPE);
    }

    @Override
    public void install(ITextViewer textViewer) {
        super.install(textViewer);
        viewer = textViewer;
        textViewer.addTextInputListener(new ITextInputListener() {
            @Override
            public void inputDocumentAboutToBeChanged(IDocument oldInput, IDocument newInput) {
                watch.follow(null);
            }

            @Override
            public void inputDocumentChanged(IDocument oldInput, IDocument newInput) {
                watch.follow(newInput);
            }
        });
        watch.follow(textViewer.getDocument());
    }

    @Override
    public void uninstall() {
        watch.follow(null);
        viewer = null;
        super.uninstall();
    }

    private void repaint() {
        ITextViewer v = viewer;
        OnUiThread.later(v == null ? null : v.getTextWidget(), () -> {
            if (viewer != null) {
                viewer.invalidateTextPresentation();
            }
        });
    }

    /** Damages the whole document and repaints it from the lexer and the latest analysis. */
    static final class Repairer implements IPresentationDamager, IPresentationRepairer {
        private IDocument document;

        @Override
        public void setDocument(IDocument document) {
            this.document = document;
        }

        @Override
        public IRegion getDamageRegion(ITypedRegion partition, DocumentEvent event, boolean documentPartitioningChanged) {
            return new Region(0, event.getDocument().getLength());
        }

        @Override
        public void createPresentation(TextPresentation presentation, ITypedRegion damage) {
            if (document == null) {
                return;
            }
            String text = document.get();
            for (StyleRange range : syntax(text)) {
                presentation.addStyleRange(range);
            }
            Analysis analysis = Documents.state(document).latest();
            if (analysis != null && analysis.text().equals(text)) {
                for (StyleRange range : semantic(analysis)) {
                    presentation.mergeStyleRange(range);
                }
            }
        }
    }

    /** Style ranges of the lexer's tokens, in order, without overlaps. */
    static List<StyleRange> syntax(String text) {
        Map<Integer, String> names = VMemLanguage.get(ITokenDefProvider.class).getTokenDefMap();
        var lexer = new InternalVMemLexer(new ANTLRStringStream(text));
        var ranges = new ArrayList<StyleRange>();
        while (true) {
            Token token;
            try {
                token = lexer.nextToken();
            } catch (RuntimeException e) {
                break;
            }
            if (token == null || token.getType() == Token.EOF) {
                break;
            }
            if (!(token instanceof org.antlr.runtime.CommonToken common)) {
                continue;
            }
            int start = common.getStartIndex();
            int length = common.getStopIndex() - start + 1;
            if (length <= 0) {
                continue;
            }
            StyleRange range = style(names.get(token.getType()));
            if (range != null) {
                range.start = start;
                range.length = length;
                ranges.add(range);
            }
        }
        return ranges;
    }

    private static StyleRange style(String name) {
        if (name == null) {
            return null;
        }
        if (name.equals("RULE_ML_COMMENT") || name.equals("RULE_SL_COMMENT")) {
            return new StyleRange(0, 0, COMMENT, null);
        }
        if (name.equals("RULE_STRING")) {
            return new StyleRange(0, 0, STRING, null);
        }
        if (name.equals("RULE_NUMBER") || name.equals("RULE_VERSION")) {
            return new StyleRange(0, 0, NUMBER, null);
        }
        if (name.length() > 2 && name.startsWith("'") && Character.isLetter(name.charAt(1))) {
            return new StyleRange(0, 0, KEYWORD, null, SWT.BOLD);
        }
        return null;
    }

    /** Style ranges of the semantic highlighting calculator. */
    static List<StyleRange> semantic(Analysis analysis) {
        var ranges = new ArrayList<StyleRange>();
        VMemLanguage.get(ISemanticHighlightingCalculator.class).provideHighlightingFor(analysis.resource(),
                (offset, length, ids) -> {
                    StyleRange range = style(ids);
                    if (range != null && length > 0) {
                        range.start = offset;
                        range.length = length;
                        ranges.add(range);
                    }
                }, CancelIndicator.NullImpl);
        return ranges;
    }

    /**
     * The style of a semantic token ({@link Tokens}: a type, then modifiers): declared names bold,
     * referenced names italic, enumerated values in their colour. Keywords, numbers and strings are
     * left to the lexical styles.
     */
    static StyleRange style(String... ids) {
        if (ids.length == 0) {
            return null;
        }
        String type = ids[0];
        boolean declaration = java.util.Arrays.asList(ids).contains(Tokens.DECLARATION);
        if (Tokens.ENUM_MEMBER.equals(type)) {
            return new StyleRange(0, 0, CONSTANT, null, SWT.NORMAL);
        }
        if (Tokens.isName(type)) {
            return declaration ? new StyleRange(0, 0, DECLARATION, null, SWT.BOLD)
                    : new StyleRange(0, 0, REFERENCE, null, SWT.ITALIC);
        }
        return null;
    }
}
