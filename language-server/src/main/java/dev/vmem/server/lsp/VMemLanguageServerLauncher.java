package dev.vmem.server.lsp;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.log4j.ConsoleAppender;
import org.apache.log4j.Level;
import org.eclipse.lsp4j.jsonrpc.Endpoint;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.jsonrpc.services.ServiceEndpoints;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.xtext.ide.server.ILanguageServerShutdownAndExitHandler;

/**
 * Starts the VMem language server: on standard input and output ({@code java -jar vmem.jar}), or, for
 * debugging, on a TCP port of 127.0.0.1 ({@code java -jar vmem.jar --socket 5007}), one client after
 * the other. Standard output carries the protocol only: anything else printed goes to standard error,
 * and so does the log ({@code -Dvmem.log=debug|info|warn|error}, default warn).
 */
public final class VMemLanguageServerLauncher {

    private VMemLanguageServerLauncher() {
    }

    /** {@code java -cp … dev.vmem.server.lsp.VMemLanguageServerLauncher [--socket PORT]}: the server alone. */
    public static void main(String[] args) {
        System.exit(run(args, System.err));
    }

    /** The server part of {@code vmem.jar}'s command line: no arguments, {@code --stdio} or {@code --socket PORT}. */
    public static int run(String[] args, PrintStream err) {
        if (args.length == 0 || (args.length == 1 && args[0].equals("--stdio"))) {
            return stdio();
        }
        if (args.length == 2 && args[0].equals("--socket")) {
            int port;
            try {
                port = Integer.parseInt(args[1]);
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 0 || port > 65535) {
                err.println("vmem: --socket needs a port number (0-65535), not '" + args[1] + "'");
                return 2;
            }
            return socket(port, err);
        }
        err.println("usage: vmem                  language server on standard input/output");
        err.println("       vmem --socket PORT    language server on 127.0.0.1:PORT (debugging)");
        err.println("       vmem check …          the command line checker (vmem check --help)");
        return 2;
    }

    /** True when {@code args} ask for the language server rather than the command line. */
    public static boolean isServerCommand(String[] args) {
        return args.length == 0 || args[0].equals("--stdio") || args[0].equals("--socket");
    }

    /** The server injector (tests pass overrides, e.g. an exit handler that does not exit). */
    public static Injector createInjector(Module... overrides) {
        return Guice.createInjector(new VMemServerModule(overrides));
    }

    private static int stdio() {
        InputStream in = System.in;
        OutputStream out = System.out;
        System.setOut(new PrintStream(System.err, true, StandardCharsets.UTF_8));
        configureLogging();
        warmUp();
        warmUpProtocol();
        VMemLanguageServer server = createInjector().getInstance(VMemLanguageServer.class);
        uptime("server created");
        Launcher<LanguageClient> launcher = Launcher.createLauncher(server, LanguageClient.class, in, out);
        server.connect(launcher.getRemoteProxy());
        Future<Void> listening = launcher.startListening();
        try {
            listening.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            System.err.println("vmem: the connection failed: " + e.getCause());
            return 1;
        }
        return 0; // the client closed the connection without "exit"
    }

