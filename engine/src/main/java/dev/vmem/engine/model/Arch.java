package dev.vmem.engine.model;

/** Host architectures the knowledge base models. */
public enum Arch {
    X86_64("x86_64"),
    ARM64("arm64");

    private final String keyword;

    Arch(String keyword) {
        this.keyword = keyword;
    }

    /** The spelling in the VMem language. */
    public String keyword() {
        return keyword;
    }
}
