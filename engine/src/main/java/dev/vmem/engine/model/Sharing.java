package dev.vmem.engine.model;

/** MAP_SHARED or MAP_PRIVATE. */
public enum Sharing {
    SHARED("shared"),
    PRIVATE("private");

    private final String keyword;

    Sharing(String keyword) {
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }
}
