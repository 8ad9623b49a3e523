package dev.vmem.dsl.linking;

import com.google.inject.Inject;
import dev.vmem.dsl.vmem.Vm;
import dev.vmem.dsl.vmem.VmemPackage;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.diagnostics.IDiagnosticConsumer;
import org.eclipse.xtext.linking.impl.LinkingHelper;
import org.eclipse.xtext.linking.lazy.LazyLinker;
import org.eclipse.xtext.naming.IQualifiedNameConverter;
import org.eclipse.xtext.naming.QualifiedName;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.resource.IEObjectDescription;
import org.eclipse.xtext.scoping.IScope;
import org.eclipse.xtext.scoping.IScopeProvider;
import org.eclipse.xtext.util.Tuples;

/**
 * Xtext's lazy linker, except that a reference to a backing written inside a VM ({@code map},
 * {@code slot ... userspace B guest_memfd B}) is linked at once when it resolves, instead of through a
 * proxy resolved later.
 *
 * <p>Why: each proxy costs a URI whose fragment EMF hands to its reference-cleaner thread (a futex wake
 * per proxy), and its later resolution decodes that fragment back into the node it came from. A VM of
 * 32,000 memslots has 64,000 such references; proxies and their resolution were about a third of
 * checking that file (docs/benchmarks.md).
 *
 * <p>Why it is the same link: the scope of such a reference is the backings of the VM it stands in
 * ({@code VMemScopeProvider}), which depends on nothing but the VM's members, all parsed when linking
 * runs, and never on another reference or another file. The target is found as Xtext's
 * {@code DefaultLinkingService} finds it for {@code LazyLinkingResource}: the link text converted by the
 * cross-reference's rule, as a qualified name, the first element of that name in the reference's scope
 * (asked from the scope provider once per VM), taken only when that resolution would succeed (an element
 * of the reference's type). The scope has no global part, so no imported name goes unrecorded.
 * Everything else (a name that does not resolve, references in scenarios, whose VM is itself a
 * reference, kernels and VMs, which may come from imports) gets Xtext's proxy, so unresolved references
 * are reported where and as before.
 */
public class VMemLinker extends LazyLinker {

    @Inject
    private IScopeProvider scopeProvider;

    @Inject
    private LinkingHelper linkingHelper;

    @Inject
    private IQualifiedNameConverter qualifiedNameConverter;

    /**
     * Per VM and reference, the first element of each name in its scope, while one model is linked: the
     * answer of the scope's {@code getSingleElement} for every name, looked up instead of asked (a VM of
     * 32,000 memslots asked its scope 64,000 times). Per thread, as linking itself runs on one.
     */
    private final ThreadLocal<Map<Object, Map<QualifiedName, IEObjectDescription>>> firstByName = new ThreadLocal<>();

    @Override
    protected void doLinkModel(EObject model, IDiagnosticConsumer consumer) {
        firstByName.set(new HashMap<>());
        try {
            super.doLinkModel(model, consumer);
        } finally {
            firstByName.remove();
        }
    }

    @Override
    protected void createAndSetProxy(EObject obj, INode node, EReference eRef) {
        EObject target = linkedNow(obj, node, eRef);
        if (target != null) {
            obj.eSet(eRef, target);
        } else {
            super.createAndSetProxy(obj, node, eRef);
        }
    }

    /**
     * The target of a backing reference inside a VM when it resolves, else null: what Xtext's
     * {@code DefaultLinkingService} answers (the link text converted as the cross-reference's rule
     * converts it, to a qualified name, the first element of that name in the scope), from a table of the
     * scope made once per VM.
     */
    private EObject linkedNow(EObject obj, INode node, EReference eRef) {
        if (eRef.isMany() || eRef.getEReferenceType() != VmemPackage.Literals.BACKING) {
            return null;
        }
        Vm vm = EcoreUtil2.getContainerOfType(obj, Vm.class);
        Map<Object, Map<QualifiedName, IEObjectDescription>> tables = firstByName.get();
        if (vm == null || tables == null) {
            return null;
        }
        IEObjectDescription description;
        try {
            String text = linkingHelper.getCrossRefNodeAsString(node, true);
            if (text == null || text.isEmpty()) {
                return null;
            }
            QualifiedName name = qualifiedNameConverter.toQualifiedName(text);
            description = tables.computeIfAbsent(Tuples.pair(vm, eRef), key -> table(scopeProvider.getScope(obj, eRef)))
                    .get(name);
        } catch (RuntimeException e) {
            return null; // the proxy's resolution meets it again and reports it as Xtext does
        }
        if (description == null) {
            return null;
        }
        EObject target = description.getEObjectOrProxy();
        return target != null && !target.eIsProxy() && eRef.getEReferenceType().isSuperTypeOf(target.eClass())
                ? target : null;
    }

    /** The first description of each name in the scope, as {@code getSingleElement} finds it. */
    private static Map<QualifiedName, IEObjectDescription> table(IScope scope) {
        var table = new HashMap<QualifiedName, IEObjectDescription>();
        for (IEObjectDescription d : scope.getAllElements()) {
            table.putIfAbsent(d.getName(), d);
        }
        return table;
    }
}
