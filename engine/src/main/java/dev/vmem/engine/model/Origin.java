package dev.vmem.engine.model;

/**
 * An opaque handle to the source of a model element. The engine stores origins and returns them on
 * findings, traces and exposure entries; it never looks inside. Callers implement it (the DSL uses
 * one that names an EMF object and feature); {@link #named(String)} serves tests and hand-built models.
 */
public interface Origin {

    /** The origin of elements the engine supplies itself (defaults, the built-in kernel profile). */
    Origin NONE = named("<none>");

    /** A short human-readable description, used in traces and when no better place is known. */
    String describe();

    /** An origin that is just a label; two such origins are equal when their labels are. */
    static Origin named(String label) {
        return new Named(label);
    }

    /** The simple origin behind {@link #named(String)}. */
    record Named(String label) implements Origin {
        @Override
        public String describe() {
            return label;
        }
    }
}
