package dev.vmem.dsl.linking;

import dev.vmem.dsl.validation.VMemIssueCodes;
import dev.vmem.dsl.vmem.Scenario;
import dev.vmem.dsl.vmem.Vm;
import dev.vmem.dsl.vmem.VmemPackage;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.diagnostics.DiagnosticMessage;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.linking.impl.IllegalNodeException;
import org.eclipse.xtext.linking.impl.LinkingDiagnosticMessageProvider;

/**
 * Unresolved references get the code {@code unresolved-reference}, a message that names the missing
 * name and where it was looked for, and the name as issue data (for quick fixes).
 */
public class VMemLinkingDiagnosticMessageProvider extends LinkingDiagnosticMessageProvider {

    @Override
    public DiagnosticMessage getUnresolvedProxyMessage(ILinkingDiagnosticContext context) {
        String name;
        try {
            name = context.getLinkText();
        } catch (IllegalNodeException e) {
            name = e.getNode().getText();
        }
        EClass type = context.getReference().getEReferenceType();
        String message = "no " + kindOf(type) + " named '" + name + "'" + whereLookedUp(type, context.getContext());
        return new DiagnosticMessage(message, Severity.ERROR, VMemIssueCodes.UNRESOLVED_REFERENCE, name);
    }

    private static String kindOf(EClass type) {
        if (type == VmemPackage.Literals.KERNEL) {
            return "kernel profile";
        }
        if (type == VmemPackage.Literals.VM) {
            return "vm";
        }
        if (type == VmemPackage.Literals.BACKING) {
            return "memory backing";
        }
        return type.getName();
    }

    /** Backings are looked up in one VM: say which, so "no backing 'ram'" is not a mystery. */
    private static String whereLookedUp(EClass type, EObject context) {
        if (type == VmemPackage.Literals.BACKING) {
            Vm vm = EcoreUtil2.getContainerOfType(context, Vm.class);
            if (vm == null) {
                Scenario scenario = EcoreUtil2.getContainerOfType(context, Scenario.class);
                vm = scenario == null || scenario.getVm() == null || scenario.getVm().eIsProxy() ? null : scenario.getVm();
            }
            if (vm != null && vm.getName() != null) {
                return " in vm '" + vm.getName() + "'";
            }
            return "";
        }
        return " in this file or its imports";
    }
}