    private static int socket(int port, PrintStream err) {
        configureLogging();
        warmUp();
        try (var serverSocket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            err.println("vmem: language server listening on 127.0.0.1:" + serverSocket.getLocalPort());
            while (true) {
                try (Socket socket = serverSocket.accept()) {
                    err.println("vmem: client connected from " + socket.getRemoteSocketAddress());
                    Module closeOnExit = binder -> binder.bind(ILanguageServerShutdownAndExitHandler.class)
                            .toInstance(new ILanguageServerShutdownAndExitHandler() {
                                @Override
                                public void exit() {
                                    try {
                                        socket.close();
                                    } catch (IOException ignored) {
                                        // closing anyway
                                    }
                                }

                                @Override
                                public void shutdown() {
                                }
                            });
                    VMemLanguageServer server = createInjector(closeOnExit).getInstance(VMemLanguageServer.class);
                    Launcher<LanguageClient> launcher = Launcher.createLauncher(server, LanguageClient.class,
                            socket.getInputStream(), socket.getOutputStream());
                    server.connect(launcher.getRemoteProxy());
                    launcher.startListening().get();
                } catch (ExecutionException | IOException e) {
                    err.println("vmem: connection ended: " + e);
                }
                err.println("vmem: client disconnected; waiting for the next one");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } catch (IOException e) {
            err.println("vmem: cannot listen on 127.0.0.1:" + port + ": " + e.getMessage());
            return 1;
        }
    }

    /**
     * Creates the language's injector (EMF registration, grammar, Guice) and loads the parser, linker,
     * validator and engine classes on a second thread while the server's own injector is built and the
     * client prepares {@code initialize}: on two cores this takes the language's share off the cold start.
     * {@code -Dvmem.warmUp=injector} (what the launchers pass when a class-data archive is in use, see
     * docs/benchmarks.md) creates the injector and what {@code initialize} and the first build need once per
     * process anyway — the grammar access (loading the grammar), the services the server's capabilities ask
     * for, the parser's and lexer's classes — and no more: with the classes mapped from the archive, checking a
     * synthetic file as well is work the first diagnostics do not need. A third thread initializes EMF's packages
     * meanwhile ({@link dev.vmem.dsl.VMemStandaloneSetup#initializePackagesInBackground}), which the language's
     * set-up needs only after Guice has made its injector: on the start's critical path they ran one after the
     * other (docs/benchmarks.md, fifth pass).
     * {@code -Dvmem.warmUp=false}: none.
     */
    static void warmUp() {
        String mode = System.getProperty("vmem.warmUp", "full");
        if ("false".equals(mode)) {
            return;
        }
        var thread = new Thread(() -> {
            try {
                var injector = VMemLspSetup.injector();
                uptime("language injector created");
                if ("injector".equals(mode)) {
                    firstRequestsSingletons(injector);
                    uptime("language services created");
                    return;
                }
                var set = injector.getInstance(org.eclipse.xtext.resource.XtextResourceSet.class);
                var resource = set.createResource(org.eclipse.emf.common.util.URI.createURI("synthetic:/warm-up.vmem"));
                String text = "kernel k { version 6.18 }\n"
                        + "vm v { kernel k memory ram: memfd 64MiB map ram shared slot 0 gpa 0x0 userspace ram clock kvmclock }\n"
                        + "scenario s { vm v step gup ram }\n";
                resource.load(new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), null);
                if (resource.getContents().get(0) instanceof dev.vmem.dsl.vmem.Model model) {
                    org.eclipse.emf.ecore.util.EcoreUtil.resolveAll(resource);
                    dev.vmem.engine.Engine.run(new dev.vmem.dsl.mapping.ModelMapper().map(model));
                }
                uptime("warm-up done");
            } catch (IOException | RuntimeException e) {
                org.apache.log4j.Logger.getLogger(VMemLanguageServerLauncher.class).debug("warm-up failed", e);
            }
        }, "vmem-warm-up");
        thread.setDaemon(true);
        thread.start();
        // A failure there reaches the injector's thread, which waits for the packages after Guice.
        dev.vmem.dsl.VMemStandaloneSetup.initializePackagesInBackground();
    }

