package dev.vmem.server.cli;

import com.google.inject.Injector;
import dev.vmem.dsl.VMemStandaloneSetup;
import dev.vmem.dsl.analysis.Background;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;
import org.eclipse.xtext.IGrammarAccess;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line of {@code vmem}: subcommands, exit codes, and the rule that nothing escapes as
 * a stack trace (one line on standard error instead, unless --debug).
 */
public final class Cli {

    /**
     * Where a run reads and writes.
     *
     * @param workingDirectory relative paths are resolved against it
     * @param out              the report (unless -o)
     * @param err              summary, usage errors, internal errors
     */
    public record Context(Path workingDirectory, OutputStream out, PrintWriter err) {
    }

    /** The top-level command: only subcommands. */
    @Command(name = "vmem", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"VMem: guest-memory setups of KVM virtual machines, checked against a model of the Linux memory subsystem.",
                "Without arguments, vmem speaks the Language Server Protocol on standard input and output."},
            synopsisSubcommandLabel = "COMMAND")
    static final class VMemCommand implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing command (try: vmem check --help)");
        }
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"vmem " + version()};
        }
    }

    private Cli() {
    }

    /** Runs {@code vmem ARGS}; returns the exit code. */
    public static int run(String[] args, Context context) {
        var commandLine = new CommandLine(new VMemCommand());
        // picocli builds each command's model by reflection; a run that names a command needs only that
        // one (help, suggestions and errors for anything else still see them all).
        Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
        commands.put("check", () -> new CheckCommand(context));
        commands.put("map", () -> new MapCommand(context));
        commands.put("explain", () -> new ExplainCommand(context));
        commands.put("import", () -> new ImportCommand(context));
        commands.put("kernel", () -> new KernelCommand(context));
        String named = args.length > 0 && commands.containsKey(args[0]) ? args[0] : null;
        commands.forEach((name, command) -> {
            if (named == null || named.equals(name)) {
                commandLine.addSubcommand(new CommandLine(command.get()));
            }
        });
        commandLine.setOut(new PrintWriter(new java.io.OutputStreamWriter(context.out(), java.nio.charset.StandardCharsets.UTF_8), true))
                .setErr(context.err())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler(Cli::usageError)
                .setExecutionExceptionHandler((e, cl, parseResult) -> {
                    boolean debug = parseResult.subcommand() != null && parseResult.subcommand().hasMatchedOption("--debug");
                    cl.getErr().println("vmem: internal error: " + BatchChecker.describe(e)
                            + (debug ? "" : " (run with --debug for the stack trace)"));
                    if (debug) {
                        e.printStackTrace(cl.getErr());
                    }
                    cl.getErr().flush();
                    return ExitCodes.INTERNAL_ERROR;
                });
        commandLine.getCommandSpec().exitCodeOnInvalidInput(ExitCodes.BAD_INPUT);
        commandLine.getCommandSpec().exitCodeOnExecutionException(ExitCodes.INTERNAL_ERROR);
        commandLine.getSubcommands().values().forEach(sub -> {
            sub.getCommandSpec().exitCodeOnInvalidInput(ExitCodes.BAD_INPUT);
            sub.getCommandSpec().exitCodeOnExecutionException(ExitCodes.INTERNAL_ERROR);
        });
        try {
            return commandLine.execute(args);
        } catch (Throwable t) { // picocli handles almost everything; this is the last net
            context.err().println("vmem: internal error: " + BatchChecker.describe(t));
            context.err().flush();
            return ExitCodes.INTERNAL_ERROR;
        }
    }

    /** A usage error: the problem and where to find help, not the whole usage text (GNU style). */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("vmem: " + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        String name = command.getCommandSpec().qualifiedName();
        err.println("Try '" + name + " --help' for more information.");
        err.flush();
        return ExitCodes.BAD_INPUT;
    }

    /**
     * One Xtext injector per process: creating it costs most of a second, and it is thread-safe. The
     * first caller creates it (and loads the grammar); {@link #prepare} lets a background thread start
     * that while the main thread parses the command line and collects the inputs. An exception in the
     * creation reaches every caller as it was thrown.
     */
    private static final FutureTask<Injector> INJECTOR = new FutureTask<>(() -> {
        Timings timings = Timings.start("injector");
        Logging.quiet();
        Injector injector = new VMemStandaloneSetup().createInjectorAndDoEMFRegistration();
        // The grammar is otherwise loaded by the first file's resource; every file needs it.
        injector.getInstance(IGrammarAccess.class).getGrammar();
        Timings.phase(timings, "created");
        return injector;
    });

    /** Whether {@link #prepare} started a thread for the injector (two cores or more). */
    private static volatile boolean preparing;

    static Injector injector() {
        INJECTOR.run(); // does nothing when another thread runs or ran it
        return Background.join(INJECTOR, "creating the Xtext injector");
    }

    /**
     * Starts creating the injector on a background thread when {@code args} name a command that needs
     * it, so that it overlaps the command line's parsing and the input collection (two cores or more).
     */
    public static void prepare(String[] args) {
        if (args.length == 0 || !(args[0].equals("check") || args[0].equals("map"))
                || Runtime.getRuntime().availableProcessors() < 2) {
            return;
        }
        Thread thread = new Thread(INJECTOR, "vmem-injector");
        thread.setDaemon(true);
        preparing = true;
        thread.start();
        // EMF's packages beside Guice: the injector's thread waits for them only after making the injector.
        VMemStandaloneSetup.initializePackagesInBackground();
        EarlyLex.start(args);
    }

    /** True when {@link #prepare} started creating the injector on a thread of its own and it is not done yet. */
    static boolean injectorInTheMaking() {
        return preparing && !INJECTOR.isDone();
    }

    /** The version of the jar (from the Maven metadata it carries), or "dev" when run from classes. */
    public static String version() {
        try (InputStream in = Cli.class.getResourceAsStream(
                "/META-INF/maven/dev.vmem/vmem-language-server/pom.properties")) {
            if (in != null) {
                var properties = new Properties();
                properties.load(in);
                return properties.getProperty("version", "dev");
            }
        } catch (IOException e) {
            // fall through
        }
        return "dev";
    }
}
