package dev.vmem.server.lsp;

import static dev.vmem.server.lsp.LspFixture.code;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vmem.testing.Samples;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.Diagnostic;
import org.junit.jupiter.api.Test;

/**
 * Quick fixes keyed by code. Each test compares the whole text after the edit; the file on disk never
 * changes (the server only proposes edits).
 */
@LspFixture.Server
class CodeActionTest {

    private final LspFixture server;

    CodeActionTest(LspFixture server) {
        this.server = server;
    }

    /** The edits the quick fixes for {@code code} make, each as the documents' texts after it. */
    List<Map<String, String>> fixes(String uri, String code) throws Exception {
        var diagnostics = server.diagnostics(uri).stream().filter(d -> code.equals(code(d))).toList();
        assertThat(diagnostics).as("diagnostics with code " + code).isNotEmpty();
        var out = new ArrayList<Map<String, String>>();
        for (Diagnostic d : diagnostics) {
            var params = new CodeActionParams(LspFixture.doc(uri), d.getRange(), new CodeActionContext(List.of(d)));
            for (var action : server.server.getTextDocumentService().codeAction(params).get()) {
                CodeAction a = action.getRight();
                assertThat(a.getKind()).isEqualTo(CodeActionKind.QuickFix);
                assertThat(a.getDiagnostics()).containsExactly(d);
                out.add(server.apply(a.getEdit()));
            }
        }
        return out;
    }

    String open(String text) throws Exception {
        return server.openNew(text);
    }

    /** {@code text} opened, after each quick fix for {@code code} (the texts of the file itself). */
    List<String> fixedTexts(String text, String code) throws Exception {
        String uri = open(text);
        return fixes(uri, code).stream().map(r -> r.get(uri)).toList();
    }

    static final String SECRET = """
            kernel linux_6_8 {
                version 6.8
            }

            """ + Samples.SECRET_VM;

    @Test
    void pfncacheHideKvmclockOrPatchTheKernelOrUseGuestMemfd() throws Exception {
        String uri = open(SECRET);
        var results = fixes(uri, "pfncache-unmapped-pfn");
        assertThat(results).extracting(r -> r.get(uri)).containsExactly(
                SECRET.replace("    clock kvmclock\n", "    clock kvmclock\n    cpuid -kvmclock\n"),
                SECRET.replace("    version 6.8\n", "    version 6.8\n    patch pfncache_gmem\n"),
                SECRET.replace("memory ram: memfd_secret 256MiB",
                                "memory ram: guest_memfd 256MiB flags mmap | init_shared | no_direct_map")
                        .replace("userspace ram\n", "userspace ram guest_memfd ram\n"));
        assertThat(Files.readString(Path.of(java.net.URI.create(uri)), StandardCharsets.UTF_8))
                .as("the file on disk").isEqualTo(SECRET);
    }

    @Test
    void gupOnSecretMemoryBecomesABoundNoDirectMapGuestMemfd() throws Exception {
        String text = SECRET.replace("userspace ram", "userspace ram offset 0x0");
        assertThat(fixedTexts(text, "gup-on-secret-memory")).containsExactly(
                text.replace("memory ram: memfd_secret 256MiB",
                                "memory ram: guest_memfd 256MiB flags mmap | init_shared | no_direct_map")
                        .replace("userspace ram offset 0x0", "userspace ram offset 0x0 guest_memfd ram offset 0x0"));
    }

    @Test
    void theKernelProfileFixEditsTheImportedFileThatDeclaresIt() throws Exception {
        server.write("kernels/k.vmem", "kernel linux_6_8 {\n    version 6.8\n}\n");
        String text = "import \"kernels/k.vmem\"\n\n" + SECRET.substring(SECRET.indexOf("vm fc_secret"));
        String uri = open(text);
        var results = fixes(uri, "pfncache-unmapped-pfn");
        assertThat(results).anySatisfy(r -> assertThat(r).containsOnlyKeys(server.uri("kernels/k.vmem"))
                .containsValue("kernel linux_6_8 {\n    version 6.8\n    patch pfncache_gmem\n}\n"));
    }

    @Test
    void dropAFlagTheVmIsNotOffered() throws Exception {
        String text = """
                kernel k {
                    version 7.0
                }
                vm v {
                    kernel k
                    type sw_protected
                    memory ram: guest_memfd 64MiB flags mmap | init_shared
                }
                """;
        assertThat(fixedTexts(text, "gmem-flag-unsupported"))
                .containsExactly(text.replace("flags mmap | init_shared", "flags mmap"));
    }

    @Test
    void dropTheOnlyFlagTheKernelLacks() throws Exception {
        String text = """
                vm v {
                    memory ram: guest_memfd 64MiB flags no_direct_map
                }
                """;
        assertThat(fixedTexts(text, "kernel-feature-missing"))
                .containsExactly(text.replace(" flags no_direct_map", ""));
    }

    @Test
    void dropNoDirectMapFromATrustDomain() throws Exception {
        String text = """
                kernel k {
                    version 6.18
                    patch no_direct_map v10
                }
                vm td {
                    kernel k
                    type tdx
                    memory ram: guest_memfd 1GiB flags no_direct_map | mmap
                }
                """;
        assertThat(fixedTexts(text, "td-no-direct-map-gmem"))
                .containsExactly(text.replace("flags no_direct_map | mmap", "flags mmap"));
    }

    @Test
    void mapItShared() throws Exception {
        String text = """
                vm v {
                    memory s: memfd_secret 64MiB
                    map s private
                }
                """;
        assertThat(fixedTexts(text, "shared-mapping-required"))
                .containsExactly(text.replace("map s private", "map s shared"));
    }

    @Test
    void addTheMmapFlag() throws Exception {
        String text = """
                vm v {
                    memory g: guest_memfd 64MiB
                    map g shared
                }
                """;
        assertThat(fixedTexts(text, "gmem-mmap-unsupported"))
                .containsExactly(text.replace("guest_memfd 64MiB", "guest_memfd 64MiB flags mmap"));
    }

    @Test
    void expectWhatTheKernelDoes() throws Exception {
        String text = SECRET + """

                scenario boot {
                    vm fc_secret
                    step pfncache kvmclock gpa 0x1000 expect oops
                }
                """;
        assertThat(fixedTexts(text, "expectation-failed"))
                .containsExactly(text.replace("expect oops", "expect silent"));
    }

    @Test
    void noQuickFixesWhenOnlyOtherKindsAreAsked() throws Exception {
        String uri = open(SECRET);
        Diagnostic d = server.diagnostics(uri).stream().filter(x -> "pfncache-unmapped-pfn".equals(code(x)))
                .findFirst().orElseThrow();
        var context = new CodeActionContext(List.of(d), List.of(CodeActionKind.Refactor));
        assertThat(server.server.getTextDocumentService()
                .codeAction(new CodeActionParams(LspFixture.doc(uri), d.getRange(), context)).get()).isEmpty();
    }
}
