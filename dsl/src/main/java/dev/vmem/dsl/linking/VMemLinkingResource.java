package dev.vmem.dsl.linking;

import com.google.inject.Inject;
import dev.vmem.dsl.parser.LexedParser;
import dev.vmem.dsl.parser.LexedText;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.resource.Resource.Diagnostic;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.xtext.diagnostics.DiagnosticMessage;
import org.eclipse.xtext.linking.ILinkingDiagnosticMessageProvider;
import org.eclipse.xtext.linking.lazy.LazyLinkingResource;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.util.Triple;

/**
 * Xtext's resource, with linking diagnostics kept in constant time. Xtext checks
 * {@code getErrors().contains(d)} before adding each unresolved-reference error, and scans the list
 * again to remove one whenever a reference resolves: with n errors that is n² work, and a file of
 * 40,000 unresolved references (1 MB) took 45 s to link, a 4 MiB one many minutes. A set of the
 * linking diagnostics this resource added answers both questions; the list stays the one Xtext and
 * every caller read.
 *
 * <p>The set may only claim too much (after the lists were replaced behind its back, e.g. by an
 * unload): then the list itself is asked, as before.
 */
public class VMemLinkingResource extends LazyLinkingResource {

    private final Set<Diagnostic> linking = new HashSet<>();

    @Inject
    private ILinkingDiagnosticMessageProvider.Extended messages;

    /**
     * A {@link LexedText.Input} is parsed from the tokens it carries (the command line lexes files while
     * the injector is created); anything else as Xtext does. The rest is {@code doLoad}'s as inherited:
     * the parse result installed, linked, and resolved when the options ask for it.
     */
    @Override
    protected void doLoad(InputStream inputStream, Map<?, ?> options) throws IOException {
        if (inputStream instanceof LexedText.Input input && getEntryPoint() == null
                && getParser() instanceof LexedParser parser) {
            setEncodingFromOptions(options);
            updateInternalState(getParseResult(), parser.parse(input.lexed()));
            if (options != null && Boolean.TRUE.equals(options.get(OPTION_RESOLVE_ALL))) {
                EcoreUtil.resolveAll(this);
            }
            return;
        }
        super.doLoad(inputStream, options);
    }

    @Override
    protected void clearErrorsAndWarnings() {
        super.clearErrorsAndWarnings();
        synchronized (linking) {
            linking.clear();
        }
    }

    @Override
    protected void createAndAddDiagnostic(Triple<EObject, EReference, INode> triple) {
        if (isValidationDisabled()) {
            return;
        }
        add(createDiagnosticMessage(triple), triple);
    }

    @Override
    protected void createAndAddDiagnostic(Triple<EObject, EReference, INode> triple,
            org.eclipse.xtext.linking.impl.IllegalNodeException ex) {
        if (isValidationDisabled()) {
            return;
        }
        add(messages.getIllegalNodeMessage(createDiagnosticMessageContext(triple), ex), triple);
    }

    private void add(DiagnosticMessage message, Triple<EObject, EReference, INode> triple) {
        if (message == null) {
            return;
        }
        List<Diagnostic> list = getDiagnosticList(message);
        Diagnostic diagnostic = createDiagnostic(triple, message);
        synchronized (linking) {
            if (!linking.add(diagnostic) && list.contains(diagnostic)) {
                return;
            }
        }
        list.add(diagnostic);
    }

    @Override
    protected void removeDiagnostic(Triple<EObject, EReference, INode> triple) {
        synchronized (linking) {
            if (linking.isEmpty()) {
                return; // nothing of ours to remove: no scan of the error list
            }
        }
        DiagnosticMessage message = createDiagnosticMessage(triple);
        if (message == null) {
            return;
        }
        Diagnostic diagnostic = createDiagnostic(triple, message);
        boolean ours;
        synchronized (linking) {
            ours = linking.remove(diagnostic);
        }
        if (ours) {
            getDiagnosticList(message).remove(diagnostic);
        }
    }
}
