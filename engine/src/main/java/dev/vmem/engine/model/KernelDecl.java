package dev.vmem.engine.model;

import java.util.List;
import java.util.Objects;

/**
 * A kernel profile: the mainline version whose semantics apply, the architecture, out-of-tree
 * patches, kernel parameters and CPU / linear-map features.
 *
 * @param name     the profile's name
 * @param version  the version as written, e.g. {@code "6.18"} or {@code "5.15.154"}
 * @param versionOrigin where the version is written
 * @param arch     host architecture
 * @param patches  out-of-tree patch series applied on top of the version
 * @param params   kernel parameters set explicitly (unset ones keep the version's default)
 * @param features CPU and linear-map facts of the host (arm64: stage2_fwb, linear_map_4k)
 * @param origin   the whole declaration
 * @param configs  build options stated explicitly (unstated ones are unknown)
 * @param physBits x86 host physical-address width (MAXPHYADDR), 0 when not stated
 * @param ipaBits  arm64 IPA size of the VM, 0 when not stated (type 0 VMs get 40)
 */
public record KernelDecl(String name, String version, Origin versionOrigin, Arch arch, List<PatchDecl> patches,
        List<ParamDecl> params, List<FeatureDecl> features, Origin origin, List<ConfigDecl> configs, int physBits,
        int ipaBits) {

    /** A declaration without build options or address widths. */
    public KernelDecl(String name, String version, Origin versionOrigin, Arch arch, List<PatchDecl> patches,
            List<ParamDecl> params, List<FeatureDecl> features, Origin origin) {
        this(name, version, versionOrigin, arch, patches, params, features, origin, List.of(), 0, 0);
    }

    public KernelDecl {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(arch, "arch");
        versionOrigin = versionOrigin == null ? Origin.NONE : versionOrigin;
        patches = List.copyOf(patches);
        params = List.copyOf(params);
        features = List.copyOf(features);
        origin = origin == null ? Origin.NONE : origin;
        configs = configs == null ? List.of() : List.copyOf(configs);
    }

    /** A profile with no patches, parameters or features. */
    public static KernelDecl mainline(String name, String version, Arch arch) {
        return new KernelDecl(name, version, Origin.named(name + ".version"), arch, List.of(), List.of(), List.of(),
                Origin.named(name));
    }

    /** A copy with one more patch. */
    public KernelDecl withPatch(PatchDecl patch) {
        return new KernelDecl(name, version, versionOrigin, arch, plus(patches, patch), params, features, origin,
                configs, physBits, ipaBits);
    }

    /** A copy with one more parameter. */
    public KernelDecl withParam(ParamDecl param) {
        return new KernelDecl(name, version, versionOrigin, arch, patches, plus(params, param), features, origin,
                configs, physBits, ipaBits);
    }

    /** A copy with one more feature. */
    public KernelDecl withFeature(FeatureDecl feature) {
        return new KernelDecl(name, version, versionOrigin, arch, patches, params, plus(features, feature), origin,
                configs, physBits, ipaBits);
    }

    /** A copy with one more build option. */
    public KernelDecl withConfig(ConfigDecl config) {
        return new KernelDecl(name, version, versionOrigin, arch, patches, params, features, origin,
                plus(configs, config), physBits, ipaBits);
    }

    /** A copy with the x86 MAXPHYADDR and arm64 IPA size set. */
    public KernelDecl withAddressBits(int phys, int ipa) {
        return new KernelDecl(name, version, versionOrigin, arch, patches, params, features, origin, configs, phys, ipa);
    }

    /** The list with one more element at the end. */
    private static <T> List<T> plus(List<T> list, T element) {
        var more = new java.util.ArrayList<T>(list);
        more.add(element);
        return more;
    }
}
