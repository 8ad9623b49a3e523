package dev.vmem.dsl.ide;

import dev.vmem.editor.completion.VMemProposalProvider;
import dev.vmem.editor.highlighting.VMemHighlighting;
import dev.vmem.editor.profile.LatestProfiles;
import dev.vmem.editor.settings.DefaultKernel;
import org.eclipse.xtext.ide.editor.contentassist.IdeContentProposalProvider;
import org.eclipse.xtext.ide.editor.syntaxcoloring.ISemanticHighlightingCalculator;

/**
 * The language's ide services on top of what the generator binds: the editor services every editor
 * shares (completion, semantic highlighting). An editor's module binds its own {@link DefaultKernel} (the setting's store);
 * the VMs' profiles of the latest checks are one {@link LatestProfiles.Store} unless the editor binds its own.
 */
public class VMemIdeModule extends AbstractVMemIdeModule {

    public Class<? extends IdeContentProposalProvider> bindIdeContentProposalProvider() {
        return VMemProposalProvider.class;
    }

    public Class<? extends ISemanticHighlightingCalculator> bindISemanticHighlightingCalculator() {
        return VMemHighlighting.class;
    }

    public Class<? extends DefaultKernel> bindDefaultKernel() {
        return DefaultKernel.None.class;
    }

    public Class<? extends LatestProfiles> bindLatestProfiles() {
        return LatestProfiles.Store.class;
    }
}
