package dev.vmem.engine.model;

/** The kind of a memory access. */
public enum Access {
    READ("read"),
    WRITE("write"),
    EXEC("exec");

    private final String keyword;

    Access(String keyword) {
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }
}
