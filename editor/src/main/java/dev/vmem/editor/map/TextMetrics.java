package dev.vmem.editor.map;

/**
 * Conservative text measurement, by character count. The picture sets all text in a monospace font
 * (DejaVu Sans Mono, Menlo, Consolas: an advance of 0.55–0.61 em per character); a box here is at least
 * as wide and tall as what a browser draws, so boxes that do not intersect here do not overlap on screen.
 */
final class TextMetrics {

    /** Advance per character, in em: above every common monospace font's 0.6. */
    static final double ADVANCE = 0.62;
    /** Advance of a character a monospace font may not have (CJK, emoji: drawn by a fallback font). */
    static final double WIDE_ADVANCE = 1.25;
    /** Above the baseline, in em. */
    static final double ASCENT = 0.95;
    /** Below the baseline, in em. */
    static final double DESCENT = 0.27;

    private TextMetrics() {
    }

    /** The width of {@code text} at {@code size} px. */
    static double width(String text, double size) {
        double em = 0;
        for (int i = 0; i < text.length();) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            em += wide(cp) ? WIDE_ADVANCE : ADVANCE;
        }
        return em * size;
    }

    /** The largest number of (narrow) characters that fit in {@code width} px. */
    static int fit(double width, double size) {
        return width <= 0 ? 0 : (int) Math.floor(width / (ADVANCE * size));
    }

    /** Anything but Latin, Greek, Cyrillic and the symbols the picture itself uses counts as wide. */
    private static boolean wide(int cp) {
        boolean narrow = cp < 0x0250 || (cp >= 0x0370 && cp <= 0x04FF) || (cp >= 0x2000 && cp <= 0x2BFF);
        return !narrow;
    }

    /** The box of a text line whose anchor point is ({@code x}, baseline {@code y}). */
    static Scene.Box box(double x, double y, String text, double size, Scene.Anchor anchor) {
        double w = width(text, size);
        double x0 = switch (anchor) {
            case START -> x;
            case MIDDLE -> x - w / 2;
            case END -> x - w;
        };
        return new Scene.Box(x0, y - ASCENT * size, x0 + w, y + DESCENT * size);
    }

    /**
     * {@code text} cut to fit {@code width} px, ending in "…", or "" when not even one character and the
     * ellipsis fit.
     */
    static String ellipsize(String text, double width, double size) {
        if (width(text, size) <= width) {
            return text;
        }
        var b = new StringBuilder();
        double used = ADVANCE * size; // the ellipsis
        for (int i = 0; i < text.length();) {
            int cp = text.codePointAt(i);
            double w = (wide(cp) ? WIDE_ADVANCE : ADVANCE) * size;
            if (used + w > width) {
                break;
            }
            used += w;
            b.appendCodePoint(cp);
            i += Character.charCount(cp);
        }
        String kept = b.toString().stripTrailing();
        return kept.isEmpty() ? "" : kept + "…";
    }
}
