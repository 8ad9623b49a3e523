package dev.vmem.editor.completion;

import com.google.inject.Inject;
import dev.vmem.dsl.scoping.VMemScopeProvider;
import dev.vmem.dsl.vmem.Vm;
import dev.vmem.editor.profile.LatestProfiles;
import dev.vmem.editor.profile.VmProfile;
import dev.vmem.editor.settings.DefaultKernel;
import dev.vmem.engine.kb.KnowledgeBase;
import dev.vmem.engine.model.GmemFlag;
import dev.vmem.engine.model.VmType;
import java.util.List;
import java.util.Optional;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.AbstractRule;
import org.eclipse.xtext.Assignment;
import org.eclipse.xtext.EnumLiteralDeclaration;
import org.eclipse.xtext.EnumRule;
import org.eclipse.xtext.GrammarUtil;
import org.eclipse.xtext.Keyword;
import org.eclipse.xtext.RuleCall;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistContext;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistEntry;
import org.eclipse.xtext.ide.editor.contentassist.IIdeContentProposalAcceptor;
import org.eclipse.xtext.ide.editor.contentassist.IdeContentProposalProvider;

/**
 * Completion: Xtext's keywords and names in scope, plus
 * <ul>
 * <li>sizes where a size goes ({@code 4KiB}, {@code 2MiB}, {@code 1GiB}; huge page sizes after
 *     {@code hugetlb}), known kernel versions after {@code version}, revisions after
 *     {@code patch no_direct_map};</li>
 * <li>only what the VM's kernel profile offers: guest_memfd flags from
 *     {@code KernelProfile.offeredGmemFlags(type)}, VM types without {@code vmTypeMissing}, and backing
 *     kinds the kernel has (guest_memfd from 6.8, memfd_secret when it is there and enabled).</li>
 * </ul>
 * Device models and I/O paths are not filtered: the knowledge base has no per-profile list of them.
 * The VM's profile and type are what the latest engine report of the file says ({@link VmProfile#of},
 * the same answer the hover gives; the report may be of an earlier text, since the text being typed
 * rarely parses); a VM no report knows gets the editor's default profile setting ({@link DefaultKernel}),
 * else the engine's default, with the default VM type. Bound in the ide module, so the language server
 * and Eclipse propose the same.
 */
public class VMemProposalProvider extends IdeContentProposalProvider {

    @Inject
    private DefaultKernel defaultKernel;

    @Inject
    private LatestProfiles latestProfiles;

    static final List<String> SIZES = List.of("4KiB", "2MiB", "1GiB");
    static final List<String> HUGE_PAGE_SIZES = List.of("2MiB", "1GiB");

    @Override
    protected boolean filterKeyword(Keyword keyword, ContentAssistContext context) {
        AbstractRule rule = GrammarUtil.containingRule(keyword);
        if (!(rule instanceof EnumRule) || !(keyword.eContainer() instanceof EnumLiteralDeclaration literal)) {
            return true;
        }
        Optional<VmProfile> vm = vmProfile(context);
        if (vm.isEmpty()) {
            return true;
        }
        var profile = vm.get().profile();
        String value = literal.getLiteral().getValue();
        switch (rule.getName()) {
            case "BackingFlag" -> {
                return profile.offeredGmemFlags(vm.get().type()).stream().map(GmemFlag::keyword)
                        .anyMatch(value::equals);
            }
            case "VmType" -> {
                for (VmType t : VmType.values()) {
                    if (t.keyword().equals(value)) {
                        return profile.vmTypeMissing(t).isEmpty();
                    }
                }
                return true;
            }
            case "BackingKind" -> {
                return switch (value) {
                    case "guest_memfd" -> profile.hasGuestMemfd();
                    case "memfd_secret" -> profile.memfdSecretMissing().isEmpty();
                    default -> true;
                };
            }
            default -> {
                return true;
            }
        }
    }

    @Override
    protected void _createProposals(Assignment assignment, ContentAssistContext context,
            IIdeContentProposalAcceptor acceptor) {
        if (assignment.getTerminal() instanceof RuleCall call && values(assignment, call, context, acceptor)) {
            return;
        }
        super._createProposals(assignment, context, acceptor);
    }

    @Override
    protected void _createProposals(RuleCall call, ContentAssistContext context, IIdeContentProposalAcceptor acceptor) {
        Assignment assignment = GrammarUtil.containingAssignment(call);
        if (assignment != null) {
            values(assignment, call, context, acceptor);
        }
    }

    /** Values for a size, version or revision; true when the rule call is one of those. */
    private boolean values(Assignment assignment, RuleCall call, ContentAssistContext context,
            IIdeContentProposalAcceptor acceptor) {
        switch (call.getRule().getName()) {
            case "Size" -> {
                List<String> sizes = assignment.getFeature().equals("hugePageSize") ? HUGE_PAGE_SIZES : SIZES;
                int priority = 700;
                for (String s : sizes) {
                    propose(s, "size", context, acceptor, priority--);
                }
                return true;
            }
            case "VERSION" -> {
                int priority = 700;
                var versions = KnowledgeBase.KNOWN_VERSIONS;
                for (int i = versions.size() - 1; i >= 0; i--) {
                    propose(versions.get(i).toString(), "known kernel version", context, acceptor, priority--);
                }
                return true;
            }
            case "Revision" -> {
                int priority = 700;
                for (int i = KnowledgeBase.NO_DIRECT_MAP_REVISIONS.size() - 1; i >= 0; i--) {
                    propose("v" + KnowledgeBase.NO_DIRECT_MAP_REVISIONS.get(i), "no_direct_map series revision",
                            context, acceptor, priority--);
                }
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private void propose(String value, String description, ContentAssistContext context,
            IIdeContentProposalAcceptor acceptor, int priority) {
        ContentAssistEntry entry = getProposalCreator().createProposal(value, context, ContentAssistEntry.KIND_VALUE,
                e -> e.setDescription(description));
        if (entry != null) {
            acceptor.accept(entry, priority);
        }
    }

    /** The profile of the VM the cursor is in, if it is in one. */
    private Optional<VmProfile> vmProfile(ContentAssistContext context) {
        EObject model = context.getCurrentModel() != null ? context.getCurrentModel() : context.getPreviousModel();
        if (model == null) {
            return Optional.empty();
        }
        Vm vm = model instanceof Vm v ? v : VMemScopeProvider.vmOf(model);
        if (vm == null || vm.getName() == null) {
            return Optional.empty();
        }
        return Optional.of(VmProfile.of(latestProfiles.of(context.getResource()), vm.getName(),
                defaultKernel.of(context.getResource())));
    }
}
