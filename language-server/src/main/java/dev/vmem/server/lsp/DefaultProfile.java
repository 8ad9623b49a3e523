package dev.vmem.server.lsp;

import dev.vmem.engine.kb.KernelVersion;
import dev.vmem.engine.model.Arch;
import dev.vmem.engine.model.KernelDecl;
import dev.vmem.engine.model.Origin;
import dev.vmem.engine.model.PatchDecl;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code kernel.defaultProfile} setting: the kernel whose semantics apply to VMs that name no
 * {@code kernel} profile. Written like the first line of a hover: a version, optionally an
 * architecture and patches, e.g. {@code 7.0}, {@code 6.18 x86_64} or
 * {@code 6.18 x86_64 + no_direct_map v12 + pfncache_gmem}.
 */
final class DefaultProfile {

    private DefaultProfile() {
    }

    /** The profile, or empty (with the reason) when the text is not one. */
    static Optional<KernelDecl> parse(String text, List<String> problems) {
        String[] words = text.trim().replace("+", " + ").split("\\s+");
        if (words.length == 0 || KernelVersion.parse(words[0]).isEmpty()) {
            problems.add("kernel.defaultProfile: '" + text + "' does not start with a version such as 6.18");
            return Optional.empty();
        }
        Arch arch = Arch.X86_64;
        var patches = new ArrayList<PatchDecl>();
        for (int i = 1; i < words.length; i++) {
            String w = words[i].toLowerCase(Locale.ROOT);
            switch (w) {
                case "+", "linux" -> {
                }
                case "x86_64" -> arch = Arch.X86_64;
                case "arm64" -> arch = Arch.ARM64;
                case "no_direct_map" -> {
                    int revision = 12;
                    if (i + 1 < words.length && words[i + 1].matches("[vV]\\d+")) {
                        revision = Integer.parseInt(words[++i].substring(1));
                    }
                    patches.add(new PatchDecl(PatchDecl.Patch.NO_DIRECT_MAP, revision, Origin.NONE));
                }
                case "pfncache_gmem" -> patches.add(new PatchDecl(PatchDecl.Patch.PFNCACHE_GMEM, 0, Origin.NONE));
                case "secretmem_gup_allowed" ->
                        patches.add(new PatchDecl(PatchDecl.Patch.SECRETMEM_GUP_ALLOWED, 0, Origin.NONE));
                default -> {
                    problems.add("kernel.defaultProfile: '" + words[i] + "' is not an architecture or patch; ignored");
                }
            }
        }
        return Optional.of(new KernelDecl("default", words[0], Origin.NONE, arch, patches, List.of(), List.of(),
                Origin.NONE));
    }
}
