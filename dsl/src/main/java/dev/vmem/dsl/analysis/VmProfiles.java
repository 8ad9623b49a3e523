package dev.vmem.dsl.analysis;

import dev.vmem.dsl.mapping.ModelMapper;
import dev.vmem.dsl.vmem.Model;
import dev.vmem.dsl.vmem.Vm;
import dev.vmem.dsl.vmem.VmKernel;
import dev.vmem.dsl.vmem.VmTypeSetting;
import dev.vmem.engine.kb.KernelProfile;
import dev.vmem.engine.kb.KnowledgeBase;
import dev.vmem.engine.model.KernelDecl;
import dev.vmem.engine.model.VmType;
import java.util.Arrays;
import java.util.Optional;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.EcoreUtil2;

/**
 * The kernel profile and VM type a VM declaration runs under, resolved from the text as it is now
 * (while the user types, when there may be no engine report): the profile it names, else the editor's
 * default, else the engine's. For editor services (completion, hover) of every editor.
 */
public final class VmProfiles {

    private VmProfiles() {
    }

    /** A VM's kernel profile and type. */
    public record VmContext(KernelProfile profile, VmType type) {
    }

    public static VmContext of(Vm vm, Optional<KernelDecl> editorDefault) {
        KernelProfile profile = kernelOf(vm).or(() -> editorDefault.flatMap(KnowledgeBase::resolve))
                .orElseGet(KnowledgeBase::defaultProfile);
        VmType type = EcoreUtil2.typeSelect(vm.getMembers(), VmTypeSetting.class).stream().findFirst()
                .filter(t -> t.getType() != null)
                .flatMap(t -> Arrays.stream(VmType.values()).filter(v -> v.keyword().equals(t.getType().getLiteral()))
                        .findFirst())
                .orElse(VmType.DEFAULT);
        return new VmContext(profile, type);
    }

    private static Optional<KernelProfile> kernelOf(Vm vm) {
        var ref = EcoreUtil2.typeSelect(vm.getMembers(), VmKernel.class).stream().findFirst();
        if (ref.isEmpty() || ref.get().getKernel() == null || ref.get().getKernel().eIsProxy()) {
            return Optional.empty();
        }
        String name = ref.get().getKernel().getName();
        EObject root = EcoreUtil2.getRootContainer(vm);
        if (name == null || !(root instanceof Model model)) {
            return Optional.empty();
        }
        // The mapper is the one place that reads kernel profiles (with their imports); it never throws.
        return new ModelMapper().map(model).kernel(name).flatMap(KnowledgeBase::resolve);
    }
}
