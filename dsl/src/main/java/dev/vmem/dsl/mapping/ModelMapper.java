package dev.vmem.dsl.mapping;

import static dev.vmem.dsl.vmem.VmemPackage.Literals.BACKING__FLAGS;
import static dev.vmem.dsl.vmem.VmemPackage.Literals.BACKING__HUGE_PAGE_SIZE;
import static dev.vmem.dsl.vmem.VmemPackage.Literals.BACKING__SIZE;
import static dev.vmem.dsl.vmem.VmemPackage.Literals.CLOCK_SETTING__CLOCK;
import static dev.vmem.dsl.vmem.VmemPackage.Literals.DEVICE__MODEL;
import static dev.vmem.dsl.vmem.VmemPackage.Literals.DEVICE__VIA;
import static dev.vmem.dsl.vmem.VmemPackage.Literals.HOST_SETTING__OPERATIONS;
import static dev.vmem.dsl.vmem.VmemPackage.Literals.MAPPING__BACKING;
import static dev.vmem.dsl.vmem.VmemPackage.Literals.MEMLOCK_LIMIT__LIMIT;
import static dev.vmem.dsl.vmem.VmemPackage.Literals.SCENARIO__VM;
import static dev.vmem.dsl.vmem.VmemPackage.Literals.SLOT__FLAGS;
import static dev.vmem.dsl.vmem.VmemPackage.Literals.SLOT__GPA;
import static dev.vmem.dsl.vmem.VmemPackage.Literals.SLOT__GUEST_MEMFD;
import static dev.vmem.dsl.vmem.VmemPackage.Literals.SLOT__SIZE;
import static dev.vmem.dsl.vmem.VmemPackage.Literals.SLOT__USERSPACE;
import static dev.vmem.dsl.vmem.VmemPackage.Literals.USES_SETTING__USES;
import static dev.vmem.dsl.vmem.VmemPackage.Literals.VERSION_SETTING__VERSION;
import static dev.vmem.dsl.vmem.VmemPackage.Literals.VM_KERNEL__KERNEL;
import static dev.vmem.dsl.vmem.VmemPackage.Literals.VM_TYPE_SETTING__TYPE;

