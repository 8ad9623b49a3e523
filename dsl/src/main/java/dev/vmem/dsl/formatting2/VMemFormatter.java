package dev.vmem.dsl.formatting2;

import dev.vmem.dsl.vmem.CpuidSetting;
import dev.vmem.dsl.vmem.Declaration;
import dev.vmem.dsl.vmem.Import;
import dev.vmem.dsl.vmem.Kernel;
import dev.vmem.dsl.vmem.Model;
import dev.vmem.dsl.vmem.Scenario;
import dev.vmem.dsl.vmem.Vm;
import dev.vmem.dsl.vmem.VmemPackage;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.AbstractRule;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.formatting2.AbstractJavaFormatter;
import org.eclipse.xtext.formatting2.IFormattableDocument;
import org.eclipse.xtext.formatting2.IHiddenRegionFormatter;
import org.eclipse.xtext.formatting2.IHiddenRegionFormatting;
import org.eclipse.xtext.formatting2.ITextReplacer;
import org.eclipse.xtext.formatting2.ITextReplacerContext;
import org.eclipse.xtext.formatting2.internal.CommentReplacer;
import org.eclipse.xtext.formatting2.internal.HiddenRegionReplacer;
import org.eclipse.xtext.formatting2.internal.WhitespaceReplacer;
import org.eclipse.xtext.formatting2.regionaccess.IComment;
import org.eclipse.xtext.formatting2.regionaccess.IHiddenRegion;
import org.eclipse.xtext.formatting2.regionaccess.ISemanticRegion;
import org.eclipse.xtext.formatting2.regionaccess.ITextSegment;

/**
 * The canonical layout: one declaration per line, blocks indented by four spaces, one space between
 * tokens, one blank line between top-level blocks (single blank lines inside a block are kept), no
 * space before {@code :} and {@code ,}, none after the sign of {@code cpuid -kvmclock}. Comments stay
 * where they are.
 */
public class VMemFormatter extends AbstractJavaFormatter {

    protected void format(Model model, IFormattableDocument doc) {
        List<ISemanticRegion> regions = toList(allSemanticRegions(model));
        if (regions.isEmpty()) {
            return;
        }
        // The baseline, overridden by everything below: one space between any two tokens.
        for (ISemanticRegion region : regions) {
            doc.append(region, hrf -> {
                hrf.oneSpace();
                hrf.lowPriority();
            });
        }
        ISemanticRegion first = regions.get(0);
        if (first.getPreviousHiddenRegion().containsComment()) {
            // A header comment: keep a blank line between it and what follows, if there is one.
            doc.prepend(first, hrf -> hrf.setNewLines(0, 0, 2));
        } else {
            doc.prepend(first, IHiddenRegionFormatter::noSpace);
        }
        doc.append(regions.get(regions.size() - 1), IHiddenRegionFormatter::newLine);

        for (ISemanticRegion colon : allRegionsFor(model).keywords(":")) {
            doc.prepend(colon, IHiddenRegionFormatter::noSpace);
        }
        for (ISemanticRegion comma : allRegionsFor(model).keywords(",")) {
            doc.prepend(comma, IHiddenRegionFormatter::noSpace);
        }

        EObject previous = null;
        for (Import anImport : model.getImports()) {
            if (previous != null) {
                doc.prepend(anImport, hrf -> hrf.setNewLines(1, 1, 2));
            }
            previous = anImport;
        }
        for (Declaration declaration : model.getDeclarations()) {
            if (previous != null) {
                doc.prepend(declaration, hrf -> hrf.setNewLines(2));
            }
            previous = declaration;
            doc.format(declaration);
        }
    }

    protected void format(Kernel kernel, IFormattableDocument doc) {
        formatBlock(kernel, kernel.getSettings(), doc);
    }

    protected void format(Vm vm, IFormattableDocument doc) {
        formatBlock(vm, vm.getMembers(), doc);
        for (CpuidSetting cpuid : EcoreUtil2.typeSelect(vm.getMembers(), CpuidSetting.class)) {
            doc.append(regionFor(cpuid).feature(VmemPackage.Literals.CPUID_SETTING__SIGN),
                    IHiddenRegionFormatter::noSpace);
        }
    }

    protected void format(Scenario scenario, IFormattableDocument doc) {
        ISemanticRegion open = regionFor(scenario).keyword("{");
        ISemanticRegion close = regionFor(scenario).keyword("}");
        if (open == null || close == null) {
            return; // broken text: leave it alone
        }
        doc.interior(open, close, IHiddenRegionFormatter::indent);
        doc.prepend(regionFor(scenario).keyword("vm"), IHiddenRegionFormatter::newLine);
        scenario.getSteps().forEach(step -> doc.prepend(step, hrf -> hrf.setNewLines(1, 1, 2)));
        doc.prepend(close, IHiddenRegionFormatter::newLine);
    }

