package dev.vmem.importers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LibvirtImporterTest {

    private static ImportResult read(String xml) throws ImportException {
        return new LibvirtImporter().read("domain.xml", xml, ImportOptions.defaults());
    }

    @Test
    void theExternalEntityIsNeverRead() {
        String xml = "<!DOCTYPE d [<!ENTITY x SYSTEM 'file:///etc/hostname'>]><domain><name>&x;</name><memory>1024</memory></domain>";
        assertThatThrownBy(() -> read(xml)).isInstanceOf(ImportException.class).hasMessageContaining("DOCTYPE");
    }

    @Test
    void elementsAreLocatedAtTheirStartTag() throws Exception {
        ImportResult r = read("<domain type='kvm'>\n  <name>n</name>\n  <memory unit='MiB'>1024</memory>\n</domain>\n");
        SourcePosition memory = r.sourceMap().values().stream().filter(p -> p.pointer().equals("/domain/memory")).findFirst().orElseThrow();
        assertThat(memory.line()).isEqualTo(3);
        assertThat(memory.column()).isEqualTo(3);
    }

    @Test
    void repeatedElementsAreIndexedInTheXPath() throws Exception {
        ImportResult r = read("<domain><memory unit='GiB'>2</memory><devices>"
                + "<interface type='vhostuser'><model type='virtio'/></interface>"
                + "<interface type='network'><model type='virtio'/></interface></devices></domain>");
        assertThat(r.sourceMap().values()).extracting(SourcePosition::pointer)
                .contains("/domain/devices/interface[1]", "/domain/devices/interface[2]");
    }

    @Test
    void unitsFollowFormatdomain() throws Exception {
        assertThat(read("<domain><memory unit='GB'>1</memory></domain>").text()).contains("anonymous 1000000000");
        assertThat(read("<domain><memory>1048576</memory></domain>").text()).contains("anonymous 1GiB");
    }

    @Test
    void lockedNosharepagesImmediateAndNumatuneAreMappingOptions() throws Exception {
        ImportResult r = read("<domain type='kvm'><name>v</name><memory unit='GiB' dumpCore='off'>2</memory>"
                + "<memtune><hard_limit unit='GiB'>3</hard_limit></memtune>"
                + "<memoryBacking><locked/><nosharepages/><allocation mode='immediate'/></memoryBacking>"
                + "<numatune><memory mode='interleave' nodeset='0-1,3'/></numatune></domain>");
        assertThat(r.text()).contains("rlimit memlock 3GiB", "map ram private populate dontdump locked numa interleave 0, 1, 3");
        assertThat(r.notes()).extracting(Note::code).doesNotContain(Note.NOT_MODELLED);
    }

    @Test
    void restrictiveNumatuneStaysNotModelled() throws Exception {
        ImportResult r = read("<domain type='kvm'><name>v</name><memory unit='GiB'>1</memory>"
                + "<numatune><memory mode='restrictive' nodeset='0'/></numatune></domain>");
        assertThat(r.text()).contains("map ram private mergeable ").doesNotContain("numa ");
        Notes.onlyOne(r, Note.NOT_MODELLED, "/domain/numatune/memory");
    }
}
