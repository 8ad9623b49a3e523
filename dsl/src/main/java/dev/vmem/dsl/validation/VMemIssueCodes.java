package dev.vmem.dsl.validation;

import dev.vmem.dsl.codes.LanguageCode;
import java.util.List;
import java.util.stream.Stream;

/**
 * The language's codes as strings, for Xtext's issue APIs: each is the code of a {@link LanguageCode},
 * which holds its severity, title and help (the catalogue's entry).
 *
 * <p>Codes are stable kebab-case strings without a language prefix; once released a code never
 * changes meaning. Tests assert codes and positions, never message text.
 */
public final class VMemIssueCodes {

    /** The parser could not make sense of the text (unexpected or missing token). */
    public static final String SYNTAX_ERROR = LanguageCode.SYNTAX_ERROR.code();

    /** A name that refers to no kernel, VM or backing in scope. The issue data holds the name. */
    public static final String UNRESOLVED_REFERENCE = LanguageCode.UNRESOLVED_REFERENCE.code();

    /** An {@code import} whose file does not exist or cannot be loaded. */
    public static final String UNRESOLVED_IMPORT = LanguageCode.UNRESOLVED_IMPORT.code();

    /** Two declarations of one kind with the same name (or two slots with one id) in one scope. */
    public static final String DUPLICATE_NAME = LanguageCode.DUPLICATE_NAME.code();

    /** A setting that may be given once (version, arch, kernel, type, vcpus, rlimit) given again. */
    public static final String DUPLICATE_SETTING = LanguageCode.DUPLICATE_SETTING.code();

    /** A kernel profile without {@code version}. */
    public static final String MISSING_VERSION = LanguageCode.MISSING_VERSION.code();

    /** A number or size that does not fit in an unsigned 64-bit value (or in the field it sets). */
    public static final String NUMBER_OVERFLOW = LanguageCode.NUMBER_OVERFLOW.code();

    /** A number with no digits where digits are required, e.g. {@code 0x}. */
    public static final String BAD_NUMBER = LanguageCode.BAD_NUMBER.code();

    /** A unit suffix that is not KiB, MiB, GiB, TiB, K, M, G or T, or a unit where none is allowed. */
    public static final String BAD_UNIT = LanguageCode.BAD_UNIT.code();

    /** A kernel version that is not major.minor[.patch]. */
    public static final String BAD_VERSION = LanguageCode.BAD_VERSION.code();

    /** A patch revision that is not vN. */
    public static final String BAD_REVISION = LanguageCode.BAD_REVISION.code();

    private VMemIssueCodes() {
    }

    /**
     * Every code the language's parser, linker and checks issue, in declaration order (for dangling-code
     * tests); {@link LanguageCode#STRUCTURE} stands for issues that came without a code and is not one,
     * and the tools' codes are not the language's.
     */
    public static List<String> all() {
        return Stream.of(LanguageCode.values()).filter(c -> c != LanguageCode.STRUCTURE && !c.tool())
                .map(LanguageCode::code).toList();
    }
}
