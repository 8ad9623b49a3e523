package dev.vmem.importers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Command lines as VMMs take them: split into words (a shell-like argument file: whitespace, single
 * and double quotes, backslash escapes and line continuations, {@code #} comments), each word with its
 * line, column and index; and the {@code key=value,key=value} lists QEMU and Cloud Hypervisor use.
 */
final class Args {

    /** Past this many words the input is refused. */
    static final int MAX_WORDS = 100_000;

    record Word(String text, SourcePosition pos, int index) {
    }

    private Args() {
    }

    static List<Word> split(String text) throws ImportException {
        var words = new ArrayList<Word>();
        int i = 0;
        int line = 1;
        int col = 1;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '\n') {
                i++;
                line++;
                col = 1;
                continue;
            }
            if (Character.isWhitespace(c)) {
                i++;
                col++;
                continue;
            }
            if (c == '\\' && i + 1 < n && (text.charAt(i + 1) == '\n' || text.charAt(i + 1) == '\r')) {
                i += text.charAt(i + 1) == '\r' && i + 2 < n && text.charAt(i + 2) == '\n' ? 3 : 2;
                line++;
                col = 1;
                continue;
            }
            if (c == '#') {
                while (i < n && text.charAt(i) != '\n') {
                    i++;
                }
                continue;
            }
            int startLine = line;
            int startCol = col;
            var b = new StringBuilder();
            char quote = 0; // the quote the word is inside, or 0
            while (i < n) {
                c = text.charAt(i);
                if (quote == 0 && Character.isWhitespace(c)) {
                    break;
                }
                if (quote == 0 && (c == '\'' || c == '"')) {
                    quote = c;
                    i++;
                    col++;
                    continue;
                }
                if (quote != 0 && c == quote) {
                    quote = 0;
                    i++;
                    col++;
                    continue;
                }
                // A backslash: a line continuation, or it escapes the next character (any one outside
                // quotes, only " \ $ ` inside double quotes, none inside single quotes).
                if (c == '\\' && quote != '\'' && i + 1 < n) {
                    char next = text.charAt(i + 1);
                    if (next == '\n') {
                        i += 2;
                        line++;
                        col = 1;
                        continue;
                    }
                    if (quote == 0 || next == '"' || next == '\\' || next == '$' || next == '`') {
                        b.append(next);
                        i += 2;
                        col += 2;
                        continue;
                    }
                }
                if (c == '\n') { // only inside quotes: outside, a newline ends the word
                    line++;
                    col = 1;
                } else {
                    col++;
                }
                b.append(c);
                i++;
            }
            if (quote != 0) {
                throw new ImportException("unterminated " + (quote == '"' ? "double" : "single") + " quote",
                        new SourcePosition(startLine, startCol, "argv[" + words.size() + "]"));
            }
            if (words.size() >= MAX_WORDS) {
                throw new ImportException("more than " + MAX_WORDS + " arguments", new SourcePosition(startLine, startCol, ""));
            }
            words.add(new Word(b.toString(), new SourcePosition(startLine, startCol, "argv[" + words.size() + "]"), words.size()));
        }
        return words;
    }

    /**
     * {@code first,key=value,key=value}: QEMU's and Cloud Hypervisor's option lists. A first element
     * without {@code =} is stored under {@code implied}; {@code ,,} is a literal comma (QEMU).
     */
    static Map<String, String> keyval(Word word, String implied, boolean doubledCommas) throws ImportException {
        var map = new LinkedHashMap<String, String>();
        var parts = new ArrayList<String>();
        var b = new StringBuilder();
        String s = word.text();
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth = Math.max(0, depth - 1);
            }
            if (c == ',' && depth == 0) {
                if (doubledCommas && i + 1 < s.length() && s.charAt(i + 1) == ',') {
                    b.append(',');
                    i++;
                    continue;
                }
                parts.add(b.toString());
                b.setLength(0);
                continue;
            }
            b.append(c);
        }
        parts.add(b.toString());
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i);
            int eq = part.indexOf('=');
            if (eq < 0) {
                if (i == 0 && implied != null && !part.isEmpty()) {
                    map.put(implied, part);
                    continue;
                }
                if (part.isEmpty()) {
                    continue;
                }
                map.put(part, "on"); // a bare flag
                continue;
            }
            String key = part.substring(0, eq);
            if (map.containsKey(key)) {
                throw new ImportException("'" + Text.clean(key) + "' given twice in '" + Text.clean(s) + "'", word.pos());
            }
            map.put(key, part.substring(eq + 1));
        }
        return map;
    }

    /** on/off, true/false, yes/no, y/n (QEMU and Cloud Hypervisor toggles). */
    static boolean toggle(String value, String what, Word word) throws ImportException {
        switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "on", "true", "yes", "y":
                return true;
            case "off", "false", "no", "n":
                return false;
            default:
                throw new ImportException(what + " must be on or off, not '" + Text.clean(value) + "'", word.pos());
        }
    }

    /**
     * A size with an optional binary suffix (K, M, G, T, P, E; also KiB...; B for bytes); without a
     * suffix, {@code defaultShift} applies (0 for bytes, 20 for QEMU's -m megabytes).
     */
    static long size(String value, int defaultShift, String what, Word word) throws ImportException {
        var m = java.util.regex.Pattern.compile("(\\d{1,20})(?:\\.(\\d{1,6}))?\\s*([kKmMgGtTpPeE]?)(i?[bB])?").matcher(value.strip());
        if (!m.matches()) {
            throw new ImportException(what + " is not a size: '" + Text.clean(value) + "'", word.pos());
        }
        int shift = switch (m.group(3).toUpperCase(java.util.Locale.ROOT)) {
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            case "T" -> 40;
            case "P" -> 50;
            case "E" -> 60;
            default -> m.group(4) != null ? 0 : defaultShift;
        };
        var whole = new java.math.BigDecimal(m.group(1) + (m.group(2) == null ? "" : "." + m.group(2)));
        var bytes = whole.multiply(new java.math.BigDecimal(java.math.BigInteger.ONE.shiftLeft(shift)));
        if (bytes.compareTo(new java.math.BigDecimal(Long.MAX_VALUE)) > 0) {
            throw new ImportException(what + " is too large: '" + Text.clean(value) + "'", word.pos());
        }
        return bytes.longValue();
    }
}
