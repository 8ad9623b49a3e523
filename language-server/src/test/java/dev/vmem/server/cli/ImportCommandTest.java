package dev.vmem.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vmem.importers.ImportOptions;
import dev.vmem.importers.ImportResult;
import dev.vmem.importers.SourcePosition;
import dev.vmem.importers.VmmFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code vmem import}, {@code vmem check --from} and {@code vmem kernel --host} end to end: over the
 * importers' corpus, importing then checking gives the findings checking directly gives, each placed
 * on the original line its construct came from; bad input is one error with a position, exit 2, and
 * nothing written.
 */
class ImportCommandTest {

    private static final Path ROOT = CliRunner.repositoryRoot();
    private static final Path CORPUS = ROOT.resolve("importers/src/test/resources/corpus");
    private static final Path BAD = ROOT.resolve("importers/src/test/resources/bad");
    private static final Set<String> IMPORT_CODES = Set.of("import-not-modelled", "import-default-kernel", "vmm-refuses",
            "host-kernel-unknown");

    @TempDir
    Path temp;

    static Stream<Path> corpus() throws IOException {
        try (Stream<Path> s = Files.walk(CORPUS)) {
            return s.filter(Files::isRegularFile).sorted().toList().stream();
        }
    }

    private static String format(Path file) {
        return file.getParent().getFileName().toString();
    }

    private record F(String code, String severity, String message, int line, String pointer) {
    }