import dev.vmem.dsl.scoping.VMemImports;
import dev.vmem.dsl.vmem.ArchSetting;
import dev.vmem.dsl.vmem.AttributeRange;
import dev.vmem.dsl.vmem.Backing;
import dev.vmem.dsl.vmem.ClockSetting;
import dev.vmem.dsl.vmem.CloseOp;
import dev.vmem.dsl.vmem.CoredumpOp;
import dev.vmem.dsl.vmem.CpuidSetting;
import dev.vmem.dsl.vmem.CpuidSign;
import dev.vmem.dsl.vmem.Declaration;
import dev.vmem.dsl.vmem.DeleteSlotOp;
import dev.vmem.dsl.vmem.Device;
import dev.vmem.dsl.vmem.DeviceModel;
import dev.vmem.dsl.vmem.FallocateOp;
import dev.vmem.dsl.vmem.ConfigSetting;
import dev.vmem.dsl.vmem.FeatureSetting;
import dev.vmem.dsl.vmem.IpaBitsSetting;
import dev.vmem.dsl.vmem.PhysBitsSetting;
import dev.vmem.dsl.vmem.FileIoOp;
import dev.vmem.dsl.vmem.FtruncateOp;
import dev.vmem.dsl.vmem.GuestAccessOp;
import dev.vmem.dsl.vmem.GupOp;
import dev.vmem.dsl.vmem.HibernateOp;
import dev.vmem.dsl.vmem.HostSetting;
import dev.vmem.dsl.vmem.Import;
import dev.vmem.dsl.vmem.IoUringRegisterOp;
import dev.vmem.dsl.vmem.Kernel;
import dev.vmem.dsl.vmem.KernelSetting;
import dev.vmem.dsl.vmem.KvmAccessOp;
import dev.vmem.dsl.vmem.MadviseOp;
import dev.vmem.dsl.vmem.Mapping;
import dev.vmem.dsl.vmem.MemlockLimit;
import dev.vmem.dsl.vmem.MmapOp;
import dev.vmem.dsl.vmem.Model;
import dev.vmem.dsl.vmem.MunmapOp;
import dev.vmem.dsl.vmem.NamedPatch;
import dev.vmem.dsl.vmem.NoDirectMapPatch;
import dev.vmem.dsl.vmem.ODirectOp;
import dev.vmem.dsl.vmem.OnOff;
import dev.vmem.dsl.vmem.ParamSetting;
import dev.vmem.dsl.vmem.PfncacheOp;
import dev.vmem.dsl.vmem.PopulateOp;
import dev.vmem.dsl.vmem.ProcMemReadOp;
import dev.vmem.dsl.vmem.ProcessVmReadvOp;
import dev.vmem.dsl.vmem.PtracePeekOp;
import dev.vmem.dsl.vmem.ReadWrite;
import dev.vmem.dsl.vmem.Scenario;
import dev.vmem.dsl.vmem.Slot;
import dev.vmem.dsl.vmem.Step;
import dev.vmem.dsl.vmem.TouchOp;
import dev.vmem.dsl.vmem.UsesSetting;
import dev.vmem.dsl.vmem.VcpuMapOp;
import dev.vmem.dsl.vmem.VcpusSetting;
import dev.vmem.dsl.vmem.VersionSetting;
import dev.vmem.dsl.vmem.VfioMapOp;
import dev.vmem.dsl.vmem.Vm;
import dev.vmem.dsl.vmem.VmKernel;
import dev.vmem.dsl.vmem.VmMember;
import dev.vmem.dsl.vmem.VmTypeSetting;
import dev.vmem.engine.model.Access;
import dev.vmem.engine.model.Arch;
import dev.vmem.engine.model.AttributeDecl;
import dev.vmem.engine.model.BackingDecl;
import dev.vmem.engine.model.BackingKind;
import dev.vmem.engine.model.CpuidDecl;
import dev.vmem.engine.model.DeviceDecl;
import dev.vmem.engine.model.DevicePath;
import dev.vmem.engine.model.ConfigDecl;
import dev.vmem.engine.model.FeatureDecl;
import dev.vmem.engine.model.FeatureUseDecl;
import dev.vmem.engine.model.GmemFlag;
import dev.vmem.engine.model.GmemFlagDecl;
import dev.vmem.engine.model.GuestFeature;
import dev.vmem.engine.model.HostOpDecl;
import dev.vmem.engine.model.HostOperation;
import dev.vmem.engine.model.KernelDecl;
import dev.vmem.engine.model.MapDecl;
import dev.vmem.engine.model.Operation;
import dev.vmem.engine.model.Origin;
import dev.vmem.engine.model.Outcome;
import dev.vmem.engine.model.ParamDecl;
import dev.vmem.engine.model.PatchDecl;
import dev.vmem.engine.model.Program;
import dev.vmem.engine.model.ScenarioDecl;
import dev.vmem.engine.model.Sharing;
import dev.vmem.engine.model.SlotDecl;
import dev.vmem.engine.model.SlotFlag;
import dev.vmem.engine.model.SlotFlagDecl;
import dev.vmem.engine.model.StepDecl;
import dev.vmem.engine.model.VmDecl;
import dev.vmem.engine.model.VmType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import org.eclipse.emf.common.util.Enumerator;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.resource.Resource;

/**
 * The one place that turns VMem ASTs into the engine's input model.
 *
 * <p>{@link #map(Model)} maps a file together with every file it imports, directly or not, into one
 * {@link Program}: the file's own declarations first, then those of its imports in import order.
 * A name already taken by an earlier declaration of the same kind is skipped, as scoping resolves
 * it to the earlier one.
 *
 * <p>Every engine element gets an {@link EObjectOrigin} naming its AST element, and a feature where a
 * finding needs a finer place (the version, a size, one flag of a flag list, the backing a slot
 * names). Defaults the engine model documents are applied here: {@code type default}, one vCPU,
 * unlimited memlock, {@code x86_64}, a slot sized like its backing.
 *
 * <p>The engine should only see models without errors. On a model with errors (the editor maps while
 * the user types) the mapper never throws: an element that cannot be mapped (a missing name or
 * version, an unresolved reference, a number the converter refused) is left out, and references
 * to it are dropped with it.
 */
public class ModelMapper {

