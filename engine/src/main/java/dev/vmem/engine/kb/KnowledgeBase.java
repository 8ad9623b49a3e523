package dev.vmem.engine.kb;

import dev.vmem.engine.model.Arch;
import dev.vmem.engine.model.ConfigDecl;
import dev.vmem.engine.model.KernelDecl;
import dev.vmem.engine.model.ParamDecl;
import dev.vmem.engine.model.PatchDecl;
import dev.vmem.engine.model.FeatureDecl;
import java.util.List;
import java.util.Optional;

/**
 * Maps a declared kernel profile to the {@link KernelProfile} whose behaviours the engine applies.
 * Versions resolve to the nearest known version that is not newer (a kernel lacks what arrived after
 * it); a version older than all known ones uses the oldest.
 */
public final class KnowledgeBase {

    /**
     * The mainline versions whose behaviour the fact sheet pins down (kernel-facts.md §10.5 for
     * 6.19–7.3; docs/kernel-profiles.md lists what changed in each).
     */
    public static final List<KernelVersion> KNOWN_VERSIONS = List.of(KernelVersion.of(5, 10), KernelVersion.of(5, 14),
            KernelVersion.of(5, 15), KernelVersion.of(6, 1), KernelVersion.of(6, 5), KernelVersion.of(6, 6),
            KernelVersion.of(6, 8), KernelVersion.of(6, 9), KernelVersion.of(6, 10), KernelVersion.of(6, 11),
            KernelVersion.of(6, 12), KernelVersion.of(6, 16), KernelVersion.of(6, 18), KernelVersion.of(6, 19),
            KernelVersion.of(7, 0), KernelVersion.of(7, 1), KernelVersion.of(7, 2), KernelVersion.of(7, 3));

    /** Revisions of the no_direct_map series that change behaviour; others map to the nearest older one. */
    public static final List<Integer> NO_DIRECT_MAP_REVISIONS = List.of(9, 10, 12);

    private KnowledgeBase() {
    }

    /** The newest known mainline version on x86_64, used when a VM names no kernel. */
    public static KernelProfile defaultProfile() {
        var newest = KNOWN_VERSIONS.get(KNOWN_VERSIONS.size() - 1);
        return new KernelProfile("", newest, newest, true, Arch.X86_64, 0, false, false, Optional.empty(),
                Optional.empty(), false, false, java.util.Map.of(), 0, 0, 0, java.util.Map.of());
    }

    /** The nearest known version not newer than {@code v} (the oldest known one if {@code v} is older still). */
    public static KernelVersion nearestKnown(KernelVersion v) {
        var series = v.series();
        KernelVersion best = KNOWN_VERSIONS.get(0);
        for (var k : KNOWN_VERSIONS) {
            if (k.compareTo(series) <= 0) {
                best = k;
            }
        }
        return best;
    }

    public static boolean isKnown(KernelVersion v) {
        return KNOWN_VERSIONS.contains(v.series());
    }

    /** The effective no_direct_map revision for a declared one (v11 behaves as v10, below 9 as 9). */
    public static int effectiveNoDirectMapRevision(int declared) {
        int best = NO_DIRECT_MAP_REVISIONS.get(0);
        for (int r : NO_DIRECT_MAP_REVISIONS) {
            if (r <= declared) {
                best = r;
            }
        }
        return best;
    }

    /**
     * Resolves a declaration. An unparsable version yields empty; the caller reports it (the DSL
     * rejects such versions before the engine runs).
     */
    public static Optional<KernelProfile> resolve(KernelDecl decl) {
        return KernelVersion.parse(decl.version()).map(declared -> {
            int ndm = 0;
            int ndmDeclared = 0;
            boolean pfncache = false;
            boolean gupAllowed = false;
            for (PatchDecl p : decl.patches()) {
                switch (p.patch()) {
                    case NO_DIRECT_MAP -> {
                        ndmDeclared = p.revision() == 0 ? 12 : p.revision();
                        ndm = effectiveNoDirectMapRevision(ndmDeclared);
                    }
                    case PFNCACHE_GMEM -> pfncache = true;
                    case SECRETMEM_GUP_ALLOWED -> gupAllowed = true;
                }
            }
            Optional<Boolean> secretmem = Optional.empty();
            Optional<Boolean> tlbFlush = Optional.empty();
            var kvmParams = new java.util.EnumMap<ParamDecl.Param, Boolean>(ParamDecl.Param.class);
            for (ParamDecl p : decl.params()) {
                switch (p.param()) {
                    case SECRETMEM_ENABLE -> secretmem = Optional.of(p.enabled());
                    case GUEST_MEMFD_TLB_FLUSH -> tlbFlush = Optional.of(p.enabled());
                    case EPT, NPT, TDP_MMU -> kvmParams.put(p.param(), p.enabled());
                }
            }
            boolean fwb = false;
            boolean lm4k = false;
            for (FeatureDecl f : decl.features()) {
                switch (f.feature()) {
                    case STAGE2_FWB -> fwb = true;
                    case LINEAR_MAP_4K -> lm4k = true;
                }
            }
            var configs = new java.util.EnumMap<ConfigDecl.Option, Boolean>(ConfigDecl.Option.class);
            for (ConfigDecl c : decl.configs()) {
                configs.put(c.option(), c.enabled());
            }
            return new KernelProfile(decl.name(), declared, nearestKnown(declared), isKnown(declared), decl.arch(),
                    ndm, pfncache, gupAllowed, secretmem, tlbFlush, fwb, lm4k, configs, decl.physBits(), decl.ipaBits(),
                    ndmDeclared, kvmParams);
        });
    }
}
