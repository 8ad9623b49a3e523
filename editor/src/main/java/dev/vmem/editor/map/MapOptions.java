package dev.vmem.editor.map;

/**
 * What a memory map shows.
 *
 * @param vm                 the one VM to draw, or null for every VM of the file
 * @param title              the heading (usually the file's name); "" for none
 * @param maxGroups          most elements drawn per lane: more are merged into groups (at least 8)
 * @param maxListedFindings  most findings listed under each VM (the rest are counted)
 */
public record MapOptions(String vm, String title, int maxGroups, int maxListedFindings) {

    /** Most elements drawn per lane by default. */
    public static final int DEFAULT_MAX_GROUPS = 48;
    /** Most findings listed per VM by default. */
    public static final int DEFAULT_MAX_LISTED_FINDINGS = 10;

    public MapOptions {
        title = title == null ? "" : title;
        if (maxGroups < 8) {
            throw new IllegalArgumentException("maxGroups must be at least 8, not " + maxGroups);
        }
        if (maxListedFindings < 0) {
            throw new IllegalArgumentException("maxListedFindings must not be negative");
        }
    }

    /** Every VM, no title, the default limits. */
    public static MapOptions defaults() {
        return new MapOptions(null, "", DEFAULT_MAX_GROUPS, DEFAULT_MAX_LISTED_FINDINGS);
    }

    /** The same options for one VM (null: every VM). */
    public MapOptions withVm(String vm) {
        return new MapOptions(vm, title, maxGroups, maxListedFindings);
    }

    /** The same options with a heading. */
    public MapOptions withTitle(String title) {
        return new MapOptions(vm, title, maxGroups, maxListedFindings);
    }
}
