package dev.vmem.editor.map;

/**
 * A lane's grouping and axis: elements {@code bounds[g]} to {@code bounds[g + 1]} (exclusive) form group
 * {@code g}, {@code groupOf} maps an element to its group, and the axis places the groups.
 */
record LaneGeometry(int[] bounds, int[] groupOf, Axis axis, int items) {
    int groups() {
        return Grouping.count(bounds);
    }

    int from(int g) {
        return bounds[g];
    }

    int to(int g) {
        return bounds[g + 1];
    }
}
