package dev.vmem.dsl.scoping;

import com.google.inject.Inject;
import dev.vmem.dsl.vmem.Backing;
import dev.vmem.dsl.vmem.Model;
import dev.vmem.dsl.vmem.Scenario;
import dev.vmem.dsl.vmem.Vm;
import dev.vmem.dsl.vmem.VmemPackage;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.naming.IQualifiedNameProvider;
import org.eclipse.xtext.resource.ISelectable;
import org.eclipse.xtext.scoping.ICaseInsensitivityHelper;
import org.eclipse.xtext.scoping.IGlobalScopeProvider;
import org.eclipse.xtext.scoping.IScope;
import org.eclipse.xtext.scoping.Scopes;
import org.eclipse.xtext.scoping.impl.MultimapBasedSelectable;
import org.eclipse.xtext.scoping.impl.SelectableBasedScope;
import org.eclipse.xtext.util.IResourceScopeCache;
import org.eclipse.xtext.util.Tuples;

/**
 * Backings are named per VM: a reference to a backing (in {@code map}, {@code slot} or a scenario
 * step) sees the backings of the VM it stands in, or of the scenario's VM, which may live in an
 * imported file. Kernels and VMs resolve as Xtext's default scoping resolves them (this file's
 * declarations by name, shadowing those of its imports), from a scope of this file's declarations only.
 */
public class VMemScopeProvider extends AbstractVMemScopeProvider {

    /** The cache key of a resource's declarations (see {@link #declarations}). */
    private static final Object DECLARATIONS = Tuples.pair(VMemScopeProvider.class, "declarations");

    @Inject
    private IResourceScopeCache cache;

    @Inject
    private IGlobalScopeProvider globalScopeProvider;

    @Inject
    private IQualifiedNameProvider qualifiedNameProvider;

    @Inject
    private ICaseInsensitivityHelper caseInsensitivityHelper;

    @Override
    public IScope getScope(EObject context, EReference reference) {
        if (reference.getEReferenceType() == VmemPackage.Literals.BACKING) {
            Vm vm = vmOf(context);
            if (vm == null) {
                return IScope.NULLSCOPE;
            }
            // One scope per VM until the resource changes: built per reference, it walked every member of
            // the VM for every reference, and a VM of 40,000 slots took half a minute to link.
            return cache.get(Tuples.pair(VMemScopeProvider.class, vm), vm.eResource(),
                    () -> Scopes.scopeFor(backingsOf(vm)));
        }
        if (reference.getEReferenceType() == VmemPackage.Literals.KERNEL
                || reference.getEReferenceType() == VmemPackage.Literals.VM) {
            Resource resource = context.eResource();
            if (resource != null && !resource.getContents().isEmpty()) {
                return declarationScope(resource, reference);
            }
        }
        return super.getScope(context, reference);
    }

    /**
     * The scope of a reference to a kernel or a VM: this file's declarations of that type by their
     * qualified names, over the global scope (the imports). It is what Xtext's
     * {@code ImportedNamespaceAwareLocalScopeProvider} gives such a reference, without its work for names
     * no kernel or VM can have: that provider describes every element of the file (each of a VM's 32,000
     * memslots, once per resource) and reads every member of each enclosing VM for namespace imports,
     * where kernels and VMs are only top-level declarations, named by one segment. The layers it adds for
     * the enclosing VM or scenario (names relative to the container's name: "vm.x") can hold no kernel or
     * VM, and this grammar has no namespace imports, so lookups, {@code getAllElements} and shadowing are
     * the same, and so are linking results and the messages for unresolved names.
     */
    private IScope declarationScope(Resource resource, EReference reference) {
        IScope global = globalScopeProvider.getScope(resource, reference, null);
        return SelectableBasedScope.createScope(global, declarations(resource), reference.getEReferenceType(),
                caseInsensitivityHelper.isIgnoreCase(reference));
    }

    /** A file's top-level declarations by qualified name, in the order of the file, once per resource. */
    private ISelectable declarations(Resource resource) {
        return cache.get(DECLARATIONS, resource, () -> {
            var elements = new ArrayList<EObject>();
            for (EObject root : resource.getContents()) {
                if (root instanceof Model model) {
                    elements.addAll(model.getDeclarations());
                } else {
                    // Not a parse result of this grammar: every element, as Xtext's scoping would.
                    elements.add(root);
                    root.eAllContents().forEachRemaining(elements::add);
                }
            }
            return new MultimapBasedSelectable(Scopes.scopedElementsFor(elements, qualifiedNameProvider));
        });
    }

    /** The VM whose backings are visible at {@code context}, or null when there is none (yet). */
    public static Vm vmOf(EObject context) {
        Vm vm = EcoreUtil2.getContainerOfType(context, Vm.class);
        if (vm != null) {
            return vm;
        }
        Scenario scenario = EcoreUtil2.getContainerOfType(context, Scenario.class);
        if (scenario == null) {
            return null;
        }
        Vm target = scenario.getVm();
        return target == null || target.eIsProxy() ? null : target;
    }

    private static List<Backing> backingsOf(Vm vm) {
        return EcoreUtil2.typeSelect(vm.getMembers(), Backing.class);
    }
}
