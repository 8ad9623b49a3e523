package dev.vmem.importers;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The kernel profile an import writes: a release given on the command line, or the running host's
 * (read by {@link HostKernel}).
 *
 * @param name    the profile's name in the generated file
 * @param lines   the block's members, each {@code code // comment} already formatted
 * @param notes   what could not be determined (host only)
 */
public record KernelChoice(String name, List<String> lines, List<String> header, List<Note> notes) {

    private static final Pattern VERSION = Pattern.compile("(\\d{1,4})\\.(\\d{1,4})(\\.\\d{1,6})?");

    public KernelChoice {
        lines = List.copyOf(lines);
        header = List.copyOf(header);
        notes = List.copyOf(notes);
    }

    /**
     * {@code --kernel VERSION} ({@code 6.18}, {@code 6.12.118}), optionally {@code VERSION/arm64}.
     *
     * @throws IllegalArgumentException not a version
     */
    public static KernelChoice version(String text) {
        String arch = "x86_64";
        String v = text.strip();
        int slash = v.indexOf('/');
        if (slash >= 0) {
            arch = v.substring(slash + 1);
            v = v.substring(0, slash);
            if (!arch.equals("x86_64") && !arch.equals("arm64")) {
                throw new IllegalArgumentException("unknown architecture '" + arch + "' (expected x86_64 or arm64)");
            }
        }
        if (!VERSION.matcher(v).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a kernel release (expected host, or MAJOR.MINOR[.PATCH] such as 6.18)");
        }
        return new KernelChoice("k" + v.replace('.', '_'), List.of("version " + v, "arch " + arch),
                List.of("--kernel " + text), List.of());
    }

    /** The text of the block. */
    public String block() {
        var b = new StringBuilder();
        for (String h : header) {
            b.append("// ").append(h).append('\n');
        }
        b.append("kernel ").append(name).append(" {\n");
        for (String l : lines) {
            b.append("    ").append(l).append('\n');
        }
        b.append("}\n");
        return b.toString();
    }
}
