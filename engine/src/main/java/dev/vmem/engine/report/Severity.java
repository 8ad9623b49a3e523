package dev.vmem.engine.report;

/** How serious a finding is. */
public enum Severity {
    ERROR("error"),
    WARNING("warning"),
    INFO("info");

    private final String keyword;

    Severity(String keyword) {
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }

    /** True when this severity is at least as serious as {@code threshold}. */
    public boolean atLeast(Severity threshold) {
        return ordinal() <= threshold.ordinal();
    }
}
