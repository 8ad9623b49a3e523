package dev.vmem.server.lsp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionParams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Completion: keywords, names, sizes, versions, and only the flags, VM types and backings the profile offers. */
class CompletionTest {

    private static LspFixture server;
    private static final AtomicInteger FILES = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        server = LspFixture.start(null);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    /** The labels offered at the single {@code <|>} of {@code marked}. */
    static List<String> labels(String marked) throws Exception {
        var m = Marked.parse(marked);
        String uri = server.open("complete" + FILES.incrementAndGet() + ".vmem", m.text());
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
        assertThat(labels(kernel.formatted("") + vm.formatted(""))).contains("mmap", "init_shared")
                .doesNotContain("no_direct_map");
        // with the series
        assertThat(labels(kernel.formatted("    patch no_direct_map v12\n") + vm.formatted("")))
                .contains("mmap", "init_shared", "no_direct_map");
        // a VM with private memory gets no INIT_SHARED; v10 and later refuse NO_DIRECT_MAP to TDX
        assertThat(labels(kernel.formatted("    patch no_direct_map v10\n") + vm.formatted("    type tdx\n")))
                .contains("mmap").doesNotContain("init_shared", "no_direct_map");
        // v9 still offers it to TDX
        assertThat(labels(kernel.formatted("    patch no_direct_map v9\n") + vm.formatted("    type tdx\n")))
                .contains("mmap", "no_direct_map").doesNotContain("init_shared");
    }

    @Test
    void onlyTheVmTypesTheKernelHas() throws Exception {
        assertThat(labels("kernel k {\n    version 6.8\n}\nvm v {\n    kernel k\n    type <|>\n}\n"))
                .contains("default", "sw_protected").doesNotContain("sev", "sev_es", "snp", "tdx");
        assertThat(labels("kernel k {\n    version 6.16\n}\nvm v {\n    kernel k\n    type <|>\n}\n"))
                .contains("default", "sw_protected", "sev", "sev_es", "snp", "tdx");
        assertThat(labels("kernel k {\n    version 6.18\n    arch arm64\n}\nvm v {\n    kernel k\n    type <|>\n}\n"))
                .contains("default").doesNotContain("sw_protected", "tdx");
    }

    @Test
    void onlyTheBackingsTheKernelHas() throws Exception {
        assertThat(labels("kernel k {\n    version 5.10\n}\nvm v {\n    kernel k\n    memory ram: <|>\n}\n"))
                .contains("anonymous", "memfd", "file").doesNotContain("guest_memfd", "memfd_secret");
        assertThat(labels("kernel k {\n    version 6.18\n}\nvm v {\n    kernel k\n    memory ram: <|>\n}\n"))
                .contains("anonymous", "memfd", "memfd_secret", "guest_memfd");
    }

    @Test
    void theDefaultProfileSettingDecidesForVmsWithoutKernel() throws Exception {
        try (var f = LspFixture.start("{\"kernel\": {\"defaultProfile\": \"6.8\"}}")) {
            var m = Marked.parse("vm v {\n    memory g: guest_memfd 1GiB flags <|>\n}\n");
            String uri = f.open("default.vmem", m.text());
            var result = f.server.getTextDocumentService()
                    .completion(new CompletionParams(LspFixture.doc(uri), m.position(0))).get();
            assertThat(result.getRight().getItems()).extracting(CompletionItem::getLabel)
                    .doesNotContain("mmap", "init_shared", "no_direct_map");
        }
    }
}