    /** Maps {@code model} and everything it imports. */
    public Program map(Model model) {
        var kernels = new ArrayList<KernelDecl>();
        var vms = new ArrayList<VmDecl>();
        var scenarios = new ArrayList<ScenarioDecl>();
        var kernelNames = new HashSet<String>();
        var vmNames = new HashSet<String>();
        var scenarioNames = new HashSet<String>();
        for (Model file : withImports(model)) {
            for (Declaration declaration : file.getDeclarations()) {
                if (declaration instanceof Kernel kernel && kernelNames.add(kernel.getName())) {
                    mapKernel(kernel).ifPresent(kernels::add);
                } else if (declaration instanceof Vm vm && vmNames.add(vm.getName())) {
                    mapVm(vm).ifPresent(vms::add);
                } else if (declaration instanceof Scenario scenario && scenarioNames.add(scenario.getName())) {
                    mapScenario(scenario).ifPresent(scenarios::add);
                }
            }
        }
        return new Program(kernels, vms, scenarios);
    }

    /** {@code model} and the models of the files it imports, transitively, each once, breadth first. */
    static List<Model> withImports(Model model) {
        Set<Model> seen = new LinkedHashSet<>();
        Deque<Model> pending = new ArrayDeque<>();
        pending.add(model);
        while (!pending.isEmpty()) {
            Model next = pending.removeFirst();
            if (!seen.add(next)) {
                continue;
            }
            for (Import anImport : next.getImports()) {
                Model imported = load(anImport);
                if (imported != null && !seen.contains(imported)) {
                    pending.addLast(imported);
                }
            }
        }
        return List.copyOf(seen);
    }

    private static Model load(Import anImport) {
        URI uri = VMemImports.resolve(anImport);
        Resource importer = anImport.eResource();
        if (uri == null || importer == null || importer.getResourceSet() == null) {
            return null;
        }
        try {
            var set = importer.getResourceSet();
            if (set.getResource(uri, false) == null && !set.getURIConverter().exists(uri, null)) {
                // Demand-loading a missing file would leave an empty resource in the set, and the
                // validator would then take the import for resolved (EcoreUtil2.isValidUri).
                return null;
            }
            Resource resource = set.getResource(uri, true);
            return resource != null && !resource.getContents().isEmpty()
                    && resource.getContents().get(0) instanceof Model imported ? imported : null;
        } catch (RuntimeException unreadable) {
            return null; // reported by the validator as unresolved-import
        }
    }

    // ------------------------------------------------------------------ kernel profiles

    Optional<KernelDecl> mapKernel(Kernel kernel) {
        List<KernelSetting> settings = kernel.getSettings();
        VersionSetting version = first(settings, VersionSetting.class);
        if (kernel.getName() == null || version == null || version.getVersion() == null) {
            return Optional.empty();
        }
        ArchSetting archSetting = first(settings, ArchSetting.class);
        Arch arch = archSetting == null ? Arch.X86_64 : keyword(Arch.values(), Arch::keyword, archSetting.getArch());
        var patches = new ArrayList<PatchDecl>();
        var params = new ArrayList<ParamDecl>();
        var features = new ArrayList<FeatureDecl>();
        var configs = new ArrayList<ConfigDecl>();
        int physBits = 0;
        int ipaBits = 0;
        for (KernelSetting setting : settings) {
            if (setting instanceof NoDirectMapPatch patch && patch.getRevision() != null) {
                patches.add(new PatchDecl(PatchDecl.Patch.NO_DIRECT_MAP, patch.getRevision(), origin(patch)));
            } else if (setting instanceof NamedPatch patch) {
                patches.add(new PatchDecl(keyword(PatchDecl.Patch.values(), PatchDecl.Patch::keyword, patch.getPatch()), 0,
                        origin(patch)));
            } else if (setting instanceof ParamSetting param) {
                params.add(new ParamDecl(keyword(ParamDecl.Param.values(), ParamDecl.Param::keyword, param.getParam()),
                        param.getValue() == OnOff.ON, origin(param)));
            } else if (setting instanceof ConfigSetting config) {
                configs.add(new ConfigDecl(
                        keyword(ConfigDecl.Option.values(), ConfigDecl.Option::keyword, config.getOption()),
                        config.getValue() == OnOff.ON, origin(config)));
            } else if (setting instanceof PhysBitsSetting bits && bits.getBits() != null) {
                physBits = (int) Math.min(Integer.MAX_VALUE, Math.max(0, bits.getBits()));
            } else if (setting instanceof IpaBitsSetting bits && bits.getBits() != null) {
                ipaBits = (int) Math.min(Integer.MAX_VALUE, Math.max(0, bits.getBits()));
            } else if (setting instanceof FeatureSetting feature) {
                features.add(new FeatureDecl(
                        keyword(FeatureDecl.Feature.values(), FeatureDecl.Feature::keyword, feature.getFeature()),
                        origin(feature)));
            }
        }
        return Optional.of(new KernelDecl(kernel.getName(), version.getVersion(),
                origin(version, VERSION_SETTING__VERSION), arch, patches, params, features, origin(kernel), configs,
                physBits, ipaBits));
    }

