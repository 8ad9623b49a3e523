package dev.vmem.importers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CloudHypervisorImporterTest {

    private static ImportResult read(String text) throws ImportException {
        return new CloudHypervisorImporter().read("ch", text, ImportOptions.defaults());
    }

    @Test
    void defaultIs512MiBPrivateWithThpDontdumpAndNoreserve() throws Exception {
        ImportResult r = read("cloud-hypervisor --kernel vmlinux");
        assertThat(r.text()).contains("memory ram: anonymous 512MiB", "map ram private thp on dontdump noreserve",
                "slot 0 gpa 0x0 size 512MiB userspace ram");
        assertThat(r.notes()).extracting(Note::code).doesNotContain(Note.NOT_MODELLED);
    }

    @Test
    void reserveThpOffAndHostNumaNode() throws Exception {
        ImportResult r = read("--memory size=0 --memory-zone id=z,size=1G,host_numa_node=1,reserve=on");
        assertThat(r.text()).contains("map z private thp on dontdump numa bind 1");
        assertThat(read("--memory size=1G,thp=off").text()).contains("map ram private dontdump noreserve");
    }

    @Test
    void hugepagesForceASharedMemfd() throws Exception {
        assertThat(read("--memory size=1G,hugepages=on").text()).contains("memory ram: memfd 1GiB hugetlb 2MiB", "map ram shared");
    }

    @Test
    void ramAbove3GiBContinuesAt4GiB() throws Exception {
        assertThat(read("--memory size=5G").text()).contains("slot 0 gpa 0x0 size 3GiB userspace ram",
                "slot 1 gpa 0x1_0000_0000 size 2GiB userspace ram offset 3GiB");
    }

    @Test
    void vhostUserWithoutSharedMemoryIsRefusedByCloudHypervisor() throws Exception {
        ImportResult r = read("--memory size=1G --fs tag=a,socket=/s");
        Notes.onlyOne(r, Note.VMM_REFUSES, "argv[3]");
    }

    @Test
    void snpGetsOneGuestMemfdPerSlot() throws Exception {
        String text = read("--platform sev_snp=on --memory size=4G").text();
        assertThat(text).contains("type snp", "memory gmem0: guest_memfd 3GiB", "memory gmem1: guest_memfd 1GiB",
                "slot 1 gpa 0x1_0000_0000 size 1GiB userspace ram offset 3GiB guest_memfd gmem1", "private gpa 0x0 size 3GiB");
    }

    @Test
    void zoneFilesStateTheirFileSystemWhereThePathShowsIt() throws Exception {
        assertThat(read("--memory size=0 --memory-zone id=z,size=1G,file=/dev/shm/z,shared=on").text())
                .contains("memory z: file \"/dev/shm/z\" on tmpfs 1GiB");
        assertThat(read("--memory size=0 --memory-zone id=z,size=1G,file=/srv/z,shared=on").text())
                .contains("memory z: file \"/srv/z\" 1GiB");
    }
}