    private static List<F> findings(String json) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json);
        var list = new ArrayList<F>();
        for (JsonNode f : root.get("files").get(0).get("findings")) {
            list.add(new F(f.get("code").asText(), f.get("severity").asText(), f.get("message").asText(),
                    f.get("line").asInt(), f.has("pointer") ? f.get("pointer").asText() : null));
        }
        return list;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void importThenCheckEqualsCheckDirectly(Path file) throws Exception {
        String fmt = format(file);
        Path out = temp.resolve("imported.vmem");
        var imported = CliRunner.run(ROOT, "import", "--from", fmt, file.toString(), "-o", out.toString());
        assertThat(imported.exitCode()).as(imported.err()).isZero();

        var direct = CliRunner.run(ROOT, "check", "--format", "json", "--fail-on", "never", out.toString());
        JsonNode directRoot = new ObjectMapper().readTree(direct.out());
        assertThat(directRoot.get("files").get(0).get("status").asText()).as("the generated text parses and is sound: %s", direct.out())
                .isEqualTo("checked");
        List<F> directFindings = findings(direct.out());
        assertThat(directFindings).extracting(F::code).as("the language accepts the generated text")
                .doesNotContain("syntax-error", "structure", "unresolved-reference", "duplicate-name");

        var from = CliRunner.run(ROOT, "check", "--from", fmt, "--format", "json", "--fail-on", "never", file.toString());
        assertThat(from.exitCode()).as(from.err() + from.out()).isZero();
        List<F> fromFindings = findings(from.out());

        ImportResult result = VmmFormat.byKeyword(fmt).orElseThrow().importer()
                .read(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8), ImportOptions.defaults());
        var expected = new ArrayList<F>();
        for (F f : directFindings) {
            SourcePosition p = result.origin(f.line());
            expected.add(new F(f.code(), f.severity(), f.message(), p.line(), p.pointer().isEmpty() ? null : p.pointer()));
        }
        assertThat(fromFindings.stream().filter(f -> !IMPORT_CODES.contains(f.code())).toList())
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(fromFindings).extracting(F::code).contains("import-default-kernel");
    }

    @Test
    void checkFromExitsWithFindingsAndPlacesThemInTheConfig() throws Exception {
        Path file = CORPUS.resolve("firecracker/secret-free-refused.json");
        var run = CliRunner.run(ROOT, "check", "--from", "firecracker", "--format", "json", file.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(findings(run.out())).filteredOn(f -> f.code().equals("vmm-refuses"))
                .extracting(F::line, F::pointer)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(4, "/machine-config/huge_pages"),
                        org.assertj.core.groups.Tuple.tuple(3, "/drives/0/io_engine"),
                        org.assertj.core.groups.Tuple.tuple(5, "/balloon"));
    }

    /** A folder is walked for the format's extensions: every corpus file once, and nothing else. */
    @Test
    void checkFromWalksAFolder() throws Exception {
        for (VmmFormat format : VmmFormat.values()) {
            Path dir = CORPUS.resolve(format.keyword());
            var run = CliRunner.run(ROOT, "check", "--from", format.keyword(), "--format", "json", "--fail-on", "never",
                    dir.toString());
            assertThat(run.exitCode()).as(run.err()).isZero();
            var paths = new ArrayList<String>();
            for (JsonNode f : new ObjectMapper().readTree(run.out()).get("files")) {
                paths.add(Path.of(f.get("path").asText()).getFileName().toString());
            }
            List<String> expected;
            try (Stream<Path> s = Files.list(dir)) {
                expected = s.map(p -> p.getFileName().toString()).sorted().toList();
            }
            assertThat(paths).as(format.keyword()).containsExactlyElementsOf(expected);
        }
        // Other files in the folder are left alone: a .vmem file is not a VMM configuration.
        Path mixed = temp.resolve("mixed");
        Files.createDirectories(mixed);
        Files.copy(CORPUS.resolve("libvirt/default.xml"), mixed.resolve("a.xml"));
        Files.writeString(mixed.resolve("b.vmem"), "vm v { }");
        Files.writeString(mixed.resolve("notes.txt"), "not a domain");
        var run = CliRunner.run(ROOT, "check", "--from", "libvirt", "--format", "json", "--fail-on", "never", mixed.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode files = new ObjectMapper().readTree(run.out()).get("files");
        assertThat(files).hasSize(1);
        assertThat(files.get(0).get("path").asText()).endsWith("a.xml");
    }

    @Test
    void sarifNamesThePointerAsALogicalLocation() throws Exception {
        Path file = CORPUS.resolve("firecracker/secret-free-refused.json");
        var run = CliRunner.run(ROOT, "check", "--from", "firecracker", "--format", "sarif", file.toString());
        JsonNode results = new ObjectMapper().readTree(run.out()).get("runs").get(0).get("results");
        var names = new ArrayList<String>();
        for (JsonNode r : results) {
            JsonNode logical = r.get("locations").get(0).get("logicalLocations");
            if (logical != null) {
                names.add(logical.get(0).get("fullyQualifiedName").asText());
            }
        }
        assertThat(names).contains("/machine-config/huge_pages", "/balloon");
    }

    @Test
    void badConfigurationIsOneErrorWithPositionAndNothingWritten() throws Exception {
        Path file = BAD.resolve("firecracker/unknown-field.json");
        Path out = temp.resolve("never.vmem");
        var imported = CliRunner.run(ROOT, "import", "--from", "firecracker", file.toString(), "-o", out.toString());
        assertThat(imported.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(imported.err()).contains(":4:61 (/machine-config/hugepages)");
        assertThat(out).doesNotExist();
        assertThat(temp).isEmptyDirectory();

        var checked = CliRunner.run(ROOT, "check", "--from", "firecracker", "--format", "json", file.toString());
        assertThat(checked.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(findings(checked.out())).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("import-error");
            assertThat(f.line()).isEqualTo(4);
            assertThat(f.pointer()).isEqualTo("/machine-config/hugepages");
        });
    }

    @Test
    void unknownFormatAndKernelAreUsageErrors() {
        Path file = CORPUS.resolve("firecracker/default.json");
        assertThat(CliRunner.run(ROOT, "import", "--from", "vmware", file.toString()).exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(CliRunner.run(ROOT, "import", "--from", "firecracker", "--kernel", "six", file.toString()).exitCode())
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(CliRunner.run(ROOT, "check", "--kernel", "6.18", "examples").exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    }

    private Path fakeHost() throws IOException {
        Path root = temp.resolve("host");
        Files.createDirectories(root.resolve("proc/sys/kernel"));
        Files.writeString(root.resolve("proc/sys/kernel/osrelease"), "6.12.118-cloud-amd64\n");
        Files.writeString(root.resolve("proc/sys/kernel/arch"), "x86_64\n");
        Files.createDirectories(root.resolve("boot"));
        Files.writeString(root.resolve("boot/config-6.12.118-cloud-amd64"),
                "CONFIG_KVM=m\nCONFIG_KVM_GUEST_MEMFD=y\n# CONFIG_KVM_INTEL_TDX is not set\nCONFIG_SECRETMEM=y\n");
        Files.createDirectories(root.resolve("sys/module/kvm/parameters"));
        Files.createDirectories(root.resolve("sys/module/kvm_amd/parameters"));
        Files.writeString(root.resolve("sys/module/kvm_amd/parameters/sev_snp"), "Y\n");
        Files.createDirectories(root.resolve("sys/module/secretmem/parameters"));
        Files.writeString(root.resolve("sys/module/secretmem/parameters/enable"), "Y\n");
        Files.writeString(root.resolve("proc/cpuinfo"),
                "processor\t: 0\nflags\t\t: fpu svm sev sev_es sev_snp\naddress sizes\t: 52 bits physical, 57 bits virtual\n");
        return root;
    }

    @Test
    void kernelHostReadsTheMachineWithoutRoot() throws Exception {
        Path root = fakeHost();
        var run = CliRunner.run(ROOT, "kernel", "--host", "--host-root", root.toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("kernel host {", "    version 6.12.118 ", "    arch x86_64", "param secretmem.enable on",
                "CONFIG_KVM_GUEST_MEMFD=y", "CONFIG_KVM_INTEL_TDX is not set", "kvm_amd.sev_snp = Y",
                "CPU flags: sev sev_es sev_snp svm", "physical address width: 52 bits");
        assertThat(run.err()).isEmpty();

        var file = temp.resolve("host.vmem");
        Files.writeString(file, run.out());
        var checked = CliRunner.run(ROOT, "check", file.toString());
        assertThat(checked.exitCode()).as(checked.out()).isZero();
    }

    @Test
    void kernelHostSaysWhatItCouldNotDetermine() throws Exception {
        Path empty = Files.createDirectories(temp.resolve("empty"));
        var run = CliRunner.run(ROOT, "kernel", "--host", "--host-root", empty.toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("version 6.1", "// UNKNOWN: could not determine the kernel release");
        assertThat(run.err()).contains("[host-kernel-unknown]");
        assertThat(run.err().lines().count()).isEqualTo(6);
    }

    @Test
    void checkFromWithTheHostKernel() throws Exception {
        Path root = fakeHost();
        Path file = CORPUS.resolve("firecracker/secret-free.json");
        var run = CliRunner.run(ROOT, "check", "--from", "firecracker", "--kernel", "host", "--host-root", root.toString(),
                "--format", "json", "--fail-on", "never", file.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<F> f = findings(run.out());
        assertThat(f).extracting(F::code).doesNotContain("import-default-kernel", "import-error", "syntax-error");
        // 6.12 has no GUEST_MEMFD_FLAG_MMAP: the kernel refuses the secret-free guest_memfd, placed on secret_free.
        assertThat(f).filteredOn(x -> x.code().equals("kernel-feature-missing")).isNotEmpty()
                .allSatisfy(x -> assertThat(x.pointer()).isEqualTo("/machine-config/secret_free"));
    }
}
