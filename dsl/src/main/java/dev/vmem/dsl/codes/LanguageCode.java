package dev.vmem.dsl.codes;

import dev.vmem.engine.report.Severity;
import java.util.Arrays;
import java.util.Optional;

/**
 * The codes of the language's own (structural) problems: syntax, linking and the cheap checks that
 * run while typing; and, marked {@link #tool()}, the codes of problems with the input or with VMem
 * itself (a file the CLI cannot read, a file or document over the size limit, an engine failure in the
 * {@code Checker}). Engine findings carry the engine's {@code Rule} codes instead. Same shape as the
 * engine's rules; each code has a page under {@code docs/rules/}. Tests assert codes and positions,
 * never message text.
 */
public enum LanguageCode implements TextCode {
    SYNTAX_ERROR(false, "syntax-error", "Syntax error",
            "The parser could not make sense of the text: an unexpected or missing token. The message names what was expected.",
            "Write what the message says was expected; nothing else is checked until the file parses."),
    UNRESOLVED_REFERENCE(false, "unresolved-reference", "Unresolved reference",
            "A name that refers to no kernel profile, VM or backing in scope.",
            "Declare the name, correct its spelling, or import the file that declares it."),
    UNRESOLVED_IMPORT(false, "unresolved-import", "Unresolved import",
            "An import whose file does not exist or cannot be loaded.",
            "Name an existing .vmem file, relative to the importing file and inside the workspace."),
    DUPLICATE_NAME(false, "duplicate-name", "Duplicate name",
            "Two declarations of one kind with the same name (or two slots with one id) in one scope.",
            "Rename one of them."),
    DUPLICATE_SETTING(false, "duplicate-setting", "Setting given twice",
            "A setting that may be given once (version, arch, kernel, type, vcpus, rlimit) given again.",
            "Keep one. For two variants of a kernel, declare two profiles."),
    MISSING_VERSION(false, "missing-version", "Kernel profile without a version",
            "A kernel profile without a version line.",
            "Add a version line, e.g. version 6.18."),
    NUMBER_OVERFLOW(false, "number-overflow", "Number too large",
            "A number or size that does not fit in an unsigned 64-bit value, or in the field it sets.",
            "Use a smaller number or a smaller unit."),
    BAD_NUMBER(false, "bad-number", "Malformed number",
            "A number with no digits where digits are required, e.g. 0x.",
            "Write the digits."),
    BAD_UNIT(false, "bad-unit", "Unknown unit",
            "A unit suffix that is not KiB, MiB, GiB, TiB, K, M, G or T, or a unit where none is allowed.",
            "Use one of KiB, MiB, GiB, TiB (or K, M, G, T), or drop the unit."),
    BAD_VERSION(false, "bad-version", "Malformed kernel version",
            "A kernel version that is not major.minor[.patch].",
            "Write the version as major.minor or major.minor.patch, e.g. 6.18."),
    BAD_REVISION(false, "bad-revision", "Malformed patch revision",
            "A patch revision that is not vN.",
            "Write the revision as v followed by a number, e.g. v12."),
    STRUCTURE(false, "structure", "Structural problem",
            "A problem the language framework found that no VMem check names (a malformed model element).",
            "Follow the message; if it is not clear, report it: every problem should have a code of its own."),
    // ---- codes of the tools around the language, not of the text ----
    UNREADABLE_INPUT(true, "unreadable-input", "Input cannot be read",
            "A path on the command line (or a file or folder below it) does not exist, cannot be read, is not a regular file or folder, or is not UTF-8 text.",
            "Name an existing, readable .vmem file or folder; save the file as UTF-8."),
    INPUT_TOO_LARGE(true, "input-too-large", "Input file too large",
            "A .vmem file or an open document is larger than the size limit (4 MiB unless vmem check --max-file-size says otherwise); it is not parsed.",
            "Split the file with import, or raise the CLI's --max-file-size."),
    INTERNAL_ERROR(true, "internal-error", "Internal error",
            "VMem failed while checking the file. This is a bug in VMem, not a problem of the file.",
            "Report it with the file; vmem check --debug prints the stack trace.");

    private final boolean tool;
    private final CodeText text;

    LanguageCode(boolean tool, String code, String title, String whenItFires, String fix) {
        this.tool = tool;
        this.text = new CodeText(code, Severity.ERROR, title, whenItFires, fix);
    }

    /** The code's texts; every one of these codes is an error (the engine does not run on a file with one). */
    @Override
    public CodeText text() {
        return text;
    }

    /**
     * True for the codes of the tools rather than of the text: an input the CLI cannot read, a file or
     * document over the size limit, an internal error.
     */
    public boolean tool() {
        return tool;
    }

    public static Optional<LanguageCode> byCode(String code) {
        return Arrays.stream(values()).filter(c -> c.code().equals(code)).findFirst();
    }
}
