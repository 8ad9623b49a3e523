package dev.vmem.server.lsp;

import java.util.List;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.Issue;
import org.eclipse.xtext.validation.ResourceValidatorImpl;

/**
 * The validation of the language server's build: syntax, linking and the FAST (structural) checks,
 * never the NORMAL ones. The engine is a NORMAL check of the language ({@code VMemEngineValidator});
 * in the server it runs instead as the debounced, cancellable job of {@link DiagnosticsPublisher}, so
 * it runs once per change, off the build, and never twice. (Xtext's server would otherwise run every
 * check on every keystroke, inside the build that all other requests wait for.)
 */
public class FastOnlyResourceValidator extends ResourceValidatorImpl {

    @Override
    public List<Issue> validate(Resource resource, CheckMode mode, CancelIndicator indicator) {
        return super.validate(resource, CheckMode.FAST_ONLY, indicator);
    }
}