    /** NAME { member… }: each member on its own line, indented; no blank line right inside the braces. */
    private void formatBlock(EObject block, List<? extends EObject> members, IFormattableDocument doc) {
        ISemanticRegion open = regionFor(block).keyword("{");
        ISemanticRegion close = regionFor(block).keyword("}");
        if (open == null || close == null) {
            return;
        }
        doc.interior(open, close, IHiddenRegionFormatter::indent);
        for (int i = 0; i < members.size(); i++) {
            if (i == 0) {
                doc.prepend(members.get(i), IHiddenRegionFormatter::newLine);
            } else {
                doc.prepend(members.get(i), hrf -> hrf.setNewLines(1, 1, 2));
            }
        }
        doc.prepend(close, IHiddenRegionFormatter::newLine);
    }

    /**
     * Xtext clamps the newlines of a whitespace before adding the newline that ends a preceding
     * {@code //} comment, so a blank line after a trailing comment would be lost. Count it first.
     */
    @Override
    public ITextReplacer createWhitespaceReplacer(ITextSegment hiddens, IHiddenRegionFormatting formatting) {
        return new WhitespaceReplacer(hiddens, formatting) {
            @Override
            protected int computeNewLineCount(ITextReplacerContext context) {
                IHiddenRegionFormatting f = getFormatting();
                Integer min = f.getNewLineMin();
                Integer max = f.getNewLineMax();
                boolean undefined = getRegion() instanceof IHiddenRegion hidden && hidden.isUndefined();
                if ((min == null && f.getNewLineDefault() == null && max == null) || undefined) {
                    return super.computeNewLineCount(context);
                }
                int lines = getRegion().getLineCount() - 1 + trailingNewLinesOfPreviousRegion();
                if (min != null && min > lines) {
                    lines = min;
                }
                if (max != null && max < lines) {
                    lines = max;
                }
                return lines;
            }
        };
    }

    /**
     * After a comment Xtext allows no blank line (unless it is where the region's line break is
     * configured); keep one, as elsewhere in a block, and do so the same way on every pass.
     */
    @Override
    public ITextReplacer createHiddenRegionReplacer(IHiddenRegion region, IHiddenRegionFormatting formatting) {
        return new HiddenRegionReplacer(region, formatting) {
            @Override
            protected void applyPriorityAndDefaultFormatting(List<ITextReplacer> replacers,
                    IHiddenRegionFormatting separator) {
                super.applyPriorityAndDefaultFormatting(replacers, separator);
                for (int i = 0; i + 1 < replacers.size(); i++) {
                    // A comment that follows a token on the same line stands one space from it, even
                    // where the tokens themselves touch (name:), so that a second pass agrees.
                    if (replacers.get(i) instanceof WhitespaceReplacer whitespace
                            && replacers.get(i + 1) instanceof CommentReplacer
                            && whitespace.getRegion().getOffset() > 0) {
                        IHiddenRegionFormatting f = whitespace.getFormatting();
                        if (f.getNewLineMin() == null || f.getNewLineMin() == 0) {
                            f.setSpace(" ");
                        }
                    }
                }
                for (int i = 1; i < replacers.size(); i++) {
                    if (replacers.get(i) instanceof WhitespaceReplacer whitespace
                            && replacers.get(i - 1) instanceof CommentReplacer) {
                        IHiddenRegionFormatting f = whitespace.getFormatting();
                        if (f != separator || f.getNewLineMax() == null) {
                            f.setNewLinesMax(2);
                        }
                    }
                }
            }
        };
    }

    /**
     * In broken text a hidden region can hold a token that is neither kind of comment (its grammar
     * element is null); Xtext would refuse to format the whole document for it (found by
     * LspFuzzTest). It stays as it is.
     */
    @Override
    public ITextReplacer createCommentReplacer(IComment comment) {
        if (comment.getGrammarElement() instanceof AbstractRule rule && rule.getName() != null
                && (rule.getName().startsWith("ML") || rule.getName().startsWith("SL"))) {
            return super.createCommentReplacer(comment);
        }
        return new ITextReplacer() {
            @Override
            public ITextSegment getRegion() {
                return comment;
            }

            @Override
            public ITextReplacerContext createReplacements(ITextReplacerContext context) {
                return context;
            }
        };
    }

    private static List<ISemanticRegion> toList(Iterable<ISemanticRegion> regions) {
        var list = new ArrayList<ISemanticRegion>();
        regions.forEach(list::add);
        return list;
    }
}
