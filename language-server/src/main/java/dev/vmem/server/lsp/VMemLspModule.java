package dev.vmem.server.lsp;

import dev.vmem.editor.profile.LatestProfiles;
import dev.vmem.editor.settings.DefaultKernel;
import org.eclipse.xtext.ide.server.codeActions.ICodeActionService2;
import org.eclipse.xtext.ide.server.codelens.ICodeLensService;
import org.eclipse.xtext.ide.server.commands.IExecutableCommandService;
import org.eclipse.xtext.ide.server.hover.IHoverService;
import org.eclipse.xtext.ide.server.rename.IRenameService2;
import org.eclipse.xtext.ide.server.symbol.HierarchicalDocumentSymbolService;
import org.eclipse.xtext.service.AbstractGenericModule;
import org.eclipse.xtext.validation.IResourceValidator;

/**
 * The language's services in the language server, on top of the runtime and ide modules: FAST-only
 * build validation (the engine runs debounced instead), the session's default kernel profile and the
 * VMs' profiles of its latest runs for the editor services (completion and highlighting are the ide
 * module's), and the engine-fed hover, quick fixes, code lenses, outline, rename and the memory-map
 * command.
 */
public class VMemLspModule extends AbstractGenericModule {

    public Class<? extends IResourceValidator> bindIResourceValidator() {
        return FastOnlyResourceValidator.class;
    }

    public Class<? extends IHoverService> bindIHoverService() {
        return VMemHoverService.class;
    }

    public Class<? extends DefaultKernel> bindDefaultKernel() {
        return SessionDefaultKernel.class;
    }

    public Class<? extends LatestProfiles> bindLatestProfiles() {
        return SessionLatestProfiles.class;
    }

    public Class<? extends ICodeActionService2> bindICodeActionService2() {
        return VMemCodeActions.class;
    }

    public Class<? extends ICodeLensService> bindICodeLensService() {
        return CodeLenses.class;
    }

    public Class<? extends HierarchicalDocumentSymbolService> bindHierarchicalDocumentSymbolService() {
        return VMemOutline.class;
    }

    public Class<? extends IRenameService2> bindIRenameService2() {
        return VMemRenameService.class;
    }

    public Class<? extends IExecutableCommandService> bindIExecutableCommandService() {
        return MemoryMapCommand.class;
    }
}
