package dev.vmem.server.lsp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionParams;
import org.junit.jupiter.api.Test;

/**
 * Completion: keywords, names, sizes, versions, and only the flags, VM types and backings the VM's
 * profile offers. The profile is the one the latest engine report of the file names (what the hover
 * shows); a file the engine has not run over since it was opened gets the default profile setting.
 */
@LspFixture.Server
class CompletionTest {

    private final LspFixture server;

    CompletionTest(LspFixture server) {
        this.server = server;
    }

    /** The labels offered at the single {@code <|>} of {@code marked}, in a file opened as it is. */
    List<String> labels(String marked) throws Exception {
        return labels(server, marked, null);
    }

    /**
     * The labels offered at the single {@code <|>} of {@code marked}, typed into a file that was checked
     * with {@code typedOver} at the cursor (so the engine's report of the file knows the VM's profile).
     */
    List<String> labels(String marked, String typedOver) throws Exception {
        return labels(server, marked, typedOver);
    }

    static List<String> labels(LspFixture server, String marked, String typedOver) throws Exception {
        var m = Marked.parse(marked);
        String uri;
        if (typedOver == null) {
            uri = server.openNew(m.text());
        } else {
            uri = server.openNew(marked.replace("<|>", typedOver));
            server.diagnostics(uri);
            server.change(uri, m.text());
        }
        var result = server.server.getTextDocumentService()
                .completion(new CompletionParams(LspFixture.doc(uri), m.position(0))).get();
        List<CompletionItem> items = result.isLeft() ? result.getLeft() : result.getRight().getItems();
        server.close(uri);
        return items.stream().map(CompletionItem::getLabel).toList();
    }

    @Test
    void keywordsWhereAVmMemberGoes() throws Exception {
        assertThat(labels("""
                vm v {
                    <|>
                }
                """)).contains("memory", "map", "slot", "kernel", "type", "clock", "cpuid", "device", "uses", "host");
    }

    @Test
    void sizesWhereASizeGoes() throws Exception {
        assertThat(labels("vm v {\n    memory ram: memfd <|>\n}\n")).contains("4KiB", "2MiB", "1GiB");
        assertThat(labels("vm v {\n    memory ram: memfd 1GiB hugetlb <|>\n}\n")).contains("2MiB", "1GiB")
                .doesNotContain("4KiB");
    }

    @Test
    void knownKernelVersions() throws Exception {
        assertThat(labels("kernel k {\n    version <|>\n}\n")).contains("7.0", "6.18", "6.8", "5.14");
    }

    @Test
    void backingNamesInScope() throws Exception {
        assertThat(labels("""
                vm v {
                    memory ram: memfd 1GiB
                    memory shared: anonymous 1GiB
                    slot 0 gpa 0x0 userspace <|>
                }
                """)).contains("ram", "shared");
    }

    @Test
    void onlyTheGuestMemfdFlagsTheProfileOffers() throws Exception {
        String kernel = "kernel k {\n    version 6.18\n%s}\n";
        String vm = "vm v {\n    kernel k\n%s    memory g: guest_memfd 1GiB flags <|>\n}\n";
        // mainline 6.18: MMAP and INIT_SHARED, no NO_DIRECT_MAP (the series is not merged)
        assertThat(labels(kernel.formatted("") + vm.formatted(""), "mmap")).contains("mmap", "init_shared")
                .doesNotContain("no_direct_map");
        // with the series
        assertThat(labels(kernel.formatted("    patch no_direct_map v12\n") + vm.formatted(""), "mmap"))
                .contains("mmap", "init_shared", "no_direct_map");
        // a VM with private memory gets no INIT_SHARED; v10 and later refuse NO_DIRECT_MAP to TDX
        assertThat(labels(kernel.formatted("    patch no_direct_map v10\n") + vm.formatted("    type tdx\n"), "mmap"))
                .contains("mmap").doesNotContain("init_shared", "no_direct_map");
        // v9 still offers it to TDX
        assertThat(labels(kernel.formatted("    patch no_direct_map v9\n") + vm.formatted("    type tdx\n"), "mmap"))
                .contains("mmap", "no_direct_map").doesNotContain("init_shared");
    }

    @Test
    void onlyTheVmTypesTheKernelHas() throws Exception {
        assertThat(labels("kernel k {\n    version 6.8\n}\nvm v {\n    kernel k\n    type <|>\n}\n", "default"))
                .contains("default", "sw_protected").doesNotContain("sev", "sev_es", "snp", "tdx");
        assertThat(labels("kernel k {\n    version 6.16\n}\nvm v {\n    kernel k\n    type <|>\n}\n", "default"))
                .contains("default", "sw_protected", "sev", "sev_es", "snp", "tdx");
        assertThat(labels("kernel k {\n    version 6.18\n    arch arm64\n}\nvm v {\n    kernel k\n    type <|>\n}\n",
                "default")).contains("default").doesNotContain("sw_protected", "tdx");
    }

    @Test
    void onlyTheBackingsTheKernelHas() throws Exception {
        assertThat(labels("kernel k {\n    version 5.10\n}\nvm v {\n    kernel k\n    memory ram: <|>\n}\n",
                "anonymous 4KiB")).contains("anonymous", "memfd", "file").doesNotContain("guest_memfd", "memfd_secret");
        assertThat(labels("kernel k {\n    version 6.18\n}\nvm v {\n    kernel k\n    memory ram: <|>\n}\n",
                "anonymous 4KiB")).contains("anonymous", "memfd", "memfd_secret", "guest_memfd");
    }

    @Test
    void theDefaultProfileSettingDecidesForVmsWithoutKernel() throws Exception {
        try (var f = LspFixture.start("{\"kernel\": {\"defaultProfile\": \"6.8\"}}")) {
            assertThat(labels(f, "vm v {\n    memory g: guest_memfd 1GiB flags <|>\n}\n", null))
                    .doesNotContain("mmap", "init_shared", "no_direct_map");
            // the engine's report says the same (it ran with the setting)
            assertThat(labels(f, "vm v {\n    memory g: guest_memfd 1GiB flags <|>\n}\n", "mmap"))
                    .doesNotContain("mmap", "init_shared", "no_direct_map");
        }
    }

    @Test
    void withoutAReportTheSettingDecidesEvenForAVmThatNamesAProfile() throws Exception {
        // opened while it does not parse: the engine has not run over the file, so the VM's kernel block is
        // not read; the setting (none here: the engine's default, mainline without the series) decides
        String marked = "kernel k {\n    version 6.18\n    patch no_direct_map v12\n}\n"
                + "vm v {\n    kernel k\n    memory g: guest_memfd 1GiB flags <|>\n}\n";
        assertThat(labels(marked)).contains("mmap").doesNotContain("no_direct_map");
        // once the engine has run over it, the VM's profile decides
        assertThat(labels(marked, "mmap")).contains("mmap", "no_direct_map");
    }
}
