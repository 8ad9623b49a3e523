package dev.vmem.server;

import dev.vmem.server.cli.Cli;
import dev.vmem.server.lsp.VMemLanguageServerLauncher;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The main class of {@code vmem.jar}. Without arguments it is the language server (LSP on standard
 * input and output; {@code --socket PORT} on 127.0.0.1 for debugging, see docs/lsp.md); with
 * arguments it is the command line ({@code vmem check …}, see docs/cli.md).
 */
public final class Main {

    private Main() {
    }

    /**
     * Guice's run-time bytecode generation ({@code FastClass} per injected type, made and defined at start-up)
     * is turned off unless the caller chose: with it on, a cold start of the server defines about 180 classes
     * that no class-data archive can hold, and no VMem or Xtext binding uses method interception, the one
     * Guice feature that needs it. Reflection does the injections instead (docs/benchmarks.md, third pass).
     */
    static final String GUICE_BYTECODE_GEN = "guice_bytecode_gen_option";

    public static void main(String[] args) {
        if (System.getProperty(GUICE_BYTECODE_GEN) == null) {
            System.setProperty(GUICE_BYTECODE_GEN, "DISABLED");
        }
        if (args.length == 1 && args[0].equals(ClassDataTraining.ARGUMENT)) {
            // Not a user command: the training run of the class-data-sharing archive (ClassDataTraining).
            System.exit(ClassDataTraining.run(new PrintWriter(System.err, true)));
        }
        if (VMemLanguageServerLauncher.isServerCommand(args)) {
            System.exit(VMemLanguageServerLauncher.run(args, System.err));
        }
        Cli.prepare(args);
        var err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code = Cli.run(args, new Cli.Context(Path.of("").toAbsolutePath(), System.out, err));
        System.out.flush();
        err.flush();
        System.exit(code);
    }
}
