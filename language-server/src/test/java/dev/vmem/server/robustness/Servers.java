package dev.vmem.server.robustness;

import dev.vmem.server.lsp.VMemLanguageServer;
import dev.vmem.server.lsp.VMemLanguageServerLauncher;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.xtext.ide.server.ILanguageServerShutdownAndExitHandler;

/** Language servers for the robustness tests: one in this JVM over pipes, or {@code vmem.jar} as a process. */
final class Servers {

    private Servers() {
    }

    /** A server in this JVM (its exit does not end the JVM), with a wire client on pipes. */
    static final class InProcess implements AutoCloseable {
        final VMemLanguageServer impl;
        final LspWire wire;
        final Future<Void> listening;
        private final PipedOutputStream toServer;

        InProcess() throws IOException {
            var exitless = (com.google.inject.Module) binder -> binder.bind(ILanguageServerShutdownAndExitHandler.class)
                    .to(ILanguageServerShutdownAndExitHandler.NullImpl.class);
            impl = VMemLanguageServerLauncher.createInjector(exitless).getInstance(VMemLanguageServer.class);
            toServer = new PipedOutputStream();
            var serverIn = new PipedInputStream(toServer, 1 << 20);
            var toClient = new PipedOutputStream();
            var clientIn = new PipedInputStream(toClient, 1 << 20);
            Launcher<LanguageClient> launcher = Launcher.createLauncher(impl, LanguageClient.class, serverIn, toClient);
            impl.connect(launcher.getRemoteProxy());
            listening = launcher.startListening();
            wire = new LspWire(clientIn, toServer);
        }

        @Override
        public void close() throws IOException {
            wire.close();
            listening.cancel(true);
        }
    }

    /**
     * The command that starts the real server, as {@code java -jar vmem.jar} does: the jar itself when
     * {@code language-server/target/vmem.jar} is newer than every compiled class (after
     * {@code ./mvnw package}), else the same main class on this test's class path (during
     * {@code ./mvnw verify} tests run before the jar is packed).
     */
    static List<String> serverCommand() throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path module = moduleDir();
        Path jar = module.resolve("target/vmem.jar");
        var command = new ArrayList<String>(List.of(java, "-Xss1m"));
        if (Files.isRegularFile(jar) && Files.getLastModifiedTime(jar).compareTo(newestClass(module)) >= 0) {
            command.addAll(List.of("-jar", jar.toString()));
        } else {
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.vmem.server.Main"));
        }
        return command;
    }

    /** True when {@link #serverCommand()} runs the packed jar. */
    static boolean usesJar(List<String> command) {
        return command.contains("-jar");
    }

    private static java.nio.file.attribute.FileTime newestClass(Path module) throws IOException {
        var newest = java.nio.file.attribute.FileTime.fromMillis(0);
        for (String dir : List.of("target/classes")) {
            Path classes = module.resolve(dir);
            if (!Files.isDirectory(classes)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(classes)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    var t = Files.getLastModifiedTime(f);
                    if (t.compareTo(newest) > 0) {
                        newest = t;
                    }
                }
            }
        }
        return newest;
    }

    /** The language-server module folder (where Maven runs its tests). */
    static Path moduleDir() {
        Path here = Path.of("").toAbsolutePath();
        if (Files.isDirectory(here.resolve("src/test/java/dev/vmem/server"))) {
            return here;
        }
        return repositoryRoot().resolve("language-server");
    }

    static Path repositoryRoot() {
        return dev.vmem.testing.Repository.root();
    }

    /** The LSP URI of a file, as clients write it. */
    static String uri(Path file) {
        return new org.eclipse.xtext.ide.server.UriExtensions()
                .toUriString(org.eclipse.emf.common.util.URI.createFileURI(file.toAbsolutePath().toString()));
    }
}
