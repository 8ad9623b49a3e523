package dev.vmem.importers;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every importer's bad inputs (src/test/resources/bad/FORMAT/): each is one ImportException at its position. */
class BadInputTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        // format, file, line, column (empty where the parser gives none), pointer
        "firecracker, unknown-field.json, 4, 61, /machine-config/hugepages",
        "firecracker, malformed.json, 3, 27, ''",
        "firecracker, duplicate.json, 1, 60, /machine-config/mem_size_mib",
        "firecracker, wrong-type.json, 1, 35, /machine-config/vcpu_count",
        "firecracker, not-object.json, 1, 2, /0",
        "cloud-hypervisor, unknown-memory-option.args, 2, 12, argv[4]",
        "cloud-hypervisor, unknown-option.args, 1, 35, argv[3]",
        "cloud-hypervisor, unknown-field.json, 1, 33, /memory/huge_pages",
        "cloud-hypervisor, bad-size.args, 1, 27, argv[2]",
        "libvirt, malformed.xml, 4, , ''",
        "libvirt, xxe.xml, 2, , ''",
        "libvirt, unknown-backing.xml, 5, , /domain/memoryBacking/hugepage",
        "libvirt, unknown-element.xml, 3, , /domain/memmory",
        "libvirt, bad-number.xml, 3, , /domain/memory",
        "libvirt, deep.xml, 1, , ''",
        "qemu, unknown-option.args, 2, 3, argv[3]",
        "qemu, unknown-property.args, 2, 11, argv[4]",
        "qemu, unterminated.args, 1, 34, argv[4]",
        "qemu, missing-argument.args, 1, 26, argv[3]",
        "qemu, bad-size.args, 1, 23, argv[2]",
    })
    void badInputIsOneErrorWithItsPosition(String format, String file, int line, Integer column, String pointer)
            throws Exception {
        Importer importer = VmmFormat.byKeyword(format).orElseThrow().importer();
        String text = BadInput.read(format, file);
        if (column == null) {
            BadInput.failsAt(() -> importer.read(file, text, ImportOptions.defaults()), line, pointer);
        } else {
            BadInput.failsAt(() -> importer.read(file, text, ImportOptions.defaults()), line, column, pointer);
        }
    }
}
