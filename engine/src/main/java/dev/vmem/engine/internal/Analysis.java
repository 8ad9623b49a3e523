package dev.vmem.engine.internal;

import dev.vmem.engine.EngineOptions;
import dev.vmem.engine.kb.KernelFact;
import dev.vmem.engine.kb.KernelProfile;
import dev.vmem.engine.kb.KnowledgeBase;
import dev.vmem.engine.model.KernelDecl;
import dev.vmem.engine.model.Origin;
import dev.vmem.engine.model.Outcome;
import dev.vmem.engine.model.ParamDecl;
import dev.vmem.engine.model.Program;
import dev.vmem.engine.model.VmDecl;
import dev.vmem.engine.report.ElementNote;
import dev.vmem.engine.report.Related;
import dev.vmem.engine.report.Report;
import dev.vmem.engine.report.Rule;
import dev.vmem.engine.report.ScenarioResult;
import dev.vmem.engine.report.Trace;
import dev.vmem.engine.report.VmExposure;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One engine run over a program. Not part of the API: use {@link dev.vmem.engine.Engine}. */
public final class Analysis {

    private final Program program;
    private final Budget budget;
    private final Sink sink;
    private final Map<String, KernelProfile> profiles = new HashMap<>();
    private final List<VmExposure> exposures = new ArrayList<>();
    private final List<ScenarioResult> scenarios = new ArrayList<>();
    private final List<Report.ResolvedProfile> resolved = new ArrayList<>();
    private final List<dev.vmem.engine.report.VmLayout> layouts = new ArrayList<>();
    private final KernelProfile defaultProfile;
    private Origin current = Origin.NONE;
    private String currentVm = "";

    public Analysis(Program program, EngineOptions options) {
        this.program = program;
        this.budget = new Budget(options.workBudget(), options.cancelled());
        this.sink = new Sink(false, options.notesAndLayouts());
        this.defaultProfile = options.defaultKernel().flatMap(KnowledgeBase::resolve)
                .orElseGet(KnowledgeBase::defaultProfile);
    }

    public Report run() {
        boolean complete = true;
        try {
            for (var k : program.kernels()) {
                kernel(k);
            }
            for (var vm : program.vms()) {
                current = vm.origin();
                currentVm = vm.name();
                var profile = profileOf(vm);
                resolved.add(new Report.ResolvedProfile(vm.name(), vm.kernel().orElse(""), profile.describe(), profile,
                        vm.type()));
                var bringUp = new BringUp(vm, profile, budget, sink);
                if (bringUp.create()) {
                    exposures.add(bringUp.bringUp());
                    var layout = bringUp.layout();
                    if (layout != null) {
                        layouts.add(layout);
                    }
                }
            }
            currentVm = "";
            var runner = new ScenarioRunner(budget, sink);
            for (var sc : program.scenarios()) {
                current = sc.origin();
                var vm = program.vm(sc.vm());
                if (vm.isEmpty()) {
                    scenarios.add(new ScenarioResult(sc.name(), sc.vm(), sc.origin(), List.of(),
                            "no VM named " + sc.vm()));
                    continue;
                }
                scenarios.add(runner.run(sc, vm.get(), profileOf(vm.get())));
            }
        } catch (Budget.Exhausted e) {
            complete = false;
            sink.add(Rule.ANALYSIS_INCOMPLETE, e.cancelled ? "The analysis was cancelled; findings may be missing."
                    : "The engine spent its work budget (" + budget.used()
                            + " units) here; later findings may be missing.",
                    current, Outcome.OK, List.of(), Trace.builder("engine run").outcome("stopped", null).build(),
                    currentVm, Map.of());
        }
        return new Report(sink.findings(), exposures, scenarios, sink.notes(), resolved, complete, layouts);
    }

    private KernelProfile profileOf(VmDecl vm) {
        return vm.kernel().map(profiles::get).orElseGet(() -> {
            var p = defaultProfile;
            if (vm.kernel().isEmpty()) {
                sink.note(new ElementNote(vm.origin(), "no kernel profile named",
                        List.of("the default profile applies: " + p.describe()), List.of()));
            }
            return p;
        });
    }

    private void kernel(KernelDecl k) {
        current = k.origin();
        budget.spend(1);
        var resolvedProfile = KnowledgeBase.resolve(k);
        if (resolvedProfile.isEmpty()) {
            return; // The DSL reports an unparsable version; VMs naming this profile use the default.
        }
        var p = resolvedProfile.get();
        profiles.put(k.name(), p);
        if (!p.exact()) {
            var t = Trace.builder("kernel " + k.name() + " version " + k.version())
                    .state("known versions: " + String.join(", ",
                            KnowledgeBase.KNOWN_VERSIONS.stream().map(Object::toString).toList()), null)
                    .outcome("modelled as " + p.version(), KernelFact.GMEM_HISTORY);
            sink.add(Rule.UNKNOWN_KERNEL_VERSION, "Linux " + k.version()
                    + " is not a version the knowledge base knows; the semantics of " + p.version()
                    + ", the nearest known version not newer than it, are used.", k.versionOrigin(), Outcome.OK,
                    List.of(), t.build(), "", Map.of("version", k.version(), "nearest", p.version().toString()));
        }
        for (ParamDecl param : k.params()) {
            if (param.param() == ParamDecl.Param.GUEST_MEMFD_TLB_FLUSH && p.noDirectMapRevision() == 0) {
                var t = Trace.builder("kernel parameter guest_memfd_tlb_flush")
                        .kernel("added by Firecracker's patch 0039 on top of the no_direct_map series",
                                KernelFact.NDM_TLB_FLUSH_PARAM)
                        .outcome("unknown parameter", null);
                sink.add(Rule.KERNEL_FEATURE_MISSING, "guest_memfd_tlb_flush exists only on kernels with the no_direct_map series (and Firecracker's patch 0039); this profile has no such parameter.",
                        param.origin(), Outcome.OK, List.of(new Related(k.origin(), "kernel " + k.name())), t.build(),
                        "", Map.of("param", param.param().keyword()));
            }
        }
        sink.note(new ElementNote(k.origin(), "kernel " + k.name() + ": " + p.describe(), List.of(
                "guest_memfd: " + (p.hasGuestMemfd() ? "yes" : "no (6.8)") + "; MMAP/INIT_SHARED: "
                        + (p.hasGmemMmap() ? "yes" : "no (6.18)"),
                "memfd_secret: " + p.memfdSecretMissing().orElse("available")
                        + (p.secretmemGupFastBug() ? "; GUP-fast bug present (fixed in 6.9)" : ""),
                "NO_DIRECT_MAP: " + (p.noDirectMapRevision() == 0 ? "not available (unmerged series)"
                        : "series v" + p.noDirectMapRevision())),
                List.of(KernelFact.GMEM_HISTORY, KernelFact.SECRETMEM_HISTORY)));
    }
}
