package dev.vmem.dsl.validation;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/**
 * The issue codes of the language's own (structural) diagnostics: syntax, linking and the cheap
 * checks that run while typing. Engine findings carry the engine's rule codes instead.
 *
 * <p>Codes are stable kebab-case strings without a language prefix; once released a code never
 * changes meaning. Tests assert codes and positions, never message text.
 */
public final class VMemIssueCodes {

    /** The parser could not make sense of the text (unexpected or missing token). */
    public static final String SYNTAX_ERROR = "syntax-error";

    /** A name that refers to no kernel, VM or backing in scope. The issue data holds the name. */
    public static final String UNRESOLVED_REFERENCE = "unresolved-reference";

    /** An {@code import} whose file does not exist or cannot be loaded. */
    public static final String UNRESOLVED_IMPORT = "unresolved-import";

    /** Two declarations of one kind with the same name (or two slots with one id) in one scope. */
    public static final String DUPLICATE_NAME = "duplicate-name";

    /** A setting that may be given once (version, arch, kernel, type, vcpus, rlimit) given again. */
    public static final String DUPLICATE_SETTING = "duplicate-setting";

    /** A kernel profile without {@code version}. */
    public static final String MISSING_VERSION = "missing-version";

    /** A number or size that does not fit in an unsigned 64-bit value (or in the field it sets). */
    public static final String NUMBER_OVERFLOW = "number-overflow";

    /** A number with no digits where digits are required, e.g. {@code 0x}. */
    public static final String BAD_NUMBER = "bad-number";

    /** A unit suffix that is not KiB, MiB, GiB, TiB, K, M, G or T, or a unit where none is allowed. */
    public static final String BAD_UNIT = "bad-unit";

    /** A kernel version that is not major.minor[.patch]. */
    public static final String BAD_VERSION = "bad-version";

    /** A patch revision that is not vN. */
    public static final String BAD_REVISION = "bad-revision";

    private VMemIssueCodes() {
    }

    /** Every code declared above, in declaration order (for documentation and dangling-code tests). */
    public static List<String> all() {
        var codes = new ArrayList<String>();
        for (Field field : VMemIssueCodes.class.getDeclaredFields()) {
            int modifiers = field.getModifiers();
            if (Modifier.isStatic(modifiers) && Modifier.isFinal(modifiers) && field.getType() == String.class) {
                try {
                    codes.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return List.copyOf(codes);
    }
}
