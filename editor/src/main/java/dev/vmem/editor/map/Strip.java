package dev.vmem.editor.map;

import java.util.ArrayList;
import java.util.List;

/**
 * Pieces of a horizontal band (x ranges, each of a category) turned into at most one rectangle per
 * whole-pixel column run: each pixel column takes the category that covers most of it (if anything
 * covers at least half of it), and runs of equal columns become one rectangle. So a band costs what its
 * width costs, however many pieces fall into it.
 */
final class Strip {

    /** A run of columns [x0, x1) of one category. */
    record Run(double x0, double x1, int category) {
    }

    private final int first;
    private final double[][] cover;
    private final int categories;

    /** A strip over the columns from floor(x0) to ceil(x1). */
    Strip(double x0, double x1, int categories) {
        this.first = (int) Math.floor(x0);
        int columns = Math.max(1, (int) Math.ceil(x1) - first);
        this.cover = new double[columns][categories];
        this.categories = categories;
    }

    /** Adds a piece [x0, x1) of a category. */
    void add(double x0, double x1, int category) {
        if (!(x1 > x0)) {
            return;
        }
        int c0 = Math.max(0, (int) Math.floor(x0) - first);
        int c1 = Math.min(cover.length - 1, (int) Math.ceil(x1) - first - 1);
        for (int c = c0; c <= c1; c++) {
            double left = Math.max(x0, first + c);
            double right = Math.min(x1, first + c + 1);
            if (right > left) {
                cover[c][category] += right - left;
            }
        }
    }

    /** The runs, left to right. */
    List<Run> runs() {
        var out = new ArrayList<Run>();
        int runCat = -1;
        int runStart = 0;
        for (int c = 0; c <= cover.length; c++) {
            int cat = -1;
            if (c < cover.length) {
                double total = 0;
                double best = 0;
                for (int k = 0; k < categories; k++) {
                    total += cover[c][k];
                    if (cover[c][k] > best) {
                        best = cover[c][k];
                        cat = k;
                    }
                }
                if (total < 0.5) {
                    cat = -1;
                }
            }
            if (cat != runCat) {
                if (runCat >= 0) {
                    out.add(new Run(first + runStart, first + c, runCat));
                }
                runCat = cat;
                runStart = c;
            }
        }
        return out;
    }
}
