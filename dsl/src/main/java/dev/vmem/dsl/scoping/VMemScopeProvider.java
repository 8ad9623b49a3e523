package dev.vmem.dsl.scoping;

import com.google.inject.Inject;
import dev.vmem.dsl.vmem.Backing;
import dev.vmem.dsl.vmem.Scenario;
import dev.vmem.dsl.vmem.Vm;
import dev.vmem.dsl.vmem.VmemPackage;
import java.util.List;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.scoping.IScope;
import org.eclipse.xtext.scoping.Scopes;
import org.eclipse.xtext.util.IResourceScopeCache;
import org.eclipse.xtext.util.Tuples;

/**
 * Backings are named per VM: a reference to a backing (in {@code map}, {@code slot} or a scenario
 * step) sees the backings of the VM it stands in, or of the scenario's VM, which may live in an
 * imported file. Kernels and VMs resolve through the default scoping: this file, then its imports.
 */
public class VMemScopeProvider extends AbstractVMemScopeProvider {

    @Inject
    private IResourceScopeCache cache;

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
        return super.getScope(context, reference);
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
