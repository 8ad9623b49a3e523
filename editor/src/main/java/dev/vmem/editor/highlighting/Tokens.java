package dev.vmem.editor.highlighting;

/**
 * The highlighting ids of {@link VMemHighlighting}: token types, then modifiers. Spelled as the
 * Language Server Protocol's standard semantic token types and modifiers, so that the language server
 * hands them over unchanged; other editors map them to their styles.
 */
public final class Tokens {

    public static final String KEYWORD = "keyword";
    public static final String NUMBER = "number";
    public static final String STRING = "string";
    /** An enumerated value: a flag, VM type, arch, outcome, … */
    public static final String ENUM_MEMBER = "enumMember";
    /** A kernel profile's name. */
    public static final String NAMESPACE = "namespace";
    /** A VM's name. */
    public static final String CLASS = "class";
    /** A backing's name (and any other name). */
    public static final String VARIABLE = "variable";
    /** A device's name. */
    public static final String PROPERTY = "property";
    /** A scenario's name. */
    public static final String FUNCTION = "function";

    /** Modifier: the name is declared here (not a reference). */
    public static final String DECLARATION = "declaration";

    private Tokens() {
    }

    /** True for the types of names (declared or referenced). */
    public static boolean isName(String type) {
        return switch (type) {
            case NAMESPACE, CLASS, VARIABLE, PROPERTY, FUNCTION -> true;
            default -> false;
        };
    }
}
