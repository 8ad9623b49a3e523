package dev.vmem.engine.kb;

/** How well a fact is established (the tags of the project's kernel fact sheet). */
public enum Certainty {
    /** Read in source code or patch text; the function is named. */
    SOURCE("S", "read in source"),
    /** Stated in a mail, commit message or documentation, not checked against code. */
    DOCUMENTED("D", "documented"),
    /** Inferred by following the call chain from source facts. */
    INFERRED("I", "inferred"),
    /** Recalled or unverified: a hypothesis. */
    UNVERIFIED("U", "unverified");

    private final String tag;
    private final String description;

    Certainty(String tag, String description) {
        this.tag = tag;
        this.description = description;
    }

    /** The one-letter tag, S, D, I or U. */
    public String tag() {
        return tag;
    }

    public String description() {
        return description;
    }

    /** The weaker of two certainties: a conclusion is only as certain as its weakest step. */
    public Certainty weakest(Certainty other) {
        return ordinal() >= other.ordinal() ? this : other;
    }
}