    // ------------------------------------------------------------------ virtual machines

    Optional<VmDecl> mapVm(Vm vm) {
        if (vm.getName() == null) {
            return Optional.empty();
        }
        List<VmMember> members = vm.getMembers();

        VmKernel kernelRef = first(members, VmKernel.class);
        Optional<String> kernel = Optional.empty();
        Origin kernelOrigin = Origin.NONE;
        if (kernelRef != null && resolved(kernelRef.getKernel()) && kernelRef.getKernel().getName() != null) {
            kernel = Optional.of(kernelRef.getKernel().getName());
            kernelOrigin = origin(kernelRef, VM_KERNEL__KERNEL);
        }

        VmTypeSetting typeSetting = first(members, VmTypeSetting.class);
        VmType type = VmType.DEFAULT;
        Origin typeOrigin = Origin.NONE;
        if (typeSetting != null) {
            type = keyword(VmType.values(), VmType::keyword, typeSetting.getType());
            typeOrigin = origin(typeSetting, VM_TYPE_SETTING__TYPE);
        }

        VcpusSetting vcpusSetting = first(members, VcpusSetting.class);
        int vcpus = vcpusSetting == null ? 1 : intOr(vcpusSetting.getCount(), 1);

        MemlockLimit limit = first(members, MemlockLimit.class);
        OptionalLong memlock = OptionalLong.empty();
        Origin memlockOrigin = Origin.NONE;
        if (limit != null && limit.getLimit() != null) {
            memlock = OptionalLong.of(limit.getLimit());
            memlockOrigin = origin(limit, MEMLOCK_LIMIT__LIMIT);
        }

        var backings = new ArrayList<BackingDecl>();
        var maps = new ArrayList<MapDecl>();
        var slots = new ArrayList<SlotDecl>();
        var attributes = new ArrayList<AttributeDecl>();
        var features = new ArrayList<FeatureUseDecl>();
        var cpuid = new ArrayList<CpuidDecl>();
        var devices = new ArrayList<DeviceDecl>();
        var hostOps = new ArrayList<HostOpDecl>();
        for (VmMember member : members) {
            if (member instanceof Backing backing) {
                mapBacking(backing).ifPresent(backings::add);
            } else if (member instanceof Mapping map) {
                mapMapping(map).ifPresent(maps::add);
            } else if (member instanceof Slot slot) {
                mapSlot(slot).ifPresent(slots::add);
            } else if (member instanceof AttributeRange range) {
                mapAttributes(range).ifPresent(attributes::add);
            } else if (member instanceof ClockSetting clock) {
                features.add(new FeatureUseDecl(
                        keyword(GuestFeature.values(), GuestFeature::keyword, clock.getClock()),
                        origin(clock, CLOCK_SETTING__CLOCK)));
            } else if (member instanceof UsesSetting uses) {
                for (int i = 0; i < uses.getUses().size(); i++) {
                    features.add(new FeatureUseDecl(
                            keyword(GuestFeature.values(), GuestFeature::keyword, uses.getUses().get(i)),
                            origin(uses, USES_SETTING__USES, i)));
                }
            } else if (member instanceof CpuidSetting edit) {
                cpuid.add(new CpuidDecl(keyword(GuestFeature.values(), GuestFeature::keyword, edit.getFeature()),
                        edit.getSign() == CpuidSign.ADD, origin(edit)));
            } else if (member instanceof Device device) {
                mapDevice(device).ifPresent(devices::add);
            } else if (member instanceof HostSetting host) {
                for (int i = 0; i < host.getOperations().size(); i++) {
                    hostOps.add(new HostOpDecl(
                            keyword(HostOperation.values(), HostOperation::keyword, host.getOperations().get(i)),
                            origin(host, HOST_SETTING__OPERATIONS, i)));
                }
            }
        }
        return Optional.of(new VmDecl(vm.getName(), kernel, kernelOrigin, type, typeOrigin, vcpus, memlock,
                memlockOrigin, backings, maps, slots, attributes, features, cpuid, devices, hostOps, origin(vm),
                limit != null && limit.isCapIpcLock()));
    }

