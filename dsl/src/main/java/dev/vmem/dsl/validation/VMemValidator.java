package dev.vmem.dsl.validation;

import dev.vmem.dsl.scoping.VMemImports;
import dev.vmem.dsl.vmem.ArchSetting;
import dev.vmem.dsl.vmem.Backing;
import dev.vmem.dsl.vmem.Device;
import dev.vmem.dsl.vmem.ConfigSetting;
import dev.vmem.dsl.vmem.FeatureSetting;
import dev.vmem.dsl.vmem.IpaBitsSetting;
import dev.vmem.dsl.vmem.PhysBitsSetting;
import dev.vmem.dsl.vmem.GuestAccessOp;
import dev.vmem.dsl.vmem.Import;
import dev.vmem.dsl.vmem.Kernel;
import dev.vmem.dsl.vmem.KernelSetting;
import dev.vmem.dsl.vmem.MemlockLimit;
import dev.vmem.dsl.vmem.Model;
import dev.vmem.dsl.vmem.NamedPatch;
import dev.vmem.dsl.vmem.NoDirectMapPatch;
import dev.vmem.dsl.vmem.ParamSetting;
import dev.vmem.dsl.vmem.Scenario;
import dev.vmem.dsl.vmem.Slot;
import dev.vmem.dsl.vmem.VcpusSetting;
import dev.vmem.dsl.vmem.VersionSetting;
import dev.vmem.dsl.vmem.Vm;
import dev.vmem.dsl.vmem.VmKernel;
import dev.vmem.dsl.vmem.VmMember;
import dev.vmem.dsl.vmem.VmTypeSetting;
import dev.vmem.dsl.vmem.VmemPackage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.validation.Check;

/**
 * Structural checks: cheap, local, run on every change. Everything about kernel semantics is the
 * engine's business; these only make sure the model means something (unique names, settings given
 * once, a version on every kernel, imports that exist, numbers that fit their field).
 */
public class VMemValidator extends AbstractVMemValidator {

    private static final VmemPackage P = VmemPackage.eINSTANCE;

    /** Second issue datum of an unresolved-import that confinement refused (the first is the import as written). */
    public static final String REFUSED = "refused";

    @Check
    public void checkUniqueDeclarations(Model model) {
        reportDuplicates(EcoreUtil2.typeSelect(model.getDeclarations(), Kernel.class), Kernel::getName,
                P.getDeclaration_Name(), "kernel profile");
        reportDuplicates(EcoreUtil2.typeSelect(model.getDeclarations(), Vm.class), Vm::getName, P.getDeclaration_Name(), "vm");
        reportDuplicates(EcoreUtil2.typeSelect(model.getDeclarations(), Scenario.class), Scenario::getName,
                P.getDeclaration_Name(), "scenario");
    }

    @Check
    public void checkImport(Import anImport) {
        if (anImport.getImportURI() == null) {
            return; // a syntax error already
        }
        var refusal = VMemImports.refusal(anImport);
        if (refusal.isPresent()) {
            // Confinement (ImportRoots): nothing outside the workspace, and nothing but .vmem files, is read.
            error("import refused: " + refusal.get(), anImport, P.getImport_ImportURI(),
                    VMemIssueCodes.UNRESOLVED_IMPORT, anImport.getImportURI(), REFUSED);
            return;
        }
        URI uri = VMemImports.resolve(anImport);
        if (uri == null || anImport.eResource() == null || !EcoreUtil2.isValidUri(anImport.eResource(), uri)) {
            error("cannot find imported file '" + anImport.getImportURI() + "'", anImport,
                    P.getImport_ImportURI(), VMemIssueCodes.UNRESOLVED_IMPORT, anImport.getImportURI());
        }
    }

    @Check
    public void checkKernel(Kernel kernel) {
        List<KernelSetting> settings = kernel.getSettings();
        reportRepeated(EcoreUtil2.typeSelect(settings, VersionSetting.class), "version");
        reportRepeated(EcoreUtil2.typeSelect(settings, ArchSetting.class), "arch");
        reportDuplicates(EcoreUtil2.typeSelect(settings, NoDirectMapPatch.class), p -> "no_direct_map", null,
                "patch", VMemIssueCodes.DUPLICATE_SETTING);
        reportDuplicates(EcoreUtil2.typeSelect(settings, NamedPatch.class), p -> p.getPatch().getLiteral(), null,
                "patch", VMemIssueCodes.DUPLICATE_SETTING);
        reportDuplicates(EcoreUtil2.typeSelect(settings, ParamSetting.class), p -> p.getParam().getLiteral(), null,
                "param", VMemIssueCodes.DUPLICATE_SETTING);
        reportDuplicates(EcoreUtil2.typeSelect(settings, FeatureSetting.class), f -> f.getFeature().getLiteral(), null,
                "feature", VMemIssueCodes.DUPLICATE_SETTING);
        reportDuplicates(EcoreUtil2.typeSelect(settings, ConfigSetting.class), c -> c.getOption().getLiteral(), null,
                "config", VMemIssueCodes.DUPLICATE_SETTING);
        reportRepeated(EcoreUtil2.typeSelect(settings, PhysBitsSetting.class), "phys_bits");
        reportRepeated(EcoreUtil2.typeSelect(settings, IpaBitsSetting.class), "ipa_bits");
        if (kernel.getName() != null && settings.stream().noneMatch(VersionSetting.class::isInstance)) {
            error("kernel profile '" + kernel.getName() + "' needs a version (e.g. version 6.18)", kernel,
                    P.getDeclaration_Name(), VMemIssueCodes.MISSING_VERSION);
        }
    }

