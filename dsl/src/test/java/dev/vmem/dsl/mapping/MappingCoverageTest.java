package dev.vmem.dsl.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.vmem.dsl.tests.VMemTestSupport;
import dev.vmem.dsl.vmem.Model;
import dev.vmem.dsl.vmem.Operation;
import dev.vmem.dsl.vmem.VmemPackage;
import dev.vmem.engine.Engine;
import dev.vmem.engine.model.Access;
import dev.vmem.engine.model.Arch;
import dev.vmem.engine.model.AttributeDecl;
import dev.vmem.engine.model.BackingKind;
import dev.vmem.engine.model.DevicePath;
import dev.vmem.engine.model.FeatureDecl;
import dev.vmem.engine.model.GmemFlag;
import dev.vmem.engine.model.GuestFeature;
import dev.vmem.engine.model.HostOperation;
import dev.vmem.engine.model.Origin;
import dev.vmem.engine.model.Outcome;
import dev.vmem.engine.model.ParamDecl;
import dev.vmem.engine.model.PatchDecl;
import dev.vmem.engine.model.Program;
import dev.vmem.engine.model.Sharing;
import dev.vmem.engine.model.SlotFlag;
import dev.vmem.engine.model.VmType;
import dev.vmem.engine.report.Finding;
import dev.vmem.engine.report.Report;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.eclipse.emf.common.util.Enumerator;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EEnum;
import org.eclipse.emf.ecore.EEnumLiteral;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.xtext.resource.XtextResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Nothing the grammar can say is lost on the way to the engine. */
class MappingCoverageTest {

    /** Each grammar enumeration and the engine enumeration whose keywords it must all find. */
    private static final Map<EEnum, Counterpart<?>> COUNTERPARTS = Map.ofEntries(
            Map.entry(VmemPackage.Literals.ARCH, new Counterpart<>(Arch.values(), Arch::keyword)),
            Map.entry(VmemPackage.Literals.PATCH_NAME, new Counterpart<>(PatchDecl.Patch.values(), PatchDecl.Patch::keyword)),
            Map.entry(VmemPackage.Literals.PARAM_NAME, new Counterpart<>(ParamDecl.Param.values(), ParamDecl.Param::keyword)),
            Map.entry(VmemPackage.Literals.CPU_FEATURE,
                    new Counterpart<>(FeatureDecl.Feature.values(), FeatureDecl.Feature::keyword)),
            Map.entry(VmemPackage.Literals.CONFIG_OPTION, new Counterpart<>(
                    dev.vmem.engine.model.ConfigDecl.Option.values(), dev.vmem.engine.model.ConfigDecl.Option::keyword)),
            Map.entry(VmemPackage.Literals.VM_TYPE, new Counterpart<>(VmType.values(), VmType::keyword)),
            Map.entry(VmemPackage.Literals.BACKING_KIND, new Counterpart<>(BackingKind.values(), BackingKind::keyword)),
            Map.entry(VmemPackage.Literals.BACKING_FLAG, new Counterpart<>(GmemFlag.values(), GmemFlag::keyword)),
            Map.entry(VmemPackage.Literals.SHARING, new Counterpart<>(Sharing.values(), Sharing::keyword)),
            Map.entry(VmemPackage.Literals.SLOT_FLAG, new Counterpart<>(SlotFlag.values(), SlotFlag::keyword)),
            Map.entry(VmemPackage.Literals.MEMORY_ATTRIBUTE, new Counterpart<>(AttributeDecl.MemoryAttribute.values(),
                    AttributeDecl.MemoryAttribute::keyword)),
            Map.entry(VmemPackage.Literals.CLOCK_SOURCE, new Counterpart<>(GuestFeature.values(), GuestFeature::keyword)),
            Map.entry(VmemPackage.Literals.CPUID_FEATURE, new Counterpart<>(GuestFeature.values(), GuestFeature::keyword)),
            Map.entry(VmemPackage.Literals.GUEST_USE, new Counterpart<>(GuestFeature.values(), GuestFeature::keyword)),
            Map.entry(VmemPackage.Literals.PFNCACHE_USER, new Counterpart<>(GuestFeature.values(), GuestFeature::keyword)),
            Map.entry(VmemPackage.Literals.IO_PATH, new Counterpart<>(DevicePath.values(), DevicePath::keyword)),
            Map.entry(VmemPackage.Literals.HOST_OPERATION,
                    new Counterpart<>(HostOperation.values(), HostOperation::keyword)),
            Map.entry(VmemPackage.Literals.OUTCOME, new Counterpart<>(Outcome.values(), Outcome::keyword)),
            Map.entry(VmemPackage.Literals.READ_WRITE, new Counterpart<>(Access.values(), Access::keyword)),
            Map.entry(VmemPackage.Literals.GUEST_ACCESS, new Counterpart<>(Access.values(), Access::keyword)),
            Map.entry(VmemPackage.Literals.FALLOCATE_MODE, new Counterpart<>(
                    dev.vmem.engine.model.Operation.FallocateMode.values(),
                    dev.vmem.engine.model.Operation.FallocateMode::keyword)),
            Map.entry(VmemPackage.Literals.ADVICE, new Counterpart<>(dev.vmem.engine.model.Operation.Advice.values(),
                    dev.vmem.engine.model.Operation.Advice::keyword)),
            Map.entry(VmemPackage.Literals.NUMA_POLICY, new Counterpart<>(
                    dev.vmem.engine.model.MapOptions.NumaPolicy.values(),
                    dev.vmem.engine.model.MapOptions.NumaPolicy::keyword)),
            Map.entry(VmemPackage.Literals.FILE_SYSTEM, new Counterpart<>(dev.vmem.engine.model.FileSystem.values(),
                    dev.vmem.engine.model.FileSystem::keyword)));

