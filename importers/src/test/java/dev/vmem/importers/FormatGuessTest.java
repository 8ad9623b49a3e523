package dev.vmem.importers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The cases of the VS Code extension's guessFormat tests (vscode/test/importConfig.test.ts), and the corpus. */
class FormatGuessTest {

    static Optional<String> guess(String text) {
        return FormatGuess.of(text).map(VmmFormat::keyword);
    }

    @Test
    void firecrackerJsonByMachineConfigOrBootSource() {
        assertThat(guess("{\n  \"boot-source\": {\"kernel_image_path\": \"vmlinux\"},\n  \"machine-config\": {\"vcpu_count\": 2}\n}"))
                .contains("firecracker");
        assertThat(guess("{\"machine-config\": {\"mem_size_mib\": 128, \"huge_pages\": \"2M\"}}")).contains("firecracker");
        assertThat(guess("  {\"boot-source\": {}}")).contains("firecracker");
        assertThat(guess("\uFEFF{\"machine-config\": {}}")).contains("firecracker");
    }

    @Test
    void cloudHypervisorJsonByPayloadOrCpusWithMemory() {
        assertThat(guess("{\"cpus\": {\"boot_vcpus\": 1}, \"memory\": {\"size\": 536870912, \"shared\": true}}"))
                .contains("cloud-hypervisor");
        assertThat(guess("{\"payload\": {\"kernel\": \"/k\"}, \"memory\": {\"size\": 1}}")).contains("cloud-hypervisor");
    }

    @Test
    void topLevelOfJsonThatParsesAnywhereInJsonThatDoesNot() {
        assertThat(guess("{\"memory\": {\"size\": 1}}")).isEmpty();
        assertThat(guess("{\"name\": \"x\", \"settings\": {\"machine-config\": 1, \"payload\": 2}}")).isEmpty();
        assertThat(guess("{\"machine-config\": {\"mem_size_mib\": 128,,}")).contains("firecracker");
        assertThat(guess("{\"cpus\": {}, \"memory\": {\"size\": }")).contains("cloud-hypervisor");
        assertThat(guess("{\"compilerOptions\": {}}")).isEmpty();
    }

    @Test
    void libvirtByItsDomainRoot() {
        assertThat(guess("<domain type='kvm'><memory unit='GiB'>4</memory></domain>")).contains("libvirt");
        assertThat(guess("<?xml version=\"1.0\"?>\n<!-- made by virt-install -->\n<!DOCTYPE domain>\n<domain type=\"kvm\">\n</domain>"))
                .contains("libvirt");
        assertThat(guess("<domain>")).contains("libvirt");
        assertThat(guess("<network><name>default</name></network>")).isEmpty();
        assertThat(guess("<domainsnapshot/>")).isEmpty();
        assertThat(guess("<project><domain/></project>")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "#!/bin/sh\\nexec /usr/bin/qemu-system-x86_64 \\\\\\n  -m 4G\\n | qemu",
        "-machine q35,memory-backend=mem0\\n-m 4G\\n | qemu",
        "-m 4G -object memory-backend-memfd,id=mem0,size=4G,share=on\\n | qemu",
        "qemu-system-aarch64 -M virt | qemu",
        "./cloud-hypervisor \\\\\\n  --kernel vmlinux \\\\\\n  --memory size=1G,shared=on\\n | cloud-hypervisor",
        "--memory size=0 --memory-zone id=mem0,size=1G,hugepages=on | cloud-hypervisor",
        "cloud-hypervisor --api-socket /tmp/ch.sock | cloud-hypervisor",
    })
    void commandLines(String text, String format) {
        assertThat(guess(text.replace("\\n", "\n").replace("\\\\", "\\"))).contains(format);
    }

    @Test
    void otherTextIsLeftAlone() {
        assertThat(guess("")).isEmpty();
        assertThat(guess("hello world\n--memoryless is not an option")).isEmpty();
        assertThat(guess("#!/bin/sh\nmake -j4 && ./run-tests --verbose\n")).isEmpty();
        assertThat(guess("echo qemu_system_is_not_named_here")).isEmpty();
        assertThat(guess("#" + " ".repeat(FormatGuess.LIMIT) + " qemu-system-x86_64")).isEmpty();
    }

    static Stream<Path> corpus() throws IOException {
        return CorpusGoldenTest.corpus();
    }

    /**
     * No configuration of the corpus is taken for another format's (an API body without its resource's
     * name, such as a bare machine-config body, is not evident: the editors then ask).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void corpusFilesAreNeverTakenForAnotherFormat(Path file) throws IOException {
        Optional<VmmFormat> guess = FormatGuess.of(Files.readString(file, StandardCharsets.UTF_8));
        assertThat(guess.orElse(CorpusGoldenTest.formatOf(file))).isEqualTo(CorpusGoldenTest.formatOf(file));
    }

    @Test
    void mostOfTheCorpusIsEvident() throws IOException {
        var files = CorpusGoldenTest.corpus().toList();
        long evident = 0;
        for (Path f : files) {
            if (FormatGuess.of(Files.readString(f, StandardCharsets.UTF_8)).isPresent()) {
                evident++;
            }
        }
        assertThat(evident).as("recognised of %s", files.size()).isGreaterThanOrEqualTo(files.size() * 3 / 4);
    }
}
