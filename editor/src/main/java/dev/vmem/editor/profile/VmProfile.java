package dev.vmem.editor.profile;

import dev.vmem.engine.kb.KernelProfile;
import dev.vmem.engine.kb.KnowledgeBase;
import dev.vmem.engine.model.KernelDecl;
import dev.vmem.engine.model.VmType;
import dev.vmem.engine.report.Report;
import java.util.List;
import java.util.Optional;

/**
 * The kernel profile a VM runs under: the one answer every editor service gives (hover names it,
 * completion offers what it offers). It is what the engine's report says of the VM; the editor layer
 * never maps a model to find it.
 *
 * @param vm          the VM's name
 * @param profile     the profile
 * @param type        the VM's type ({@link VmType#DEFAULT} when no report knows the VM)
 * @param description e.g. "Linux 6.18 x86_64 + no_direct_map v12"
 * @param source      where the answer comes from
 */
public record VmProfile(String vm, KernelProfile profile, VmType type, String description, Source source) {

    /** Where a VM's profile comes from, in the order they are asked. */
    public enum Source {
        /** The report of a check in which the engine ran over the VM. */
        REPORT,
        /** No report knows the VM: the editor's default kernel profile setting. */
        SETTING,
        /** No report knows the VM and no (valid) setting: the engine's built-in default. */
        ENGINE_DEFAULT
    }

    /** What {@code report} says of {@code vm}'s profile, if the engine ran over that VM. */
    public static Optional<VmProfile> inReport(Report report, String vm) {
        return report == null ? Optional.empty() : in(report.profiles(), vm);
    }

    /** What a report's {@code profiles} say of {@code vm}, if they name it. */
    public static Optional<VmProfile> in(List<Report.ResolvedProfile> profiles, String vm) {
        return profiles.stream().filter(p -> p.vm().equals(vm)).findFirst()
                .map(p -> new VmProfile(vm, p.profile(), p.type(), p.description(), Source.REPORT));
    }

    /**
     * The profile of {@code vm}: what the latest report says of it; when no report knows the VM (the
     * engine has not run over the file, e.g. it has had a syntax error since it was opened, or the VM is
     * new), the editor's default kernel profile setting; without a valid setting, the engine's default.
     *
     * @param latest  the profiles of the latest report of the file ({@link LatestProfiles})
     * @param setting the editor's default kernel profile setting ({@code DefaultKernel})
     */
    public static VmProfile of(List<Report.ResolvedProfile> latest, String vm, Optional<KernelDecl> setting) {
        return in(latest, vm).orElseGet(() -> setting.flatMap(KnowledgeBase::resolve)
                .map(p -> new VmProfile(vm, p, VmType.DEFAULT, p.describe(), Source.SETTING))
                .orElseGet(() -> {
                    KernelProfile p = KnowledgeBase.defaultProfile();
                    return new VmProfile(vm, p, VmType.DEFAULT, p.describe(), Source.ENGINE_DEFAULT);
                }));
    }
}
