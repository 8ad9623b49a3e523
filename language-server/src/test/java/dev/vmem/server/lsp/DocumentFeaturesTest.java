package dev.vmem.server.lsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.lsp4j.CodeLens;
import org.eclipse.lsp4j.CodeLensParams;
import org.eclipse.lsp4j.DocumentFormattingParams;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.FoldingRange;
import org.eclipse.lsp4j.FoldingRangeRequestParams;
import org.eclipse.lsp4j.FormattingOptions;
import org.eclipse.lsp4j.InlayHint;
import org.eclipse.lsp4j.InlayHintParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.SemanticTokenModifiers;
import org.eclipse.lsp4j.SemanticTokenTypes;
import org.eclipse.lsp4j.SemanticTokensParams;
import org.eclipse.lsp4j.SymbolKind;
import org.eclipse.lsp4j.WorkspaceSymbol;
import org.eclipse.lsp4j.WorkspaceSymbolParams;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Outline, workspace symbols, semantic tokens, folding, formatting, inlay hints and code lenses. */
@LspFixture.Server
class DocumentFeaturesTest {

    static final String TEXT = """
            /* Two VMs, one kernel,
               one scenario. */
            kernel k618 {
                version 6.18
                patch no_direct_map v12
            }

            vm <|web|> {
                kernel k618
                <|memory shared: memfd 64MiB|>
                <|memory secret: guest_memfd 1GiB flags mmap | init_shared | no_direct_map|>
                map shared shared
                map secret shared
                slot 0 gpa 0x0 userspace shared
                slot 1 gpa 0x1_0000_0000 userspace secret guest_memfd secret
                device net0: virtio_net via vmm
            }

            vm <|batch|> {
                <|memory ram: anonymous 256MiB|>
                map ram private
                slot 0 gpa 0x0 userspace ram
            }

            scenario <|boot|> {
                vm web
                step guest vcpu 0 write gpa 0x1000 expect ok
                step gup secret expect efault
            }

            scenario <|broken|> {
                vm web
                step gup secret expect ok
            }
            """;

    private static LspFixture.Opened doc;

    @BeforeAll
    static void open(LspFixture server) throws Exception {
        doc = server.openMarked("features.vmem", TEXT);
    }

    @Test
    void outlineOfKernelsVmsWithTheirPartsAndScenariosWithSteps() throws Exception {
        var symbols = doc.server().server.getTextDocumentService()
                .documentSymbol(new DocumentSymbolParams(doc.id())).get().stream().map(e -> e.getRight())
                .toList();
        assertThat(symbols).extracting(DocumentSymbol::getName, DocumentSymbol::getKind).containsExactly(
                tuple("k618", SymbolKind.Namespace), tuple("web", SymbolKind.Class), tuple("batch", SymbolKind.Class),
                tuple("boot", SymbolKind.Function), tuple("broken", SymbolKind.Function));
        assertThat(symbols.get(1).getChildren()).extracting(DocumentSymbol::getName, DocumentSymbol::getKind)
                .containsExactly(tuple("shared", SymbolKind.Variable), tuple("secret", SymbolKind.Variable),
                        tuple("map shared", SymbolKind.Field), tuple("map secret", SymbolKind.Field),
                        tuple("slot 0", SymbolKind.Struct), tuple("slot 1", SymbolKind.Struct),
                        tuple("net0", SymbolKind.Property));
        assertThat(symbols.get(1).getSelectionRange()).isEqualTo(doc.marked().range(0));
        assertThat(symbols.get(3).getChildren()).extracting(DocumentSymbol::getName)
                .containsExactly("step 1", "step 2");
    }

    @Test
    void workspaceSymbols() throws Exception {
        var result = doc.server().server.getWorkspaceService().symbol(new WorkspaceSymbolParams("web")).get();
        List<? extends WorkspaceSymbol> symbols = result.getRight();
        assertThat(symbols).extracting(WorkspaceSymbol::getName).contains("web");
    }

