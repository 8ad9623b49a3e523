package dev.vmem.engine;

import dev.vmem.engine.model.Arch;
import dev.vmem.engine.model.BackingDecl;
import dev.vmem.engine.model.BackingKind;
import dev.vmem.engine.model.FeatureDecl;
import dev.vmem.engine.model.GmemFlag;
import dev.vmem.engine.model.KernelDecl;
import dev.vmem.engine.model.Origin;
import dev.vmem.engine.model.ParamDecl;
import dev.vmem.engine.model.PatchDecl;
import dev.vmem.engine.model.Program;
import dev.vmem.engine.model.ScenarioDecl;
import dev.vmem.engine.model.StepDecl;
import dev.vmem.engine.model.VmDecl;
import dev.vmem.engine.report.Finding;
import dev.vmem.engine.report.Report;
import dev.vmem.engine.report.Severity;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Short builders for engine models in tests. */
final class Models {

    static final long KIB = 1L << 10;
    static final long MIB = 1L << 20;
    static final long GIB = 1L << 30;
    static final long TIB = 1L << 40;

    private Models() {
    }

    static KernelDecl kernel(String version) {
        return KernelDecl.mainline("k", version, Arch.X86_64);
    }

    static KernelDecl arm64(String version) {
        return KernelDecl.mainline("k", version, Arch.ARM64);
    }

    static KernelDecl noDirectMap(KernelDecl k, int revision) {
        return k.withPatch(new PatchDecl(PatchDecl.Patch.NO_DIRECT_MAP, revision, Origin.named("patch no_direct_map")));
    }

    static KernelDecl patch(KernelDecl k, PatchDecl.Patch patch) {
        return k.withPatch(new PatchDecl(patch, 0, Origin.named("patch " + patch.keyword())));
    }

    static KernelDecl param(KernelDecl k, ParamDecl.Param param, boolean on) {
        return k.withParam(new ParamDecl(param, on, Origin.named("param " + param.keyword())));
    }

    static KernelDecl feature(KernelDecl k, FeatureDecl.Feature f) {
        return k.withFeature(new FeatureDecl(f, Origin.named("feature " + f.keyword())));
    }

    static BackingDecl anon(String name, long size) {
        return BackingDecl.of(name, BackingKind.ANONYMOUS, size);
    }

    static BackingDecl memfd(String name, long size) {
        return BackingDecl.of(name, BackingKind.MEMFD, size);
    }

    static BackingDecl secret(String name, long size) {
        return BackingDecl.of(name, BackingKind.MEMFD_SECRET, size);
    }

    static BackingDecl gmem(String name, long size, GmemFlag... flags) {
        return BackingDecl.of(name, BackingKind.GUEST_MEMFD, size, flags);
    }

    static VmDecl.Builder vm(String name) {
        return VmDecl.builder(name).kernel("k");
    }

    static Report run(KernelDecl k, VmDecl... vms) {
        return Engine.run(Program.of(List.of(k), List.of(vms)));
    }

    static Report run(KernelDecl k, VmDecl vm, ScenarioDecl scenario) {
        return Engine.run(new Program(List.of(k), List.of(vm), List.of(scenario)));
    }

    static ScenarioDecl scenario(String vm, boolean fromScratch, StepDecl... steps) {
        return new ScenarioDecl("s", vm, Origin.named("scenario vm"), fromScratch, List.of(steps), Origin.named("s"));
    }

    /** Warning and error codes, as the examples' expect headers list them. */
    static Set<String> problems(Report r) {
        var set = new TreeSet<String>();
        for (Finding f : r.findings()) {
            if (f.severity() != Severity.INFO) {
                set.add(f.code());
            }
        }
        return set;
    }

    static Set<String> codes(Report r) {
        var set = new TreeSet<String>();
        r.findings().forEach(f -> set.add(f.code()));
        return set;
    }
}
