package dev.vmem.server.lsp;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageServer;
import org.eclipse.xtext.ide.server.ILanguageServerShutdownAndExitHandler;

/**
 * VMem's language server and a client talking JSON-RPC to each other through pipes inside this process, the
 * server's {@code exit} a no-op (so it cannot end the JVM): what the class-data training and the language
 * server's tests both run. The messages go through LSP4J's real encoding, as with a client process.
 *
 * @param impl the server object (for what a test may ask of it directly)
 * @param server the client's proxy of the server: what the client sends goes here
 * @param toServer the pipe into the server; closing it ends the server's reader
 */
public record InProcessServer(VMemLanguageServer impl, LanguageServer server, OutputStream toServer) {

    private static final int PIPE_BYTES = 1 << 20;

    /** Creates the server, connects {@code client} to it and starts both readers. */
    public static InProcessServer connect(LanguageClient client) throws IOException {
        var exitless = (com.google.inject.Module) binder -> binder.bind(ILanguageServerShutdownAndExitHandler.class)
                .to(ILanguageServerShutdownAndExitHandler.NullImpl.class);
        var impl = VMemLanguageServerLauncher.createInjector(exitless).getInstance(VMemLanguageServer.class);
        var toServer = new PipedOutputStream();
        var serverIn = new PipedInputStream(toServer, PIPE_BYTES);
        var toClient = new PipedOutputStream();
        var clientIn = new PipedInputStream(toClient, PIPE_BYTES);
        Launcher<LanguageClient> serverLauncher = Launcher.createLauncher(impl, LanguageClient.class, serverIn, toClient);
        impl.connect(serverLauncher.getRemoteProxy());
        serverLauncher.startListening();
        Launcher<LanguageServer> clientLauncher = LSPLauncher.createClientLauncher(client, clientIn, toServer);
        clientLauncher.startListening();
        return new InProcessServer(impl, clientLauncher.getRemoteProxy(), toServer);
    }
}