    /**
     * LSP4J's share of the start, on a third thread while the main thread builds the server's injector: the
     * reflection over the service interfaces, their annotations and the client proxy's class, which the launcher
     * needs in any case (the JDK caches reflection data, annotations and proxy classes per process, so this is
     * not done twice; JSON adapters belong to one Gson instance and are left to the launcher's). Off with
     * {@code -Dvmem.warmUp=false}.
     */
    static void warmUpProtocol() {
        if ("false".equals(System.getProperty("vmem.warmUp", "full"))) {
            return;
        }
        var thread = new Thread(() -> {
            try {
                ServiceEndpoints.getSupportedMethods(LanguageClient.class);
                ServiceEndpoints.getSupportedMethods(VMemLanguageServer.class);
                ServiceEndpoints.toServiceObject(new Endpoint() {
                    @Override
                    public java.util.concurrent.CompletableFuture<?> request(String method, Object parameter) {
                        return null;
                    }

                    @Override
                    public void notify(String method, Object parameter) {
                        // a stand-in: nothing is sent
                    }
                }, LanguageClient.class);
                uptime("protocol warmed up");
            } catch (RuntimeException e) {
                org.apache.log4j.Logger.getLogger(VMemLanguageServerLauncher.class).debug("protocol warm-up failed", e);
            }
        }, "vmem-lsp-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * The language's singletons and classes that {@code initialize} (its server capabilities) and the first
     * build make in any case, made here ahead of them: no work is done twice.
     */
    private static void firstRequestsSingletons(Injector injector) {
        injector.getInstance(org.eclipse.xtext.IGrammarAccess.class);
        var services = injector.getInstance(org.eclipse.xtext.resource.IResourceServiceProvider.class);
        for (Class<?> service : List.of(org.eclipse.xtext.ide.server.codelens.ICodeLensService.class,
                org.eclipse.xtext.ide.server.codelens.ICodeLensResolver.class,
                org.eclipse.xtext.ide.server.codeActions.ICodeActionService2.class,
                org.eclipse.xtext.ide.server.folding.FoldingRangeService.class,
                org.eclipse.xtext.ide.server.rename.IRenameService2.class,
                org.eclipse.xtext.ide.server.ICapabilitiesContributor.class)) {
            services.get(service);
        }
        for (String parser : List.of("dev.vmem.dsl.parser.antlr.internal.InternalVMemLexer",
                "dev.vmem.dsl.parser.antlr.internal.InternalVMemParser")) {
            try {
                Class.forName(parser, true, VMemLanguageServerLauncher.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                // a renamed parser: only this warm-up misses it
            }
        }
    }

    /** Logs a start-up milestone with the JVM's uptime (-Dvmem.log=info). */
    static void uptime(String what) {
        var log = org.apache.log4j.Logger.getLogger(VMemLanguageServerLauncher.class);
        if (log.isInfoEnabled()) {
            log.info(what + " at " + java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() + " ms");
        }
    }

    /**
     * Log4j (Xtext's logger) to standard error only. Cheap on the start path: log4j's default configuration
     * (the {@code log4j.properties} a library jar brings, parsed and then thrown away here) is skipped, and the
     * layout formats the time itself when a message is logged instead of making a {@code SimpleDateFormat} up
     * front (which loads the locale providers' data: a quarter of the main thread's start, docs/benchmarks.md).
     */
    public static void configureLogging() {
        if (System.getProperty(LOG4J_DEFAULT_INIT_OVERRIDE) == null) {
            System.setProperty(LOG4J_DEFAULT_INIT_OVERRIDE, "true");
        }
        var root = org.apache.log4j.Logger.getRootLogger();
        root.removeAllAppenders();
        var appender = new ConsoleAppender(new LogLayout(), ConsoleAppender.SYSTEM_ERR);
        root.addAppender(appender);
        root.setLevel(Level.toLevel(System.getProperty("vmem.log", "warn"), Level.WARN));
        org.apache.log4j.Logger.getLogger("org.eclipse.xtext").setLevel(root.getLevel());
    }

    /** Log4j's switch that skips its default configuration (log4j 1.2's {@code LogManager}). */
    static final String LOG4J_DEFAULT_INIT_OVERRIDE = "log4j.defaultInitOverride";

    /**
     * The log's layout, {@code %d{HH:mm:ss.SSS} %-5p [%t] %c{1} - %m%n} in log4j's terms (local time), with
     * nothing made before the first message. The appender prints a throwable's stack trace after the line.
     */
    static final class LogLayout extends org.apache.log4j.Layout {
        @Override
        public String format(org.apache.log4j.spi.LoggingEvent event) {
            var time = java.time.LocalTime.ofInstant(java.time.Instant.ofEpochMilli(event.getTimeStamp()),
                    java.time.ZoneId.systemDefault());
            String logger = event.getLoggerName();
            var line = new StringBuilder(96);
            two(line, time.getHour()).append(':');
            two(line, time.getMinute()).append(':');
            two(line, time.getSecond()).append('.');
            int millis = time.getNano() / 1_000_000;
            line.append((char) ('0' + millis / 100)).append((char) ('0' + millis / 10 % 10)).append((char) ('0' + millis % 10));
            String level = String.valueOf(event.getLevel());
            line.append(' ').append(level);
            for (int i = level.length(); i < 5; i++) {
                line.append(' ');
            }
            line.append(" [").append(event.getThreadName()).append("] ")
                    .append(logger.substring(logger.lastIndexOf('.') + 1)).append(" - ")
                    .append(event.getRenderedMessage()).append(LINE_SEP);
            return line.toString();
        }

        private static StringBuilder two(StringBuilder line, int value) {
            return line.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
        }

        @Override
        public boolean ignoresThrowable() {
            return true;
        }

        @Override
        public void activateOptions() {
            // no options
        }
    }
}
