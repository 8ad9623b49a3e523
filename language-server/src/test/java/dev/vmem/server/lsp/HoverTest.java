package dev.vmem.server.lsp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vmem.testing.Golden;
import java.nio.file.Path;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.MarkupKind;
import org.eclipse.lsp4j.Range;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Hover: what the kernel does with the element under its VM's profile, and on a finding its trace.
 * The whole hover text of each case is a golden file under src/test/resources/lsp/hover/.
 */
@LspFixture.Server(options = "{\"docs\": {\"baseUrl\": \"file:///opt/vmem-extension/\"}}")
class HoverTest {

    /** Test-support's golden files: compare, or rewrite with {@code -Dgolden=promote}. */
    static final Golden GOLDEN = Golden.in(Path.of("src/test/resources/lsp"),
            "./mvnw -B -q -o -DskipEclipse -Dexec.skip=true -pl language-server -am test -Dtest=HoverTest"
                    + " -Dsurefire.failIfNoSpecifiedTests=false -Dgolden=promote");

    /** Cursor positions, in order: the cases below name them by index. */
    static final String TEXT = """
            // A Firecracker-style guest on memfd_secret (the 2024 experiment, cold).
            kernel <|>linux_6_8 {
                version 6.8
            }

            vm <|>fc_secret {
                kernel linux_6_8
                memory <|>ram: memfd_secret 256MiB
                map ram shared
                <|>slot 0 gpa 0x0 userspace <|>ram
                clock kvm<|>clock
                device <|>eth0: virtio_net via vmm
            }

            scenario <|>boot {
                vm fc_secret
                step <|>guest vcpu 0 write gpa 0x1000 expect efault
                step pfncache kvmclock gpa 0x1000 <|>expect oops
            }
            """;

    private static LspFixture.Opened doc;

    @BeforeAll
    static void open(LspFixture server) throws Exception {
        doc = server.openMarked("hover.vmem", TEXT);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource({
            "0, kernel",
            "1, vm",
            "2, backing",
            "3, slot",
            "4, reference-with-finding",
            "5, finding",
            "6, device",
            "7, scenario",
            "8, step",
            "9, failed-expectation",
    })
    void hover(int position, String name) throws Exception {
        Hover hover = doc.server().server.getTextDocumentService()
                .hover(new HoverParams(doc.id(), doc.marked().position(position))).get();
        assertThat(hover.getContents().getRight().getKind()).isEqualTo(MarkupKind.MARKDOWN);
        Range r = hover.getRange();
        String golden = "range: " + (r.getStart().getLine() + 1) + ":" + (r.getStart().getCharacter() + 1) + "-"
                + (r.getEnd().getLine() + 1) + ":" + (r.getEnd().getCharacter() + 1) + "\n\n"
                + hover.getContents().getRight().getValue();
        GOLDEN.check("hover/" + name + ".md", golden);
    }
}
