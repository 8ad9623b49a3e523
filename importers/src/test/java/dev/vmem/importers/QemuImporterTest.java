package dev.vmem.importers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QemuImporterTest {

    private static ImportResult read(String args) throws ImportException {
        return new QemuImporter().read("qemu.args", args, ImportOptions.defaults());
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
        assertThat(text).contains("memory pc_ram: file \"/dev/hugepages\" on hugetlbfs 2GiB hugetlb 2MiB",
                "map pc_ram private populate mergeable");
    }

    @Test
    void backendPropertiesBecomeMappingOptions() throws Exception {
        ImportResult r = read("-machine q35,dump-guest-core=off -m 4G -machine memory-backend=m "
                + "-object memory-backend-ram,id=m,size=4G,merge=off,reserve=off,policy=interleave,host-nodes=0-2 "
                + "-overcommit mem-lock=on-fault");
        assertThat(r.text()).contains("map m private dontdump noreserve locked onfault numa interleave 0, 1, 2");
        assertThat(r.notes()).extracting(Note::code).doesNotContain(Note.NOT_MODELLED);
    }

    @Test
    void defaultsAreMergeAndDump() throws Exception {
        String text = read("-m 1G -machine memory-backend=m -object memory-backend-ram,id=m,size=1G").text();
        assertThat(text).contains("map m private mergeable ").doesNotContain("dontdump", "locked", "noreserve");
    }

    @Test
    void aPolicyWithoutNodesIsStillSaidNotModelled() throws Exception {
        ImportResult r = read("-m 1G -machine memory-backend=m -object memory-backend-ram,id=m,size=1G,host-nodes=0");
        Notes.onlyOne(r, Note.NOT_MODELLED, "argv[5]");
    }

    @Test
    void memPathFileSystemsAreInferredOnlyWhereThePathShowsThem() throws Exception {
        assertThat(read("-m 1G -mem-path /dev/shm/vm").text()).contains("file \"/dev/shm/vm\" on tmpfs 1GiB");
        assertThat(read("-m 1G -mem-path /srv/vm").text()).contains("file \"/srv/vm\" 1GiB");
    }

    @Test
    void guestMemfdWithoutShareIsRefusedByQemu() throws Exception {
        ImportResult r = read("-machine memory-backend=m -m 1G -object memory-backend-memfd,id=m,size=1G,guest-memfd=on,share=off");
        Notes.onlyOne(r, Note.VMM_REFUSES, "argv[5]");
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
