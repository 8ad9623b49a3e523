package dev.vmem.server;

import dev.vmem.engine.report.Rule;
import dev.vmem.server.cli.Cli;
import dev.vmem.server.lsp.InProcessServer;
import dev.vmem.server.lsp.QuietClient;
import dev.vmem.server.lsp.VMemLanguageServerLauncher;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.services.LanguageServer;

/**
 * The training run of the class-data-sharing archive ({@code java -XX:DumpLoadedClassList=L -jar vmem.jar
 * --train-class-data}, then {@code java -Xshare:dump -XX:SharedClassListFile=L -XX:SharedArchiveFile=A -cp
 * vmem.jar}; the {@code vmem} launcher and the VS Code extension run both once per jar and JVM, see
 * docs/benchmarks.md): it does what a cold start does — {@code vmem check} of a small file, then a language
 * server session in this process (initialize, didOpen, diagnostics with the engine's findings, shutdown) — so
 * that the JVM loads the classes both need and writes them to the archive when it exits. Prints nothing on
 * standard output; returns 0 when the session reached the engine's diagnostics.
 */
public final class ClassDataTraining {

    /** The hidden argument of {@code vmem.jar} that runs the training. */
    public static final String ARGUMENT = "--train-class-data";

    /**
     * A VM with findings from the parser's, the validator's and the engine's side, and one whose memory is
     * guest_memfd without a direct map (the engine's paths for both load their classes).
     */
    static final String SAMPLE = """
            kernel linux_6_8 {
                version 6.8
                arch x86_64
            }

            vm fc_secret {
                kernel linux_6_8
                type default
                vcpus 1

                memory ram: memfd_secret 256MiB
                memory boot: memfd 64MiB
                map ram shared
                map boot shared
                slot 0 gpa 0x0 userspace ram
                slot 1 gpa 0x1_0000_0000 userspace boot

                clock kvmclock
                device net: virtio_net via vhost
            }

            scenario s {
                vm fc_secret
                step guest vcpu 0 write gpa 0x1000 expect ok
                step gup ram expect efault
                step touch boot write
            }

            kernel gmem_host {
                version 6.18
                arch x86_64
                patch no_direct_map v12
                patch pfncache_gmem
            }

            vm gmem {
                kernel gmem_host
                vcpus 2
                memory secret: guest_memfd 1GiB flags mmap | init_shared | no_direct_map
                map secret shared
                memory shared_ram: memfd 1GiB
                map shared_ram shared
                slot 0 gpa 0x0 size 0x2000000 userspace secret offset 0x0 guest_memfd secret offset 0x0
                slot 1 gpa 0x2000000 size 0x2000000 userspace shared_ram offset 0x0
            }
            """;

    private ClassDataTraining() {
    }

    /** Runs the training; {@code err} gets one line on failure. */
    public static int run(PrintWriter err) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("vmem-cds-training");
            Path file = dir.resolve("training.vmem");
            Files.writeString(file, SAMPLE);
            Cli.run(new String[] {"check", file.toString()},
                    new Cli.Context(dir, OutputStream.nullOutputStream(), new PrintWriter(OutputStream.nullOutputStream())));
            Cli.run(new String[] {"check", "--format", "json", file.toString()},
                    new Cli.Context(dir, OutputStream.nullOutputStream(), new PrintWriter(OutputStream.nullOutputStream())));
            // A run that names no command builds every command's model: their classes go into the archive too.
            Cli.run(new String[] {"--version"},
                    new Cli.Context(dir, OutputStream.nullOutputStream(), new PrintWriter(OutputStream.nullOutputStream())));
            return session(dir, file) ? 0 : 1;
        } catch (Exception e) {
            err.println("vmem: class-data training failed: " + e);
            return 1;
        } finally {
            if (dir != null) {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException ignored) {
                    // a temporary folder left behind
                }
            }
        }
    }

    private static boolean session(Path dir, Path file) throws Exception {
        VMemLanguageServerLauncher.configureLogging();
        var engineFindings = new CompletableFuture<Void>();
        var connection = InProcessServer.connect(new Client(engineFindings));
        LanguageServer server = connection.server();
        var params = new InitializeParams();
        params.setProcessId((int) ProcessHandle.current().pid());
        String root = dir.toUri().toString();
        params.setWorkspaceFolders(List.of(new WorkspaceFolder(root, "training")));
        params.setCapabilities(new ClientCapabilities());
        server.initialize(params).get(60, TimeUnit.SECONDS);
        server.initialized(new InitializedParams());
        server.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(
                new TextDocumentItem(file.toUri().toString(), "vmem", 1, Files.readString(file, StandardCharsets.UTF_8))));
        boolean reached;
        try {
            engineFindings.get(60, TimeUnit.SECONDS);
            reached = true;
        } catch (java.util.concurrent.TimeoutException e) {
            reached = false;
        }
        server.shutdown().get(10, TimeUnit.SECONDS);
        server.exit();
        connection.toServer().close();
        return reached;
    }

    /** Completes {@code engineFindings} at the first publication with one of the engine's findings. */
    private static final class Client extends QuietClient {
        private final CompletableFuture<Void> engineFindings;

        Client(CompletableFuture<Void> engineFindings) {
            this.engineFindings = engineFindings;
        }

        @Override
        public void publishDiagnostics(PublishDiagnosticsParams p) {
            if (p.getDiagnostics().stream().anyMatch(d -> d.getCode() != null && d.getCode().isLeft()
                    && d.getCode().getLeft().equals(Rule.GUP_ON_SECRET_MEMORY.code()))) {
                engineFindings.complete(null);
            }
        }
    }
}
