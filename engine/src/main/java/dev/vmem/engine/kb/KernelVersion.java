package dev.vmem.engine.kb;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A kernel version, {@code major.minor[.patch]}. Ordering is numeric.
 *
 * @param major major number
 * @param minor minor number
 * @param patch stable point release, 0 when not given
 */
public record KernelVersion(int major, int minor, int patch) implements Comparable<KernelVersion> {

    private static final Pattern FORMAT = Pattern.compile("(\\d{1,4})\\.(\\d{1,4})(?:\\.(\\d{1,5}))?");

    /** Parses {@code 6.18} or {@code 5.15.154}; empty for anything else. */
    public static Optional<KernelVersion> parse(String text) {
        var m = FORMAT.matcher(text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        int patch = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        return Optional.of(new KernelVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), patch));
    }

    public static KernelVersion of(int major, int minor) {
        return new KernelVersion(major, minor, 0);
    }

    /** The release series, without the stable point release. */
    public KernelVersion series() {
        return new KernelVersion(major, minor, 0);
    }

    public boolean atLeast(int maj, int min) {
        return compareTo(of(maj, min)) >= 0;
    }

    public boolean before(int maj, int min) {
        return !atLeast(maj, min);
    }

    @Override
    public int compareTo(KernelVersion o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) {
            c = Integer.compare(minor, o.minor);
        }
        return c == 0 ? Integer.compare(patch, o.patch) : c;
    }

    @Override
    public String toString() {
        return patch == 0 ? major + "." + minor : major + "." + minor + "." + patch;
    }
}
