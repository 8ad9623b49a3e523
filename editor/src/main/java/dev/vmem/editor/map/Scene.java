package dev.vmem.editor.map;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The picture as geometry, before it is written: rectangles, paths and text lines in nested groups,
 * on a canvas of a known size. Every text line goes through {@link #place}, which refuses a line whose
 * box would leave the canvas or touch a line already placed; so no two labels of a picture overlap, by
 * construction (and the tests check the written SVG again).
 */
final class Scene {

    /** Where a text line's x is: its start, middle or end. */
    enum Anchor {
        START("start"), MIDDLE("middle"), END("end");

        private final String svg;

        Anchor(String svg) {
            this.svg = svg;
        }

        String svg() {
            return svg;
        }
    }

    /** An axis-aligned box, x0 ≤ x1, y0 ≤ y1. */
    record Box(double x0, double y0, double x1, double y1) {
        boolean intersects(Box o) {
            return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1;
        }

        boolean within(double width, double height) {
            return x0 >= 0 && y0 >= 0 && x1 <= width && y1 <= height;
        }
    }

    /** Something drawn. */
    sealed interface Node permits Rect, Path, Text, Group {
    }

    /** A rectangle; {@code css} names its classes. */
    record Rect(double x, double y, double w, double h, String css) implements Node {
    }

    /** An SVG path ({@code d} in absolute commands). */
    record Path(String d, String css) implements Node {
    }

    /** One line of text; y is the baseline. */
    record Text(double x, double y, String text, double size, Anchor anchor, String css) implements Node {
        Text {
            text = Xml.line(text);
        }

        Box box() {
            return TextMetrics.box(x, y, text, size, anchor);
        }
    }

    /**
     * A group: what it draws, an optional tooltip (its SVG title) and key (data-key: "slot 0" and so on,
     * for scripts and tests).
     */
    static final class Group implements Node {
        private final String css;
        private final String key;
        private final String tooltip;
        private final List<Node> children = new ArrayList<>();

        Group(String css, String key, String tooltip) {
            this.css = css == null ? "" : css;
            this.key = Xml.line(key);
            this.tooltip = Xml.clean(tooltip);
        }

        Group add(Node node) {
            children.add(node);
            return this;
        }

        boolean isPlain() {
            return css.isEmpty() && key.isEmpty() && tooltip.isEmpty();
        }

        String css() {
            return css;
        }

        String key() {
            return key;
        }

        String tooltip() {
            return tooltip;
        }

        List<Node> children() {
            return Collections.unmodifiableList(children);
        }
    }

    private static final double CELL = 64;

    private final double width;
    private double height;
    private final Group root = new Group("", "", "");
    private final Map<Long, List<Box>> grid = new HashMap<>();
    private int texts;
    private double textBottom;

    /** A canvas {@code width} wide; its height is open until {@link #height(double)} fixes it. */
    Scene(double width) {
        this.width = width;
        this.height = Double.MAX_VALUE;
    }

    double width() {
        return width;
    }

    double height() {
        return height;
    }

    /** Fixes the canvas's height once everything is laid out (every placed text must be above it). */
    void height(double h) {
        if (h < textBottom) {
            throw new IllegalArgumentException("a text reaches below " + h);
        }
        height = h;
    }

    Group root() {
        return root;
    }

    int textCount() {
        return texts;
    }

    /** True when a line with this box could be placed: on the canvas, touching no placed line. */
    boolean free(Box box) {
        if (!box.within(width, height)) {
            return false;
        }
        for (long cell : cells(box)) {
            for (Box other : grid.getOrDefault(cell, List.of())) {
                if (other.intersects(box)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Adds the text to {@code group} if its box is free; returns whether it did. */
    boolean place(Group group, Text text) {
        if (text.text().isEmpty()) {
            return false;
        }
        Box box = text.box();
        if (!free(box)) {
            return false;
        }
        for (long cell : cells(box)) {
            grid.computeIfAbsent(cell, c -> new ArrayList<>()).add(box);
        }
        textBottom = Math.max(textBottom, box.y1());
        group.add(text);
        texts++;
        return true;
    }

    private static List<Long> cells(Box b) {
        var out = new ArrayList<Long>();
        long cx0 = (long) Math.floor(b.x0() / CELL);
        long cx1 = (long) Math.floor(b.x1() / CELL);
        long cy0 = (long) Math.floor(b.y0() / CELL);
        long cy1 = (long) Math.floor(b.y1() / CELL);
        for (long cx = cx0; cx <= cx1; cx++) {
            for (long cy = cy0; cy <= cy1; cy++) {
                out.add(cx * 1_000_003L + cy);
            }
        }
        return out;
    }
}
