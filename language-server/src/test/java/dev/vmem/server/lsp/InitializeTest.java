package dev.vmem.server.lsp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Key;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.ServerCapabilities;
import org.eclipse.lsp4j.WorkspaceClientCapabilities;
import org.eclipse.lsp4j.jsonrpc.services.ServiceEndpoints;
import org.eclipse.xtext.ide.server.ILanguageServerExtension;
import org.eclipse.xtext.ide.server.LanguageServerImpl;
import org.junit.jupiter.api.Test;

/** {@code initialize}: at once, without a workspace build, with or without a root; the capabilities. */
class InitializeTest {

    static final String BROKEN = "vm broken { memory ram memfd 1GiB }\n";
    static final String GOOD = """
            vm web {
                memory ram: memfd 64MiB
                map ram shared
                slot 0 gpa 0x0 userspace ram
            }
            """;

    @Test
    void noRootAtAllStillServesFiles() throws Exception {
        var params = LspFixture.params(null, null);
        params.setCapabilities(new ClientCapabilities()); // no workspace folder support either
        try (var f = LspFixture.startWith(params)) {
            String uri = f.open("somewhere/else.vmem", GOOD);
            assertThat(f.diagnostics(uri)).extracting(LspFixture::code).contains("direct-map-exposure");
        }
    }

    @Test
    void workspaceFolderSupportButNoFolders() throws Exception {
        InitializeParams params = LspFixture.params(null, null);
        var workspace = new WorkspaceClientCapabilities();
        workspace.setWorkspaceFolders(true);
        params.setCapabilities(new ClientCapabilities(workspace, null, null));
        try (var f = LspFixture.startWith(params)) {
            String uri = f.open("a.vmem", GOOD);
            assertThat(f.diagnostics(uri)).extracting(LspFixture::code).contains("direct-map-exposure");
        }
    }

    @Test
    void theWorkspaceIsNotBuiltUpFront() throws Exception {
        Path root = Files.createTempDirectory("vmem-lsp-root");
        Files.writeString(root.resolve("broken.vmem"), BROKEN);
        try (var f = LspFixture.startWith(LspFixture.params(root.toUri().toString(), null))) {
            f.sync();
            assertThat(f.client.published).as("nothing published before a document opens").isEmpty();
            String uri = f.open("good.vmem", GOOD);
            f.diagnostics(uri);
            assertThat(f.client.published).containsOnlyKeys(uri);
        } finally {
            Files.deleteIfExists(root.resolve("broken.vmem"));
            Files.deleteIfExists(root);
        }
    }

    @Test
    void capabilities() throws Exception {
        try (var f = LspFixture.start(null)) {
            ServerCapabilities c = f.initialized.getCapabilities();
            assertThat(c.getHoverProvider().getLeft()).isTrue();
            assertThat(c.getCompletionProvider()).isNotNull();
            assertThat(c.getDefinitionProvider().getLeft()).isTrue();
            assertThat(c.getReferencesProvider().getLeft()).isTrue();
            assertThat(c.getRenameProvider().getRight().getPrepareProvider()).isTrue();
            assertThat(c.getDocumentSymbolProvider().getLeft()).isTrue();
            assertThat(c.getWorkspaceSymbolProvider().getLeft()).isTrue();
            assertThat(c.getCodeActionProvider().getLeft()).isTrue();
            assertThat(c.getCodeLensProvider()).isNotNull();
            assertThat(c.getInlayHintProvider().getLeft()).isTrue();
            assertThat(c.getSemanticTokensProvider().getFull().getLeft()).isTrue();
            assertThat(c.getFoldingRangeProvider().getLeft()).isTrue();
            assertThat(c.getDocumentFormattingProvider().getLeft()).isTrue();
            assertThat(f.initialized.getServerInfo().getName()).isEqualTo("vmem");
        }
    }

    /** Xtext's own server class, made by the server injector: its {@code supportedMethods} adds the languages' extensions. */
    static class XtextServer extends LanguageServerImpl {
    }

    /**
     * VMemLanguageServer answers {@code supportedMethods} without the language's injector (the launcher asks for them
     * before the injector is made); that is right while the language contributes no LSP extension, as here.
     */
    @Test
    void theLanguageAddsNoProtocolMethods() {
        assertThat(VMemLspSetup.injector().getExistingBinding(Key.get(ILanguageServerExtension.class))).isNull();
        var xtext = VMemLanguageServerLauncher.createInjector().getInstance(XtextServer.class);
        assertThat(xtext.supportedMethods()).as("Xtext's methods with the language's extensions")
                .containsOnlyKeys(ServiceEndpoints.getSupportedMethods(XtextServer.class).keySet());
        var vmem = VMemLanguageServerLauncher.createInjector().getInstance(VMemLanguageServer.class);
        assertThat(vmem.supportedMethods()).containsOnlyKeys(ServiceEndpoints.getSupportedMethods(VMemLanguageServer.class).keySet())
                .containsKeys("initialize", "textDocument/didOpen", "textDocument/inlayHint");
    }
}
