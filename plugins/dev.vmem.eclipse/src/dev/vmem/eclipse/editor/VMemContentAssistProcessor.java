package dev.vmem.eclipse.editor;

import dev.vmem.eclipse.VMemAnalyzer;
import dev.vmem.eclipse.VMemLanguage;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.contentassist.CompletionProposal;
import org.eclipse.jface.text.contentassist.ICompletionProposal;
import org.eclipse.jface.text.contentassist.IContentAssistProcessor;
import org.eclipse.jface.text.contentassist.IContextInformation;
import org.eclipse.jface.text.contentassist.IContextInformationValidator;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistContext;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistEntry;
import org.eclipse.xtext.ide.editor.contentassist.IdeContentProposalAcceptor;
import org.eclipse.xtext.ide.editor.contentassist.IdeContentProposalProvider;
import org.eclipse.xtext.ide.editor.contentassist.antlr.ContentAssistContextFactory;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.TextRegion;

/**
 * Content assist from the Xtext ide services: keywords, flags, enumerated values and the names in
 * scope (backings, kernel profiles, VMs, also from imported files), as the language server offers them.
 */
public class VMemContentAssistProcessor implements IContentAssistProcessor {

    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "VMem content assist");
        thread.setDaemon(true);
        return thread;
    });

    @Override
    public ICompletionProposal[] computeCompletionProposals(ITextViewer viewer, int offset) {
        var document = viewer.getDocument();
        List<ContentAssistEntry> entries = entries(Documents.uri(document), document.get(), offset);
        var proposals = new ArrayList<ICompletionProposal>();
        for (ContentAssistEntry entry : entries) {
            String prefix = entry.getPrefix() == null ? "" : entry.getPrefix();
            String proposal = entry.getProposal();
            int start = offset - prefix.length();
            String label = entry.getLabel() != null ? entry.getLabel() : proposal;
            String display = entry.getDescription() == null ? label : label + " – " + entry.getDescription();
            proposals.add(new CompletionProposal(proposal, start, prefix.length(), proposal.length(), null, display, null,
                    entry.getDocumentation()));
        }
        return proposals.toArray(ICompletionProposal[]::new);
    }

    /** The proposals of the Xtext ide services at {@code offset} of {@code text}, without duplicates. */
    public static List<ContentAssistEntry> entries(org.eclipse.emf.common.util.URI uri, String text, int offset) {
        XtextResource resource = VMemAnalyzer.parse(uri, text);
        ContentAssistContextFactory factory = VMemLanguage.get(ContentAssistContextFactory.class);
        factory.setPool(POOL);
        ContentAssistContext[] contexts = factory.create(text, new TextRegion(offset, 0), offset, resource);
        var acceptor = VMemLanguage.get(IdeContentProposalAcceptor.class);
        VMemLanguage.get(IdeContentProposalProvider.class).createProposals(List.of(contexts), acceptor);
        var seen = new LinkedHashSet<String>();
        var result = new ArrayList<ContentAssistEntry>();
        for (ContentAssistEntry entry : acceptor.getEntries()) {
            if (entry.getProposal() != null && seen.add(entry.getProposal())) {
                result.add(entry);
            }
        }
        return result;
    }

    @Override
    public IContextInformation[] computeContextInformation(ITextViewer viewer, int offset) {
        return null;
    }

    @Override
    public char[] getCompletionProposalAutoActivationCharacters() {
        return null;
    }

    @Override
    public char[] getContextInformationAutoActivationCharacters() {
        return null;
    }

    @Override
    public String getErrorMessage() {
        return null;
    }

    @Override
    public IContextInformationValidator getContextInformationValidator() {
        return null;
    }
}
