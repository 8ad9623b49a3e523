package dev.vmem.dsl.linking;

import com.google.inject.Inject;
import dev.vmem.dsl.vmem.Vm;
import dev.vmem.dsl.vmem.VmemPackage;
import java.util.List;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.linking.ILinkingService;
import org.eclipse.xtext.linking.lazy.LazyLinker;
import org.eclipse.xtext.nodemodel.INode;

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
 * runs, and never on another reference or another file. The target is asked from the same linking
 * service with the same object, reference and node that Xtext's {@code LazyLinkingResource} would use,
 * and taken only when that resolution would succeed (exactly one element of the reference's type).
 * Everything else (a name that does not resolve, references in scenarios, whose VM is itself a
 * reference, kernels and VMs, which may come from imports) gets Xtext's proxy, so unresolved references
 * are reported where and as before.
 */
public class VMemLinker extends LazyLinker {

    @Inject
    private ILinkingService linkingService;

    @Override
    protected void createAndSetProxy(EObject obj, INode node, EReference eRef) {
        EObject target = linkedNow(obj, node, eRef);
        if (target != null) {
            obj.eSet(eRef, target);
        } else {
            super.createAndSetProxy(obj, node, eRef);
        }
    }

    /** The target of a backing reference inside a VM when it resolves, else null. */
    private EObject linkedNow(EObject obj, INode node, EReference eRef) {
        if (eRef.isMany() || eRef.getEReferenceType() != VmemPackage.Literals.BACKING
                || EcoreUtil2.getContainerOfType(obj, Vm.class) == null) {
            return null;
        }
        List<EObject> linked;
        try {
            linked = linkingService.getLinkedObjects(obj, eRef, node);
        } catch (RuntimeException e) {
            return null; // the proxy's resolution meets it again and reports it as Xtext does
        }
        if (linked.size() != 1) {
            return null;
        }
        EObject target = linked.get(0);
        return !target.eIsProxy() && eRef.getEReferenceType().isSuperTypeOf(target.eClass()) ? target : null;
    }
}