    Optional<BackingDecl> mapBacking(Backing backing) {
        if (backing.getName() == null || backing.getSize() == null) {
            return Optional.empty();
        }
        Long hugePageSize = backing.getHugePageSize();
        var flags = new ArrayList<GmemFlagDecl>();
        for (int i = 0; i < backing.getFlags().size(); i++) {
            flags.add(new GmemFlagDecl(keyword(GmemFlag.values(), GmemFlag::keyword, backing.getFlags().get(i)),
                    origin(backing, BACKING__FLAGS, i)));
        }
        var decl = new BackingDecl(backing.getName(),
                keyword(BackingKind.values(), BackingKind::keyword, backing.getKind()), backing.getSize(),
                origin(backing, BACKING__SIZE), hugePageSize == null ? 0 : hugePageSize,
                hugePageSize == null ? Origin.NONE : origin(backing, BACKING__HUGE_PAGE_SIZE), flags,
                backing.getPath(), origin(backing));
        return Optional.of(MapOptionsMapping.fileSystem(backing, decl));
    }

    Optional<MapDecl> mapMapping(Mapping map) {
        String backing = nameOf(map.getBacking());
        if (backing == null) {
            return Optional.empty();
        }
        var decl = new MapDecl(backing, origin(map, MAPPING__BACKING),
                keyword(Sharing.values(), Sharing::keyword, map.getSharing()), optional(map.getAddress()),
                map.isPopulate(), map.isMergeable(), origin(map));
        return Optional.of(MapOptionsMapping.options(map, decl));
    }

    Optional<SlotDecl> mapSlot(Slot slot) {
        if (slot.getId() == null || slot.getGpa() == null) {
            return Optional.empty();
        }
        // A named but unresolved backing must not turn into "no backing": that is another slot.
        String userspace = nameOf(slot.getUserspace());
        String guestMemfd = nameOf(slot.getGuestMemfd());
        if ((slot.getUserspace() != null && userspace == null) || (slot.getGuestMemfd() != null && guestMemfd == null)) {
            return Optional.empty();
        }
        var flags = new ArrayList<SlotFlagDecl>();
        for (int i = 0; i < slot.getFlags().size(); i++) {
            flags.add(new SlotFlagDecl(keyword(SlotFlag.values(), SlotFlag::keyword, slot.getFlags().get(i)),
                    origin(slot, SLOT__FLAGS, i)));
        }
        return Optional.of(new SlotDecl(slot.getId(), slot.getGpa(), origin(slot, SLOT__GPA),
                optional(slot.getSize()), slot.getSize() == null ? Origin.NONE : origin(slot, SLOT__SIZE),
                Optional.ofNullable(userspace), orZero(slot.getUserspaceOffset()),
                userspace == null ? Origin.NONE : origin(slot, SLOT__USERSPACE),
                Optional.ofNullable(guestMemfd), orZero(slot.getGuestMemfdOffset()),
                guestMemfd == null ? Origin.NONE : origin(slot, SLOT__GUEST_MEMFD), flags, origin(slot)));
    }

    Optional<AttributeDecl> mapAttributes(AttributeRange range) {
        if (range.getGpa() == null || range.getSize() == null) {
            return Optional.empty();
        }
        return Optional.of(new AttributeDecl(attribute(range), range.getGpa(), range.getSize(), origin(range)));
    }

    Optional<DeviceDecl> mapDevice(Device device) {
        if (device.getName() == null) {
            return Optional.empty();
        }
        String model = device.getModel().getLiteral();
        if (device.getModel() == DeviceModel.VFIO) {
            return Optional.of(new DeviceDecl(device.getName(), model, DevicePath.VFIO, origin(device, DEVICE__MODEL),
                    origin(device)));
        }
        return Optional.of(new DeviceDecl(device.getName(), model,
                keyword(DevicePath.values(), DevicePath::keyword, device.getVia()), origin(device, DEVICE__VIA),
                origin(device)));
    }

