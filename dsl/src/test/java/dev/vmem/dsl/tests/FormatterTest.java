package dev.vmem.dsl.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vmem.dsl.formatting2.VMemFormatting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.resource.XtextResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Formatting: the canonical layout, idempotence, and parse → format → parse keeping tokens, comments and model. */
class FormatterTest {

    private static final VMemFormatting FORMATTING = VMemTestSupport.INJECTOR.getInstance(VMemFormatting.class);

    static List<Path> examples() throws IOException {
        return VMemTestSupport.exampleFiles();
    }

    @Test
    void producesTheCanonicalLayout() {
        String messy = """
                // header


                kernel k {version 6.18   arch x86_64
                  patch no_direct_map v12 // trailing
                }
                vm v { kernel k memory ram : guest_memfd 1GiB flags mmap|init_shared
                map ram shared populate slot 0 gpa 0x0 userspace ram guest_memfd ram
                cpuid - kvmclock uses steal_time ,pv_eoi device net0 :virtio_net via vmm host hibernate,coredump }



                /* block */ scenario s { vm v from scratch step mmap ram shared expect ok step hibernate }
                """;
        assertThat(format(messy)).isEqualTo("""
                // header

                kernel k {
                    version 6.18
                    arch x86_64
                    patch no_direct_map v12 // trailing
                }

                vm v {
                    kernel k
                    memory ram: guest_memfd 1GiB flags mmap | init_shared
                    map ram shared populate
                    slot 0 gpa 0x0 userspace ram guest_memfd ram
                    cpuid -kvmclock
                    uses steal_time, pv_eoi
                    device net0: virtio_net via vmm
                    host hibernate, coredump
                }

                /* block */ scenario s {
                    vm v from scratch
                    step mmap ram shared expect ok
                    step hibernate
                }
                """);
    }

    @Test
    void keepsSingleBlankLinesAndCommentsInsideBlocks() {
        String text = """
                vm v {
                    vcpus 1 // one

                    // about the backing
                    memory ram: anonymous 4K


                    map ram private
                }
                """;
        assertThat(format(text)).isEqualTo("""
                vm v {
                    vcpus 1 // one

                    // about the backing
                    memory ram: anonymous 4K

                    map ram private
                }
                """);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void examplesAreIdempotentAndRoundTrip(Path example) throws IOException {
        assertRoundTrip(Files.readString(example));
    }

    @Property(tries = 200)
    void generatedModelsAreIdempotentAndRoundTrip(@ForAll("sources") String source) {
        assertRoundTrip(source);
    }

    private static void assertRoundTrip(String source) {
        XtextResource original = VMemTestSupport.parse(source);
        assertThat(original.getErrors()).as("the input parses: %s", source).isEmpty();
        String formatted = FORMATTING.format(original);

        XtextResource reparsed = VMemTestSupport.parse(formatted);
        assertThat(reparsed.getErrors()).as("the formatted text parses:%n%s", formatted).isEmpty();
        assertThat(tokens(reparsed, false)).isEqualTo(tokens(original, false));
        assertThat(tokens(reparsed, true)).as("comments").isEqualTo(tokens(original, true));
        EcoreUtil.resolveAll(original);
        EcoreUtil.resolveAll(reparsed);
        assertThat(EcoreUtil.equals(VMemTestSupport.model(reparsed), VMemTestSupport.model(original)))
                .as("same model").isTrue();
        assertThat(FORMATTING.format(reparsed)).as("idempotent").isEqualTo(formatted);
    }

    private static String format(String text) {
        XtextResource resource = VMemTestSupport.parse(text);
        assertThat(resource.getErrors()).isEmpty();
        return FORMATTING.format(resource);
    }

    /** The texts of the semantic tokens, or of the comments (each line without surrounding blanks). */
    private static List<String> tokens(XtextResource resource, boolean comments) {
        List<String> result = new ArrayList<>();
        for (ILeafNode leaf : resource.getParseResult().getRootNode().getLeafNodes()) {
            boolean comment = leaf.isHidden() && leaf.getText().trim().startsWith("/");
            if (comments ? comment : !leaf.isHidden()) {
                // The formatter re-indents the continuation lines of block comments.
                result.add(leaf.getText().strip().lines().map(String::strip).reduce((a, b) -> a + "\n" + b).orElse(""));
            }
        }
        return result;
    }

    // ------------------------------------------------------------------ generated sources

    @Provide
    Arbitrary<String> sources() {
        Arbitrary<List<String>> kernel = Combinators.combine(
                Arbitraries.of("6.18", "7.0", "6.1.55"), Arbitraries.of("x86_64", "arm64"),
                Arbitraries.of(List.<String>of(), List.of("patch", "no_direct_map", "v9"), List.of("patch", "pfncache_gmem"),
                        List.of("param", "secretmem.enable", "on"), List.of("feature", "linear_map_4k")))
                .as((version, arch, extra) -> {
                    List<String> t = new ArrayList<>(List.of("kernel", "k", "{", "version", version, "arch", arch));
                    t.addAll(extra);
                    t.add("}");
                    return t;
                });
        Arbitrary<List<String>> vm = Combinators.combine(
                Arbitraries.of("anonymous", "memfd", "memfd_secret", "guest_memfd"),
                Arbitraries.of("4KiB", "0x1_0000", "2M", "1GiB"),
                Arbitraries.of(List.<String>of(), List.of("flags", "mmap"), List.of("flags", "mmap", "|", "init_shared")),
                Arbitraries.of(List.of("cpuid", "-", "kvmclock"), List.of("uses", "steal_time", ",", "pv_eoi"),
                        List.of("device", "d", ":", "virtio_blk", "via", "o_direct"), List.of("host", "ptrace")))
                .as((kind, size, flags, extra) -> {
                    List<String> t = new ArrayList<>(List.of("vm", "v", "{", "kernel", "k", "memory", "ram", ":", kind, size));
                    t.addAll(flags);
                    t.addAll(List.of("map", "ram", "shared", "slot", "0", "gpa", "0x0", "userspace", "ram"));
                    t.addAll(extra);
                    t.add("}");
                    return t;
                });
        Arbitrary<List<String>> scenario = Arbitraries.of(
                List.of("scenario", "s", "{", "vm", "v", "step", "touch", "ram", "write", "expect", "ok", "}"),
                List.of("scenario", "s", "{", "vm", "v", "from", "scratch", "step", "gup", "ram", "fast", "longterm",
                        "step", "fallocate", "ram", "punch_hole", "offset", "0", "len", "4KiB", "expect", "einval", "}"));
        Arbitrary<List<String>> tokens = Combinators.combine(kernel, vm, scenario).as((k, v, s) -> {
            List<String> all = new ArrayList<>(k);
            all.addAll(v);
            all.addAll(s);
            return all;
        });
        Arbitrary<String> separator = Arbitraries.of(" ", "  ", "\t", "\n", "\n\n", "\n\n\n", " /* note */ ",
                "/*x*/", " // note\n", "\n// line\n\n", "\n  /* a\n  b */\n");
        return tokens.flatMap(list -> separator.list().ofSize(list.size() + 1).map(seps -> {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < list.size(); i++) {
                text.append(seps.get(i)).append(list.get(i));
            }
            return text.append(seps.get(list.size())).toString();
        }));
    }
}
