package dev.vmem.server.cli;

import dev.vmem.engine.report.Severity;
import dev.vmem.server.cli.report.Codes;
import dev.vmem.server.cli.report.Problem;
import dev.vmem.server.cli.report.ProblemKind;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns the PATH arguments into the files to check. A file is taken as named (whatever its
 * extension); a folder is searched recursively for {@code *.vmem} (or, with {@code --from}, for the
 * format's extensions, {@code VmmFormat.extensions()}), entries in plain string order
 * so that every run sees the same order, skipping entries whose name starts with a dot. Symbolic
 * links are followed, but a folder already on the way down (a link loop) is not entered again, and a
 * file reached twice is checked once.
 */
public final class InputCollector {

    /** One input: a file to check, or a path that could not be read. */
    public sealed interface Input {
    }

    /** A file to check. */
    public record Found(InputFile file) implements Input {
    }

    /** A path that could not be read. */
    public record Unreadable(Problem problem) implements Input {
    }

    /** The inputs in command-line order, each folder's files in sorted order. */
    public record Inputs(List<Input> inputs) {
        public Inputs {
            inputs = List.copyOf(inputs);
        }

        public List<InputFile> files() {
            return inputs.stream().filter(Found.class::isInstance).map(i -> ((Found) i).file()).toList();
        }

        public List<Problem> unreadable() {
            return inputs.stream().filter(Unreadable.class::isInstance).map(i -> ((Unreadable) i).problem()).toList();
        }
    }

    private final Path workingDirectory;
    private final List<Input> inputs = new ArrayList<>();
    private final Set<Path> seenFiles = new HashSet<>();
    private final List<String> extensions;

    private InputCollector(Path workingDirectory, List<String> extensions) {
        this.workingDirectory = workingDirectory;
        this.extensions = List.copyOf(extensions);
    }

    /**
     * @param workingDirectory relative arguments are resolved against it
     * @param arguments        the PATH arguments, as given
     */
    public static Inputs collect(Path workingDirectory, List<String> arguments) {
        return collect(workingDirectory, arguments, List.of(".vmem"));
    }

    /**
     * @param workingDirectory relative arguments are resolved against it
     * @param arguments        the PATH arguments, as given
     * @param extensions       the name endings a folder is searched for (a named file is taken whatever its name)
     */
    public static Inputs collect(Path workingDirectory, List<String> arguments, List<String> extensions) {
        var collector = new InputCollector(workingDirectory, extensions);
        for (String argument : arguments) {
            collector.argument(argument);
        }
        return new Inputs(collector.inputs);
    }

    private void argument(String argument) {
        Path path;
        try {
            path = workingDirectory.resolve(argument);
        } catch (java.nio.file.InvalidPathException e) {
            fail(argument, "not a valid path: " + e.getReason());
            return;
        }
        if (Files.isDirectory(path)) {
            folder(argument, path, new HashSet<>());
        } else if (Files.isRegularFile(path)) {
            file(argument, path);
        } else if (Files.exists(path, LinkOption.NOFOLLOW_LINKS) && !Files.exists(path)) {
            fail(argument, "broken symbolic link");
        } else if (Files.exists(path)) {
            fail(argument, "not a regular file or folder");
        } else {
            fail(argument, "no such file or folder");
        }
    }

    private void folder(String display, Path folder, Set<Path> ancestors) {
        Path real;
        try {
            real = folder.toRealPath();
        } catch (IOException e) {
            fail(display, describe(e));
            return;
        }
        if (!ancestors.add(real)) {
            return; // a symbolic link back to a folder we are already in
        }
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
            for (Path entry : stream) {
                entries.add(entry);
            }
        } catch (IOException | SecurityException e) {
            fail(display, e instanceof IOException io ? describe(io) : "permission denied");
            ancestors.remove(real);
            return;
        }
        entries.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        for (Path entry : entries) {
            String name = entry.getFileName().toString();
            if (name.startsWith(".")) {
                continue;
            }
            String childDisplay = display.endsWith("/") ? display + name : display + "/" + name;
            if (Files.isDirectory(entry)) {
                folder(childDisplay, entry, ancestors);
            } else if (extensions.stream().anyMatch(name::endsWith)) {
                if (Files.isRegularFile(entry)) {
                    file(childDisplay, entry);
                } else if (!Files.exists(entry)) {
                    fail(childDisplay, "broken symbolic link");
                } else {
                    fail(childDisplay, "not a regular file");
                }
            }
        }
        ancestors.remove(real);
    }

    private void file(String display, Path file) {
        Path key;
        try {
            key = file.toRealPath();
        } catch (IOException e) {
            key = file.toAbsolutePath().normalize();
        }
        if (seenFiles.add(key)) {
            inputs.add(new Found(new InputFile(display, file)));
        }
    }

    private void fail(String display, String why) {
        inputs.add(new Unreadable(Problem.aboutFile(display, Codes.UNREADABLE_INPUT, Severity.ERROR, "cannot read: " + why,
                ProblemKind.INPUT)));
    }

    static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