    @Check
    public void checkVm(Vm vm) {
        // One pass sorts the members by kind (a VM may have 32,000 memslots, and a pass per kind tested each
        // of them seven times); the reports come in the same order as before.
        var kernels = new ArrayList<VmKernel>();
        var types = new ArrayList<VmTypeSetting>();
        var vcpus = new ArrayList<VcpusSetting>();
        var memlocks = new ArrayList<MemlockLimit>();
        var backings = new ArrayList<Backing>();
        var devices = new ArrayList<Device>();
        var slots = new ArrayList<Slot>();
        for (VmMember member : vm.getMembers()) {
            if (member instanceof Slot slot) { // first: most members of a large VM are memslots
                slots.add(slot);
            } else if (member instanceof Backing backing) {
                backings.add(backing);
            } else if (member instanceof Device device) {
                devices.add(device);
            } else if (member instanceof VmKernel kernel) {
                kernels.add(kernel);
            } else if (member instanceof VmTypeSetting type) {
                types.add(type);
            } else if (member instanceof VcpusSetting count) {
                vcpus.add(count);
            } else if (member instanceof MemlockLimit limit) {
                memlocks.add(limit);
            }
        }
        reportRepeated(kernels, "kernel");
        reportRepeated(types, "type");
        reportRepeated(vcpus, "vcpus");
        reportRepeated(memlocks, "rlimit memlock");
        reportDuplicates(backings, Backing::getName, P.getBacking_Name(), "memory backing");
        reportDuplicates(devices, Device::getName, P.getDevice_Name(), "device");
        reportDuplicates(slots, slot -> slot.getId() == null ? null : Long.toUnsignedString(slot.getId()), P.getSlot_Id(),
                "slot");
    }

    @Check
    public void checkVcpus(VcpusSetting setting) {
        checkFitsInt(setting, P.getVcpusSetting_Count(), setting.getCount(), "vcpus");
    }

    @Check
    public void checkGuestAccess(GuestAccessOp operation) {
        checkFitsInt(operation, P.getGuestAccessOp_Vcpu(), operation.getVcpu(), "a vcpu index");
    }

    private void checkFitsInt(EObject owner, EAttribute feature, Long value, String what) {
        if (value != null && Long.compareUnsigned(value, Integer.MAX_VALUE) > 0) {
            error(what + " must be at most " + Integer.MAX_VALUE, owner, feature, VMemIssueCodes.NUMBER_OVERFLOW);
        }
    }

    /** Every element after the first with the same key gets duplicate-name on its name. */
    private <T extends EObject> void reportDuplicates(List<T> elements, Function<T, String> key, EAttribute nameFeature,
            String kind) {
        reportDuplicates(elements, key, nameFeature, kind, VMemIssueCodes.DUPLICATE_NAME);
    }

    /** As above with another code; a null {@code nameFeature} marks the whole element. */
    private <T extends EObject> void reportDuplicates(List<T> elements, Function<T, String> key, EAttribute nameFeature,
            String kind, String code) {
        Map<String, T> first = new HashMap<>();
        for (T element : elements) {
            String name = key.apply(element);
            if (name == null) {
                continue;
            }
            T earlier = first.putIfAbsent(name, element);
            if (earlier != null) {
                error("duplicate " + kind + " '" + name + "' (first on line " + lineOf(earlier) + ")", element,
                        nameFeature, code, name);
            }
        }
    }

    /** A setting that may appear once: every repetition gets duplicate-setting on the whole line. */
    private void reportRepeated(List<? extends EObject> settings, String keyword) {
        for (int i = 1; i < settings.size(); i++) {
            EObject setting = settings.get(i);
            error("'" + keyword + "' is already set on line " + lineOf(settings.get(0)), setting, null,
                    VMemIssueCodes.DUPLICATE_SETTING, keyword);
        }
    }

    private static int lineOf(EObject element) {
        var node = NodeModelUtils.findActualNodeFor(element);
        return node == null ? 0 : node.getStartLine();
    }
}
