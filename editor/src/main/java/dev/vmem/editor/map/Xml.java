package dev.vmem.editor.map;

/** Text that XML 1.0 can carry (the SVG and HTML pictures, the JUnit report). */
public final class Xml {

    private Xml() {
    }

    /**
     * {@code s} with every character XML 1.0 does not allow (control characters other than tab, line
     * feed and carriage return; lone surrogates; U+FFFE, U+FFFF) replaced by U+FFFD. Markup characters
     * stay: the StAX writer escapes those.
     */
    public static String clean(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok;
            if (Character.isHighSurrogate(c)) {
                ok = i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
                if (ok) {
                    if (b != null) {
                        b.append(c).append(s.charAt(i + 1));
                    }
                    i++;
                    continue;
                }
            } else if (Character.isLowSurrogate(c)) {
                ok = false;
            } else {
                ok = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD);
            }
            if (!ok && b == null) {
                b = new StringBuilder(s.length());
                b.append(s, 0, i);
            }
            if (b != null) {
                b.append(ok ? c : '\uFFFD');
            }
        }
        return b == null ? s : b.toString();
    }

    /** One line of clean text: line breaks and tabs become spaces. */
    static String line(String s) {
        return clean(s).replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
    }
}
