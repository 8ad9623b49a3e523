package dev.vmem.importers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QemuImporterTest {

    private static ImportResult read(String args) throws ImportException {
        return new QemuImporter().read("qemu.args", args, ImportOptions.defaults());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "unknown-option.args, 2, 3, argv[3]",
        "unknown-property.args, 2, 11, argv[4]",
        "unterminated.args, 1, 34, argv[4]",
        "missing-argument.args, 1, 26, argv[3]",
        "bad-size.args, 1, 23, argv[2]",
    })
    void badInputIsOneErrorWithItsPosition(String file, int line, int column, String pointer) throws Exception {
        String text = Files.readString(Path.of("src/test/resources/bad/qemu", file), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> read(text)).isInstanceOfSatisfying(ImportException.class, e -> {
            assertThat(e.position().line()).isEqualTo(line);
            assertThat(e.position().column()).isEqualTo(column);
            assertThat(e.position().pointer()).isEqualTo(pointer);
        });
    }

    @Test
    void q35PutsTwoGiBBelowTheHoleFromAboutThreeGiB() throws Exception {
        assertThat(read("-machine q35 -m 2G").text()).contains("slot 0 gpa 0x0 size 2GiB userspace pc_ram");
        assertThat(read("-machine q35 -m 4G").text()).contains("slot 0 gpa 0x0 size 2GiB userspace pc_ram",
                "slot 1 gpa 0x1_0000_0000 size 2GiB userspace pc_ram offset 2GiB");
        assertThat(read("-machine q35 -m 2560M").text()).contains("slot 0 gpa 0x0 size 2560MiB userspace pc_ram");
    }

    @Test
    void implicitRamIsPrivateAnonymousAndMergeable() throws Exception {
        String text = read("-m 1024").text();
        assertThat(text).contains("memory pc_ram: anonymous 1GiB", "map pc_ram private mergeable");
    }

    @Test
    void memPathAndMemPreallocMakeTheImplicitBackendAFile() throws Exception {
        String text = read("-m 2G -mem-path /dev/hugepages -mem-prealloc").text();
        assertThat(text).contains("memory pc_ram: file \"/dev/hugepages\" 2GiB hugetlb 2MiB", "map pc_ram private populate mergeable");
    }

    @Test
    void guestMemfdWithoutShareIsRefusedByQemu() throws Exception {
        ImportResult r = read("-machine memory-backend=m -m 1G -object memory-backend-memfd,id=m,size=1G,guest-memfd=on,share=off");
        assertThat(r.notes()).filteredOn(n -> n.code().equals(Note.VMM_REFUSES)).singleElement()
                .satisfies(n -> assertThat(n.position().pointer()).isEqualTo("argv[5]"));
    }

    @Test
    void argumentFilesMayUseJsonObjects() throws Exception {
        String text = read("-machine memory-backend=m -m 1G -object '{\"qom-type\": \"memory-backend-memfd\", \"id\": \"m\", \"size\": 1073741824}'").text();
        assertThat(text).contains("memory m: memfd 1GiB", "map m shared mergeable");
    }

    @Test
    void backendSizesThatDisagreeWithMAreSaid() throws Exception {
        ImportResult r = read("-machine memory-backend=m -m 2G -object memory-backend-ram,id=m,size=1G");
        assertThat(r.notes()).extracting(Note::code).contains(Note.VMM_REFUSES);
    }
}
