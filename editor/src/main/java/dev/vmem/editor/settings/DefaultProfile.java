package dev.vmem.editor.settings;

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
 * The default kernel profile setting (VS Code's and any LSP client's {@code kernel.defaultProfile},
 * Eclipse's preference): the kernel whose semantics apply to VMs that name no {@code kernel} profile.
 * One grammar for every editor, written like the first line of a hover:
 *
 * <pre>
 * profile  = ["version"] VERSION { ["arch"] ("x86_64" | "arm64")
 *                                | ["patch"] ("no_direct_map" ["v" N] | "pfncache_gmem" | "secretmem_gup_allowed")
 *                                | "+" | "linux" }
 * </pre>
 *
 * e.g. {@code 7.0}, {@code 6.18 x86_64}, {@code 6.18 x86_64 + no_direct_map v12 + pfncache_gmem}, or the
 * same words as a kernel block's body ({@code version 6.18 arch x86_64 patch no_direct_map v12}).
 * {@code no_direct_map} without a revision is v12. Words are separated by white space; case does not
 * matter.
 */
public final class DefaultProfile {

    /**
     * What a setting's text gives.
     *
     * @param kernel   the profile, empty when the text does not start with a version
     * @param problems what was wrong, one sentence each (a word that is not part of the grammar is
     *                 ignored with a problem; the profile of the other words stands)
     */
    public record Parsed(Optional<KernelDecl> kernel, List<String> problems) {
        public Parsed {
            problems = List.copyOf(problems);
        }

        /** The profile when the text had no problem at all (a preference field's validation). */
        public Optional<KernelDecl> strict() {
            return problems.isEmpty() ? kernel : Optional.empty();
        }
    }

    private DefaultProfile() {
    }

    /** Reads a setting's text. */
    public static Parsed parse(String text) {
        var problems = new ArrayList<String>();
        Optional<KernelDecl> kernel = parse(text, problems);
        return new Parsed(kernel, problems);
    }

    /** The profile, or empty (with the reason) when the text is not one; problems are added to {@code problems}. */
    public static Optional<KernelDecl> parse(String text, List<String> problems) {
        String[] words = text.trim().replace("+", " + ").split("\\s+");
        int first = words.length > 0 && words[0].equalsIgnoreCase("version") ? 1 : 0;
        if (words.length <= first || KernelVersion.parse(words[first]).isEmpty()) {
            problems.add("kernel.defaultProfile: '" + text + "' does not start with a version such as 6.18");
            return Optional.empty();
        }
        Arch arch = Arch.X86_64;
        var patches = new ArrayList<PatchDecl>();
        for (int i = first + 1; i < words.length; i++) {
            String w = words[i].toLowerCase(Locale.ROOT);
            switch (w) {
                case "+", "linux", "arch", "patch" -> {
                }
                case "x86_64" -> arch = Arch.X86_64;
                case "arm64" -> arch = Arch.ARM64;
                case "no_direct_map" -> {
                    int revision = 12;
                    if (i + 1 < words.length && words[i + 1].matches("[vV]\\d{1,6}")) {
                        revision = Integer.parseInt(words[++i].substring(1));
                    }
                    patches.add(new PatchDecl(PatchDecl.Patch.NO_DIRECT_MAP, revision, Origin.NONE));
                }
                case "pfncache_gmem" -> patches.add(new PatchDecl(PatchDecl.Patch.PFNCACHE_GMEM, 0, Origin.NONE));
                case "secretmem_gup_allowed" ->
                        patches.add(new PatchDecl(PatchDecl.Patch.SECRETMEM_GUP_ALLOWED, 0, Origin.NONE));
                default -> problems.add("kernel.defaultProfile: '" + words[i] + "' is not an architecture or patch; ignored");
            }
        }
        return Optional.of(new KernelDecl("default", words[first], Origin.NONE, arch, patches, List.of(), List.of(),
                Origin.NONE));
    }
}
