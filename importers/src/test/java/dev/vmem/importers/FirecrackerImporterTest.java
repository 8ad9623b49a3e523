package dev.vmem.importers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FirecrackerImporterTest {

    private static ImportResult read(String json) throws ImportException {
        return new FirecrackerImporter().read("vm.json", json, ImportOptions.defaults());
    }

    private static String bad(String name) throws Exception {
        return BadInput.read("firecracker", name);
    }

    @Test
    void nestingPastTheLimitIsRefused() throws Exception {
        String text = bad("deep.json");
        assertThatThrownBy(() -> read(text)).isInstanceOf(ImportException.class);
    }

    @Test
    void unknownFieldsAreRefusedInEveryDeviceObject() {
        assertThatThrownBy(() -> read("{\"drives\": [{\"drive_id\": \"a\", \"io_engin\": \"Sync\"}]}"))
                .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.position().pointer()).isEqualTo("/drives/0/io_engin"));
        assertThatThrownBy(() -> read("{\"vsock\": {\"guest_cid\": 3, \"uds_path\": \"x\", \"cid\": 1}}"))
                .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.position().pointer()).isEqualTo("/vsock/cid"));
        assertThatThrownBy(() -> read("{\"frobnicate\": {}}"))
                .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.position().pointer()).isEqualTo("/frobnicate"));
    }

    @Test
    void memoryAbove3GiBIsSplitAroundTheMmioHole() throws Exception {
        ImportResult r = read("{\"machine-config\": {\"vcpu_count\": 1, \"mem_size_mib\": 4096}}");
        assertThat(r.text()).contains("slot 0 gpa 0x0 size 3GiB userspace ram", "slot 1 gpa 0x1_0000_0000 size 1GiB userspace ram offset 3GiB");
    }

    @Test
    void memoryAbove256GiBHasAThirdRegion() throws Exception {
        ImportResult r = read("{\"machine-config\": {\"vcpu_count\": 1, \"mem_size_mib\": " + (300 * 1024) + "}}");
        assertThat(r.text()).contains("slot 2 gpa 0x80_0000_0000 size 45GiB userspace ram offset 255GiB");
    }

    @Test
    void secretFreeRefusalsAreErrorsAtTheirFields() throws Exception {
        ImportResult r = read("{\"machine-config\": {\"vcpu_count\": 1, \"mem_size_mib\": 1024, \"secret_free\": true,\n"
                + "\"track_dirty_pages\": true}}");
        Note n = Notes.onlyOne(r, Note.VMM_REFUSES, "/machine-config/track_dirty_pages");
        assertThat(n.severity()).isEqualTo("error");
        assertThat(n.position().line()).isEqualTo(2);
    }

    @Test
    void transparentHugePagesAreThpOn() throws Exception {
        ImportResult r = read("{\"machine-config\": {\"vcpu_count\": 1, \"mem_size_mib\": 1024, \"huge_pages\": \"Transparent\"}}");
        assertThat(r.text()).contains("map ram private noreserve thp on");
        assertThat(r.notes()).extracting(Note::code).doesNotContain(Note.NOT_MODELLED);
    }

    @Test
    void kernelChoiceIsWrittenAndNamed() throws Exception {
        ImportResult r = new FirecrackerImporter().read("vm.json", "{\"drives\": []}",
                ImportOptions.defaults().withKernel(KernelChoice.version("6.18")));
        assertThat(r.text()).contains("kernel k6_18 {", "version 6.18", "    kernel k6_18");
        assertThat(r.notes()).extracting(Note::code).doesNotContain(Note.DEFAULT_KERNEL);
    }
}