    @Test
    void semanticTokensTellNamesSpelledLikeKeywordsFromKeywords() throws Exception {
        var legend = doc.server().initialized.getCapabilities().getSemanticTokensProvider().getLegend();
        var data = doc.server().server.getTextDocumentService().semanticTokensFull(new SemanticTokensParams(doc.id()))
                .get().getData();
        record Token(int line, int character, int length, String type, List<String> modifiers) {
        }
        var tokens = new ArrayList<Token>();
        int line = 0;
        int character = 0;
        for (int i = 0; i < data.size(); i += 5) {
            line += data.get(i);
            character = data.get(i) == 0 ? character + data.get(i + 1) : data.get(i + 1);
            var modifiers = new ArrayList<String>();
            for (int b = 0; b < legend.getTokenModifiers().size(); b++) {
                if ((data.get(i + 4) & (1 << b)) != 0) {
                    modifiers.add(legend.getTokenModifiers().get(b));
                }
            }
            tokens.add(new Token(line, character, data.get(i + 2), legend.getTokenTypes().get(data.get(i + 3)), modifiers));
        }
        // line 11: "    map shared shared": a reference to the backing "shared", then the keyword
        assertThat(tokens).filteredOn(t -> t.line() == 11).extracting(Token::character, Token::type)
                .containsExactly(tuple(4, SemanticTokenTypes.Keyword), tuple(8, SemanticTokenTypes.Variable),
                        tuple(15, SemanticTokenTypes.EnumMember));
        // line 9: "    memory shared: memfd 64MiB": the declared name, the kind, the size
        assertThat(tokens).filteredOn(t -> t.line() == 9 && t.character() == 11).singleElement()
                .satisfies(t -> {
                    assertThat(t.type()).isEqualTo(SemanticTokenTypes.Variable);
                    assertThat(t.modifiers()).contains(SemanticTokenModifiers.Declaration);
                });
        assertThat(tokens).filteredOn(t -> t.line() == 9).extracting(Token::type)
                .contains(SemanticTokenTypes.EnumMember, SemanticTokenTypes.Number);
        // line 2: "kernel k618 {": a namespace
        assertThat(tokens).filteredOn(t -> t.line() == 2 && t.character() == 7).extracting(Token::type)
                .containsExactly(SemanticTokenTypes.Namespace);
    }

    @Test
    void foldingOfBlocksAndComments() throws Exception {
        List<FoldingRange> ranges = doc.server().server.getTextDocumentService()
                .foldingRange(new FoldingRangeRequestParams(doc.id())).get();
        assertThat(ranges).extracting(FoldingRange::getStartLine, FoldingRange::getEndLine)
                .contains(tuple(0, 1), tuple(2, 5), tuple(7, 16), tuple(18, 22), tuple(24, 28), tuple(30, 33));
    }

    @Test
    void formattingWithTheLanguageFormatter() throws Exception {
        String messy = "vm v { memory ram : memfd 1GiB\nmap ram shared   slot 0 gpa 0x0 userspace ram }\n";
        String formatUri = doc.server().open("format.vmem", messy);
        var edits = doc.server().server.getTextDocumentService()
                .formatting(new DocumentFormattingParams(LspFixture.doc(formatUri), new FormattingOptions(4, true))).get();
        assertThat(LspFixture.apply(messy, new ArrayList<>(edits))).isEqualTo("""
                vm v {
                    memory ram: memfd 1GiB
                    map ram shared
                    slot 0 gpa 0x0 userspace ram
                }
                """);
        doc.server().close(formatUri);
    }

    @Test
    void inlayHintsWithTheBytesLeftInTheDirectMap() throws Exception {
        List<InlayHint> hints = doc.server().server.getTextDocumentService().inlayHint(new InlayHintParams(doc.id(),
                new Range(new Position(0, 0), new Position(40, 0)))).get();
        // after each VM's name and at the end of each backing: no other places
        assertThat(hints).extracting(InlayHint::getPosition).containsExactlyInAnyOrder(
                doc.marked().range(0).getEnd(), doc.marked().range(1).getEnd(), doc.marked().range(2).getEnd(),
                doc.marked().range(3).getEnd(), doc.marked().range(4).getEnd());
        assertThat(hints).allSatisfy(h -> assertThat(h.getLabel().getLeft()).contains("direct map"));
        // a range outside every hint gives none
        assertThat(doc.server().server.getTextDocumentService().inlayHint(new InlayHintParams(doc.id(),
                new Range(new Position(0, 0), new Position(1, 0)))).get()).isEmpty();
    }

    @Test
    void theMemoryMapCommandDrawsTheDocument() throws Exception {
        assertThat(doc.server().initialized.getCapabilities().getExecuteCommandProvider().getCommands())
                .contains(MemoryMapCommand.COMMAND);
        Object answer = doc.server().server.getWorkspaceService().executeCommand(new org.eclipse.lsp4j.ExecuteCommandParams(
                MemoryMapCommand.COMMAND, List.of(doc.uri()))).get();
        var json = (java.util.Map<?, ?>) answer; // what a client's JSON parser makes of the answer
        assertThat((String) json.get("svg")).contains("<svg").contains("web").contains("batch");
        Object one = doc.server().server.getWorkspaceService().executeCommand(new org.eclipse.lsp4j.ExecuteCommandParams(
                MemoryMapCommand.COMMAND, List.of(doc.uri(), "batch"))).get();
        assertThat((String) ((java.util.Map<?, ?>) one).get("svg")).contains("batch");
    }

    @Test
    void codeLensesWithEachScenarioResult() throws Exception {
        List<? extends CodeLens> lenses = doc.server().server.getTextDocumentService()
                .codeLens(new CodeLensParams(doc.id())).get();
        assertThat(lenses).extracting(CodeLens::getRange).containsExactly(doc.marked().range(5), doc.marked().range(6));
        assertThat(lenses.get(0).getCommand().getTitle()).startsWith("passed");
        assertThat(lenses.get(1).getCommand().getTitle()).startsWith("1 of 1");
    }
}
