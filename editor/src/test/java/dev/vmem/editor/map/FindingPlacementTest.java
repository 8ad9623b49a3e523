package dev.vmem.editor.map;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * Findings are marked where they arise, on real files: on the element their origin names (any part of
 * its declaration), else on what their data names, else on the VM.
 */
class FindingPlacementTest {

    /** "1 error on slot 0" and the like: the first line of every badge's tooltip. */
    private static List<String> badges(String file) throws Exception {
        var loaded = MapFixtures.load(MapFixtures.root().resolve(file));
        var doc = SvgText.parse(MemoryMapRenderer.svg(loaded.report()));
        var out = new ArrayList<String>();
        var groups = doc.getElementsByTagNameNS(SvgWriter.SVG_NS, "g");
        for (int i = 0; i < groups.getLength(); i++) {
            var g = (Element) groups.item(i);
            if (g.getAttribute("class").equals("hit badge")) {
                String title = g.getElementsByTagNameNS(SvgWriter.SVG_NS, "title").item(0).getTextContent();
                out.add(title.substring(0, title.indexOf(':')) + title.substring(title.indexOf("\n• ") + 2,
                        title.indexOf(':', title.indexOf("\n• "))));
            }
        }
        return out;
    }

    @Test
    void aFindingOnAPartOfASlotIsMarkedOnTheSlot() throws Exception {
        // gup-on-secret-memory's origin is the slot's `userspace ram`; the two others name the backing
        assertThat(badges("examples/spec/aws2024-secretmem-cold.vmem")).containsExactlyInAnyOrder(
                "1 error on slot 0 gup-on-secret-memory",
                "1 error on backing ram pfncache-unmapped-pfn",
                "1 warning on backing ram secretmem-gup-fast-bug");
    }

    @Test
    void aFindingOnAFlagIsMarkedOnItsBacking() throws Exception {
        assertThat(badges("examples/spec/td-no-direct-map.vmem"))
                .containsExactly("1 error on backing private_ram td-no-direct-map-gmem");
    }

    @Test
    void aFindingOnSomethingThatWasNeverCreatedIsMarkedOnTheVm() throws Exception {
        // the refused slot 1 is not in the layout; a refused mmap names its backing in its data
        assertThat(badges("examples/spec/config-errors.vmem")).containsExactlyInAnyOrder(
                "1 error on backing ram gmem-mmap-unsupported",
                "1 error on the VM as a whole (dirty_gmem) gmem-slot-flags",
                "1 error on the VM as a whole (overlap) memslot-overlap",
                // sw_protected needs CONFIG_KVM_SW_PROTECTED_VM, which the spec's profile does not state
                "1 info on the VM as a whole (protected_init_shared) build-option-unknown",
                "1 error on backing ram gmem-flag-unsupported",
                "1 error on backing sec memlock-exceeded");
    }
}