    /** Grammar enumerations that the mapper does not translate keyword by keyword (and why). */
    private static final List<EEnum> NOT_TRANSLATED = List.of(
            VmemPackage.Literals.ON_OFF, // a boolean
            VmemPackage.Literals.CPUID_SIGN, // a boolean
            VmemPackage.Literals.DEVICE_MODEL); // passed on as text; vfio also selects DevicePath.VFIO

    private record Counterpart<E>(E[] values, Function<E, String> keyword) {
        void find(Enumerator literal) {
            ModelMapper.keyword(values, keyword, literal);
        }
    }

    @Test
    void everyGrammarEnumerationIsAccountedFor() {
        List<EEnum> enums = VmemPackage.eINSTANCE.getEClassifiers().stream()
                .filter(EEnum.class::isInstance).map(EEnum.class::cast).toList();
        assertThat(enums).containsExactlyInAnyOrderElementsOf(
                java.util.stream.Stream.concat(COUNTERPARTS.keySet().stream(), NOT_TRANSLATED.stream()).toList());
    }

    @Test
    void everyLiteralHasAnEngineCounterpart() {
        COUNTERPARTS.forEach((eEnum, counterpart) -> {
            for (EEnumLiteral literal : eEnum.getELiterals()) {
                assertThatCode(() -> counterpart.find(literal.getInstance()))
                        .as("%s.%s", eEnum.getName(), literal.getLiteral()).doesNotThrowAnyException();
            }
        });
    }

    @Test
    void everyOperationClassMaps() {
        ModelMapper mapper = new ModelMapper();
        List<EClass> operationClasses = VmemPackage.eINSTANCE.getEClassifiers().stream()
                .filter(EClass.class::isInstance).map(EClass.class::cast)
                .filter(c -> !c.isAbstract() && VmemPackage.Literals.OPERATION.isSuperTypeOf(c)
                        && c != VmemPackage.Literals.OPERATION)
                .toList();
        assertThat(operationClasses).hasSize(25);
        for (EClass type : operationClasses) {
            EObject empty = EcoreUtil.create(type);
            assertThatCode(() -> mapper.mapOperation((Operation) empty)).as(type.getName()).doesNotThrowAnyException();
        }
    }

    static List<Path> examples() throws IOException {
        return VMemTestSupport.exampleFiles();
    }

    /** The engine gives back the origins the mapper made: findings land on elements of the file. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void engineFindingsCarryTheMappersOrigins(Path example) {
        XtextResource resource = VMemTestSupport.load(example);
        Model model = VMemTestSupport.model(resource);
        Program program = new ModelMapper().map(model);
        Report report = Engine.run(program);

        for (Finding finding : report.findings()) {
            if (finding.origin() != Origin.NONE) { // NONE: about something the engine supplied itself
                assertThat(finding.origin()).as(finding.code()).isInstanceOfSatisfying(EObjectOrigin.class,
                        origin -> assertThat(origin.element().eResource()).isSameAs(resource));
            }
        }
    }
}
