package dev.vmem.server.lsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.ExecutionException;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.PrepareRenameParams;
import org.eclipse.lsp4j.ReferenceContext;
import org.eclipse.lsp4j.ReferenceParams;
import org.eclipse.lsp4j.RenameParams;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
import org.junit.jupiter.api.Test;

/** Definition, references and rename across imports; rename refused cleanly where there is no name. */
@LspFixture.Server(perTest = true)
class RenameAndNavigationTest {

    static final String MACHINES = """
            kernel <|k618|> {
                version 6.18
            }

            vm <|web|> {
                kernel <|k618|>
                memory <|ram|>: memfd 64MiB
                map <|ram|> shared
                slot 0 gpa 0x0 userspace <|ram|>
                device <|net0|>: virtio_net via vmm
            }
            """;

    static final String SCENARIOS = """
            import "machines.vmem"

            scenario <|boot|> {
                vm <|web|>
                step touch <|ram|> write
                step gup <|ram|>
            }
            """;

    private final LspFixture server;
    private final Marked machines = Marked.parse(MACHINES);
    private final Marked scenarios = Marked.parse(SCENARIOS);
    private final String machinesUri;
    private final String scenariosUri;

    RenameAndNavigationTest(LspFixture server) throws Exception {
        this.server = server;
        machinesUri = server.write("machines.vmem", machines.text());
        scenariosUri = server.openChecked("scenarios.vmem", scenarios.text());
    }

    private java.util.Map<String, String> rename(String uri, org.eclipse.lsp4j.Position at, String newName)
            throws Exception {
        return server.apply(server.server.getTextDocumentService().rename(new RenameParams(LspFixture.doc(uri), at,
                newName)).get());
    }

    @Test
    void renameABackingFromAScenarioInAnotherFile() throws Exception {
        var after = rename(scenariosUri, scenarios.position(2), "memory0");
        assertThat(after).containsOnlyKeys(machinesUri, scenariosUri);
        assertThat(after.get(machinesUri)).isEqualTo(MACHINES.replaceAll("<\\|ram\\|>", "memory0")
                .replaceAll("<\\||\\|>", ""));
        assertThat(after.get(scenariosUri)).isEqualTo(SCENARIOS.replaceAll("<\\|ram\\|>", "memory0")
                .replaceAll("<\\||\\|>", ""));
    }

    @Test
    void renameAVmAtItsReference() throws Exception {
        var after = rename(scenariosUri, scenarios.position(1), "frontend");
        assertThat(after.get(machinesUri)).contains("vm frontend {");
        assertThat(after.get(scenariosUri)).contains("    vm frontend\n");
    }

    @Test
    void renameAKernelAtItsDeclarationInAnImportedFile() throws Exception {
        server.open("machines.vmem", machines.text());
        var after = rename(machinesUri, machines.position(0), "linux_6_18");
        assertThat(after).containsOnlyKeys(machinesUri);
        assertThat(after.get(machinesUri)).contains("kernel linux_6_18 {", "    kernel linux_6_18\n");
    }

    @Test
    void prepareRenameGivesTheNameRange() throws Exception {
        var prepared = server.server.getTextDocumentService()
                .prepareRename(new PrepareRenameParams(LspFixture.doc(scenariosUri), scenarios.position(1))).get();
        assertThat(prepared.getSecond().getRange()).isEqualTo(scenarios.range(1));
        assertThat(prepared.getSecond().getPlaceholder()).isEqualTo("web");
    }

    @Test
    void keywordsAreNotRenamed() throws Exception {
        var onKeyword = LspFixture.pos(4, 5); // "step"
        assertThat(server.server.getTextDocumentService()
                .prepareRename(new PrepareRenameParams(LspFixture.doc(scenariosUri), onKeyword)).get()).isNull();
        assertThatThrownBy(() -> rename(scenariosUri, onKeyword, "walk"))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(ResponseErrorException.class)
                .satisfies(e -> assertThat(((ResponseErrorException) e).getResponseError().getCode())
                        .isEqualTo(ResponseErrorCode.InvalidRequest.getValue()));
    }

    @Test
    void badOrTakenNamesAreRefused() throws Exception {
        assertThatThrownBy(() -> rename(scenariosUri, scenarios.position(2), "9lives"))
                .cause().isInstanceOf(ResponseErrorException.class);
        server.change(scenariosUri, scenarios.text());
        String withTwo = machines.text().replace("map ram shared", "memory other: memfd 1GiB\n    map ram shared");
        server.open("machines.vmem", withTwo);
        server.sync();
        assertThatThrownBy(() -> rename(machinesUri, machines.position(3), "other"))
                .cause().isInstanceOf(ResponseErrorException.class);
    }

    @Test
    void definitionAcrossAnImport() throws Exception {
        var result = server.server.getTextDocumentService()
                .definition(new DefinitionParams(LspFixture.doc(scenariosUri), scenarios.position(1))).get();
        List<? extends Location> locations = result.getLeft();
        assertThat(locations).singleElement().satisfies(l -> {
            assertThat(l.getUri()).isEqualTo(machinesUri);
            assertThat(l.getRange()).isEqualTo(machines.range(1));
        });
    }

    @Test
    void referencesAcrossTheOpenFilesAndTheirImports() throws Exception {
        var params = new ReferenceParams(LspFixture.doc(machinesUri), machines.position(3), new ReferenceContext(true));
        server.open("machines.vmem", machines.text());
        List<? extends Location> refs = server.server.getTextDocumentService().references(params).get();
        assertThat(refs).extracting(Location::getUri, Location::getRange).contains(
                org.assertj.core.api.Assertions.tuple(machinesUri, machines.range(4)),
                org.assertj.core.api.Assertions.tuple(machinesUri, machines.range(5)),
                org.assertj.core.api.Assertions.tuple(scenariosUri, scenarios.range(2)),
                org.assertj.core.api.Assertions.tuple(scenariosUri, scenarios.range(3)));
    }
}
