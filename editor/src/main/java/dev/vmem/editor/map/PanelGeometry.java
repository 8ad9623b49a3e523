package dev.vmem.editor.map;

import java.util.Locale;

/** The measures of a VM's panel that its rooms share: widths, the lanes' heights, badges, and number formatting. */
final class PanelGeometry {

    static final double WIDTH = 1280;
    static final double MARGIN = 16;
    static final double LANE_X = 184;
    static final double LANE_W = WIDTH - LANE_X - MARGIN - 12;

    // vertical layout, relative to the lanes' top
    static final double SLOT_TOP = 42;
    static final double SLOT_H = 40;
    static final double STRIP_TOP = 35;
    static final double STRIP_H = 6;
    static final double MAP_TOP = 156;
    static final double MAP_H = 38;
    static final double POP_H = 5;
    static final double BACK_TOP = 268;
    static final double BACK_H = 40;
    static final double LANES_H = 322;
    static final double BADGE_H = 14;
    static final double BADGE_ROW = 17;

    static final Reach[] REACHES = Reach.values();
    static final int PRIVATE = 0;
    static final int POPULATED = 0;

    private PanelGeometry() {
    }

    /** start + size, saturated at 2^64 - 1 (an unsigned address cannot wrap on the picture). */
    static long end(long start, long size) {
        long e = start + size;
        return Long.compareUnsigned(e, start) < 0 ? -1L : e;
    }

    static String num(double v) {
        double r = Math.round(v * 10) / 10.0;
        if (r == (long) r) {
            return Long.toString((long) r);
        }
        return String.format(Locale.ROOT, "%.1f", r);
    }
}