    // ------------------------------------------------------------------ scenarios

    Optional<ScenarioDecl> mapScenario(Scenario scenario) {
        String vm = nameOf(scenario.getVm());
        if (scenario.getName() == null || vm == null) {
            return Optional.empty();
        }
        var steps = new ArrayList<StepDecl>();
        for (Step step : scenario.getSteps()) {
            mapStep(step).ifPresent(steps::add);
        }
        return Optional.of(new ScenarioDecl(scenario.getName(), vm, origin(scenario, SCENARIO__VM),
                scenario.isFromScratch(), steps, origin(scenario)));
    }

    Optional<StepDecl> mapStep(Step step) {
        Optional<Operation> operation = step.getOperation() == null ? Optional.empty() : mapOperation(step.getOperation());
        if (operation.isEmpty()) {
            return Optional.empty();
        }
        var expectation = step.getExpectation();
        Optional<Outcome> expect = expectation == null
                ? Optional.empty()
                : Optional.of(keyword(Outcome.values(), Outcome::keyword, expectation.getOutcome()));
        return Optional.of(new StepDecl(operation.get(), expect,
                expectation == null ? Origin.NONE : origin(expectation), origin(step),
                expectation != null && expectation.isMay()));
    }

    /** One operation; empty when it names something unresolved or a number the converter refused. */
    Optional<Operation> mapOperation(EObject operation) {
        return Optional.ofNullable(operationOrNull(operation));
    }

    private Operation operationOrNull(EObject operation) {
        if (operation instanceof MmapOp op) {
            return with(nameOf(op.getBacking()), b -> new Operation.Mmap(b,
                    keyword(Sharing.values(), Sharing::keyword, op.getSharing()), optional(op.getSize())));
        } else if (operation instanceof MunmapOp op) {
            return with(nameOf(op.getBacking()), Operation.Munmap::new);
        } else if (operation instanceof TouchOp op) {
            return with(nameOf(op.getBacking()), b -> new Operation.Touch(b, access(op.getAccess()),
                    optional(op.getOffset()), optional(op.getLength())));
        } else if (operation instanceof FileIoOp op) {
            return with(nameOf(op.getBacking()),
                    b -> op.getAccess() == ReadWrite.READ ? new Operation.FileRead(b) : new Operation.FileWrite(b));
        } else if (operation instanceof FallocateOp op) {
            return op.getOffset() == null || op.getLength() == null ? null
                    : with(nameOf(op.getBacking()), b -> new Operation.Fallocate(b,
                            keyword(Operation.FallocateMode.values(), Operation.FallocateMode::keyword, op.getMode()),
                            op.getOffset(), op.getLength()));
        } else if (operation instanceof FtruncateOp op) {
            return op.getLength() == null ? null
                    : with(nameOf(op.getBacking()), b -> new Operation.Ftruncate(b, op.getLength()));
        } else if (operation instanceof MadviseOp op) {
            return with(nameOf(op.getBacking()), b -> new Operation.Madvise(b,
                    keyword(Operation.Advice.values(), Operation.Advice::keyword, op.getAdvice())));
        } else if (operation instanceof Slot slot) {
            return mapSlot(slot).map(Operation.CreateSlot::new).orElse(null);
        } else if (operation instanceof DeleteSlotOp op) {
            return op.getId() == null ? null : new Operation.DeleteSlot(op.getId());
        } else if (operation instanceof AttributeRange range) {
            return range.getGpa() == null || range.getSize() == null ? null
                    : new Operation.SetAttributes(attribute(range), range.getGpa(), range.getSize());
        } else if (operation instanceof GuestAccessOp op) {
            return op.getVcpu() == null || op.getGpa() == null || !fitsInt(op.getVcpu()) ? null
                    : new Operation.GuestAccess(op.getVcpu().intValue(),
                            keyword(Access.values(), Access::keyword, op.getAccess()), op.getGpa());
        } else if (operation instanceof KvmAccessOp op) {
            return op.getGpa() == null ? null : new Operation.KvmAccess(access(op.getAccess()), op.getGpa());
        } else if (operation instanceof PfncacheOp op) {
            return op.getGpa() == null ? null
                    : new Operation.Pfncache(keyword(GuestFeature.values(), GuestFeature::keyword, op.getUser()),
                            op.getGpa());
        } else if (operation instanceof VcpuMapOp op) {
            return op.getGpa() == null ? null : new Operation.VcpuMap(op.getGpa());
        } else if (operation instanceof GupOp op) {
            return with(nameOf(op.getBacking()), b -> new Operation.Gup(b, op.isFast(), op.isLongterm()));
        } else if (operation instanceof VfioMapOp op) {
            return with(nameOf(op.getBacking()), Operation.VfioMap::new);
        } else if (operation instanceof IoUringRegisterOp op) {
            return with(nameOf(op.getBacking()), Operation.IoUringRegister::new);
        } else if (operation instanceof ODirectOp op) {
            return with(nameOf(op.getBacking()), Operation.ODirect::new);
        } else if (operation instanceof ProcessVmReadvOp op) {
            return with(nameOf(op.getBacking()), Operation.ProcessVmReadv::new);
        } else if (operation instanceof PtracePeekOp op) {
            return with(nameOf(op.getBacking()), Operation.PtracePeek::new);
        } else if (operation instanceof ProcMemReadOp op) {
            return with(nameOf(op.getBacking()), Operation.ProcMemRead::new);
        } else if (operation instanceof HibernateOp) {
            return new Operation.Hibernate();
        } else if (operation instanceof CoredumpOp) {
            return new Operation.Coredump();
        } else if (operation instanceof PopulateOp op) {
            return op.getGpa() == null ? null
                    : with(nameOf(op.getBacking()), b -> new Operation.Populate(op.getGpa(), b));
        } else if (operation instanceof CloseOp op) {
            return with(nameOf(op.getBacking()), Operation.Close::new);
        }
        throw new IllegalStateException("no mapping for operation " + operation.eClass().getName());
    }

