package dev.vmem.server.lsp;

import dev.vmem.dsl.analysis.Checker;
import java.util.List;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.Issue;
import org.eclipse.xtext.validation.ResourceValidatorImpl;

/**
 * The validation of the language server's build: syntax, linking and the FAST (structural) checks.
 * The issues are remembered on the resource, so the {@link Checker} run of the debounced engine job
 * ({@link DiagnosticsPublisher}) decides on the same issues the build published, without validating
 * the file a second time.
 */
public class FastOnlyResourceValidator extends ResourceValidatorImpl {

    @Override
    public List<Issue> validate(Resource resource, CheckMode mode, CancelIndicator indicator) {
        if (resource instanceof SizeLimitedResource limited && limited.tooLarge().isPresent()) {
            List<Issue> refused = List.of(limited.tooLarge().get());
            Checker.remember(limited, refused);
            return refused;
        }
        List<Issue> issues = super.validate(resource, CheckMode.FAST_ONLY, indicator);
        if (resource instanceof XtextResource x) {
            Checker.remember(x, issues);
        }
        return issues;
    }
}
