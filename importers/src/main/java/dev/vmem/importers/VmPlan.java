package dev.vmem.importers;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * The VM an importer builds, member by member, each with the comment naming the field or option it
 * came from and its place in the original file; rendered into {@code .vmem} text with a source map.
 */
final class VmPlan {

    /** Column at which trailing comments start. */
    private static final int COMMENT_COLUMN = 48;

    private record Line(String code, String comment, SourcePosition pos) {
    }

    private final VmmFormat format;
    private final String fileName;
    private final List<String> header = new ArrayList<>();
    private final List<Line> members = new ArrayList<>();
    private final List<Note> notes = new ArrayList<>();
    private String vmName = "vm";
    private SourcePosition vmPos = SourcePosition.START;

    VmPlan(VmmFormat format, String fileName) {
        this.format = format;
        this.fileName = fileName;
    }

    VmPlan name(String name, SourcePosition pos) {
        this.vmName = Text.name(name, "vm");
        this.vmPos = pos;
        return this;
    }

    /** A line of the header comment (what the VMM does, with its source file). */
    VmPlan header(String line) {
        header.add(Text.clean(line));
        return this;
    }

    /** A member: {@code code // comment}, mapped to {@code pos}. */
    VmPlan add(String code, String comment, SourcePosition pos) {
        members.add(new Line(code, comment == null ? null : Text.clean(comment), pos));
        return this;
    }

    /** A comment line inside the VM, mapped to {@code pos}. */
    VmPlan comment(String comment, SourcePosition pos) {
        members.add(new Line(null, Text.clean(comment), pos));
        return this;
    }

    VmPlan blank() {
        members.add(new Line(null, null, null));
        return this;
    }

    /** A setting VMem knows but does not model: a comment in the VM and an info note at the setting. */
    VmPlan notModelled(String setting, String effect, SourcePosition pos) {
        comment("not modelled: " + setting + ": " + effect, pos);
        notes.add(Note.info(Note.NOT_MODELLED, "not modelled: " + Text.clean(setting) + ": " + Text.clean(effect), pos));
        return this;
    }

    /** A combination the VMM itself refuses, with the VMM source that refuses it. */
    VmPlan vmmRefuses(String message, SourcePosition pos) {
        comment("the VMM refuses this: " + message, pos);
        notes.add(new Note(Note.VMM_REFUSES, "error", Text.clean(message), pos));
        return this;
    }

    ImportResult render(ImportOptions options) {
        var out = new StringBuilder();
        Map<Integer, SourcePosition> map = new HashMap<>();
        int[] line = {1};
        java.util.function.Consumer<String> emit = s -> {
            out.append(s).append('\n');
            line[0]++;
        };
        emit.accept("// Imported by 'vmem import --from " + format.keyword() + "' from " + Text.clean(fileName) + ".");
        for (String h : header) {
            emit.accept("// " + h);
        }
        emit.accept("");
        KernelChoice kernel = options.kernel();
        var allNotes = new ArrayList<Note>();
        if (kernel == null) {
            emit.accept("// No --kernel: the VM runs on the built-in default profile (the newest mainline release VMem");
            emit.accept("// knows, x86_64, no patches). Pass --kernel VERSION or --kernel host to check another kernel.");
            allNotes.add(Note.info(Note.DEFAULT_KERNEL,
                    "no --kernel: checked against the built-in default profile (newest mainline release, x86_64, no patches)",
                    SourcePosition.START));
        } else {
            for (String l : kernel.block().split("\n")) {
                emit.accept(l);
            }
            allNotes.addAll(kernel.notes());
        }
        emit.accept("");
        map.put(line[0], vmPos);
        emit.accept("vm " + vmName + " {");
        if (kernel != null) {
            emit.accept("    kernel " + kernel.name());
        }
        for (Line l : members) {
            if (l.pos() != null) {
                map.put(line[0], l.pos());
            }
            if (l.code() == null) {
                emit.accept(l.comment() == null ? "" : "    // " + l.comment());
            } else if (l.comment() == null) {
                emit.accept("    " + l.code());
            } else {
                String code = "    " + l.code();
                emit.accept(code + " ".repeat(Math.max(1, COMMENT_COLUMN - code.length())) + "// " + l.comment());
            }
        }
        emit.accept("}");
        allNotes.addAll(notes);
        return new ImportResult(out.toString(), map, allNotes);
    }

    // ---- layouts ----

    /** One memslot's share of a backing: guest address, size, offset into the backing. */
    record Region(long gpa, long size, long offset) {
    }

    /**
     * Splits {@code size} bytes of RAM around holes: RAM fills {@code [start, hole0)}, continues at
     * {@code resume0} up to {@code hole1} (if any), and so on.
     *
     * @param bounds pairs (end of RAM window, start of the next window); the last window is unbounded
     */
    static List<Region> split(long start, long size, long... bounds) {
        var regions = new ArrayList<Region>();
        long gpa = start;
        long offset = 0;
        long left = size;
        for (int i = 0; i + 1 < bounds.length && left > 0; i += 2) {
            long window = bounds[i] - gpa;
            if (window <= 0) {
                gpa = Math.max(gpa, bounds[i + 1]);
                continue;
            }
            long take = Math.min(window, left);
            regions.add(new Region(gpa, take, offset));
            offset += take;
            left -= take;
            gpa = bounds[i + 1];
        }
        if (left > 0) {
            regions.add(new Region(gpa, left, offset));
        }
        return regions;
    }

    /** A memslot's worth of one block: its guest address, size, and offset into the block. */
    record Piece<T>(T block, long gpa, long size, long offset) {
    }

    /**
     * The blocks laid end to end over the RAM regions of {@link #split}: one piece for each block in
     * each region it overlaps, region by region, in the blocks' order.
     */
    static <T> List<Piece<T>> pieces(List<Region> regions, List<T> blocks, ToLongFunction<T> size) {
        var pieces = new ArrayList<Piece<T>>();
        for (Region r : regions) {
            long start = 0;
            for (T b : blocks) {
                long end = start + size.applyAsLong(b);
                long from = Math.max(start, r.offset());
                long to = Math.min(end, r.offset() + r.size());
                if (from < to) {
                    pieces.add(new Piece<>(b, r.gpa() + (from - r.offset()), to - from, from - start));
                }
                start = end;
            }
        }
        return pieces;
    }

    /** A {@code private} line for each of {@code regions}, with the same comment and position. */
    VmPlan privates(List<Region> regions, String comment, SourcePosition pos) {
        for (Region p : regions) {
            add("private gpa " + Text.address(p.gpa()) + " size " + Text.size(p.size()), comment, pos);
        }
        return this;
    }
}