    // ------------------------------------------------------------------ helpers

    private static Origin origin(EObject element) {
        return EObjectOrigin.of(element);
    }

    private static Origin origin(EObject element, EStructuralFeature feature) {
        return EObjectOrigin.of(element, feature);
    }

    private static Origin origin(EObject element, EStructuralFeature feature, int index) {
        return EObjectOrigin.of(element, feature, index);
    }

    private static AttributeDecl.MemoryAttribute attribute(AttributeRange range) {
        return keyword(AttributeDecl.MemoryAttribute.values(), AttributeDecl.MemoryAttribute::keyword,
                range.getAttribute());
    }

    private static Access access(ReadWrite access) {
        return keyword(Access.values(), Access::keyword, access);
    }

    /**
     * The engine constant spelled like the grammar's enum literal. Both sides spell the language's
     * keywords, so one rule serves every enumeration; a literal without a counterpart is a bug that
     * MappingCoverageTest catches.
     */
    static <E> E keyword(E[] values, Function<E, String> keywordOf, Enumerator literal) {
        for (E value : values) {
            if (keywordOf.apply(value).equals(literal.getLiteral())) {
                return value;
            }
        }
        throw new IllegalStateException("the engine has no counterpart of '" + literal.getLiteral() + "'");
    }

    private static <T extends EObject> T first(List<? super T> elements, Class<T> type) {
        for (Object element : elements) {
            if (type.isInstance(element)) {
                return type.cast(element);
            }
        }
        return null;
    }

    private static boolean resolved(EObject reference) {
        return reference != null && !reference.eIsProxy();
    }

    /** The name of a resolved reference, or null when it is absent or unresolved. */
    private static String nameOf(Backing backing) {
        return resolved(backing) ? backing.getName() : null;
    }

    private static String nameOf(Vm vm) {
        return resolved(vm) ? vm.getName() : null;
    }

    private static Operation with(String backing, Function<String, Operation> operation) {
        return backing == null ? null : operation.apply(backing);
    }

    private static OptionalLong optional(Long value) {
        return value == null ? OptionalLong.empty() : OptionalLong.of(value);
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }

    private static boolean fitsInt(Long value) {
        return Long.compareUnsigned(value, Integer.MAX_VALUE) <= 0;
    }

    private static int intOr(Long value, int fallback) {
        return value != null && fitsInt(value) ? value.intValue() : fallback;
    }
}
