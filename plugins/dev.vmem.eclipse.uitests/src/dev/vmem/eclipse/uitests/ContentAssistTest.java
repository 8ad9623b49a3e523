package dev.vmem.eclipse.uitests;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmem.eclipse.editor.VMemContentAssistProcessor;
import java.util.List;
import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistEntry;
import org.junit.jupiter.api.Test;

/** Content assist from the Xtext ide services, inside OSGi. */
class ContentAssistTest {

    static final String TEXT = """
            kernel k {
                version 7.0
            }
            vm a {
                kernel k
                memory ram: guest_memfd 64MiB flags mmap | init_shared
                map ram shared
                slot 0 gpa 0x0 userspace ram
                memory other: anonymous 4KiB
                map
            }
            """;

    @Test
    void keywordsAtTheStartOfAVmMember() {
        int offset = TEXT.indexOf("    map ram") + 4;
        List<String> proposals = proposals(offset);
        assertTrue(proposals.containsAll(List.of("memory", "map", "slot", "cpuid", "device")), proposals.toString());
    }

    @Test
    void backingNamesAfterMap() {
        int offset = TEXT.lastIndexOf("map") + 4;
        List<String> proposals = proposals(offset);
        assertTrue(proposals.containsAll(List.of("ram", "other")), proposals.toString());
    }

    @Test
    void flagsAfterFlags() {
        int offset = TEXT.indexOf("mmap | init_shared");
        List<String> proposals = proposals(offset);
        assertTrue(proposals.containsAll(List.of("mmap", "init_shared")), proposals.toString());
        // Completion follows the VM's kernel profile (the editor layer's, as in LSP): the default profile
        // has no no_direct_map patch, so that flag is not offered.
        assertFalse(proposals.contains("no_direct_map"), proposals.toString());
    }

    static List<String> proposals(int offset) {
        return VMemContentAssistProcessor.entries(URI.createURI("synthetic:/assist.vmem"), TEXT, offset).stream()
                .map(ContentAssistEntry::getProposal).toList();
    }
}
