package dev.vmem.editor.hover;

import dev.vmem.engine.kb.KernelFact;
import dev.vmem.engine.report.Trace;
import dev.vmem.engine.report.TraceStep;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Markdown for hovers: engine text is quoted so that kernel identifiers never turn into emphasis.
 * Markdown is plain text; each editor shows it as it can (the language server as LSP markup, Eclipse
 * as {@link #plain} text).
 */
public final class Markdown {

    private final StringBuilder out = new StringBuilder();

    /** Escapes what Markdown would interpret in plain engine text (an underscore inside a word is safe). */
    public static String text(String s) {
        var b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean intraword = c == '_' && i > 0 && i + 1 < s.length()
                    && Character.isLetterOrDigit(s.charAt(i - 1)) && Character.isLetterOrDigit(s.charAt(i + 1));
            if ((c == '_' && !intraword) || c == '*' || c == '`' || c == '<' || c == '[' || c == ']' || c == '#'
                    || c == '|' || c == '\\') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }

    public static String code(String s) {
        return "`" + s.replace("`", "'") + "`";
    }

    public Markdown heading(String markdown) {
        separate();
        out.append("**").append(markdown).append("**\n");
        return this;
    }

    public Markdown line(String markdown) {
        out.append(markdown).append('\n');
        return this;
    }

    public Markdown bullet(String markdown) {
        out.append("- ").append(markdown).append('\n');
        return this;
    }

    public Markdown rule() {
        separate();
        out.append("---\n");
        return this;
    }

    /** operation → kernel path → state → outcome, one numbered link each, with the fact it rests on. */
    public Markdown trace(Trace trace) {
        separate();
        int i = 1;
        for (TraceStep step : trace.steps()) {
            out.append(i++).append(". *").append(step.kind().keyword()).append("*: ").append(text(step.text()));
            step.fact().ifPresent(f -> out.append(" — ").append(citation(f)));
            out.append('\n');
        }
        return this;
    }

    /**
     * A rule page (Markdown, from the catalogue) below a finding: its header lines (code, severity,
     * title: the finding's heading says them) left out, its sections as smaller headings.
     */
    public Markdown page(String page) {
        separate();
        boolean body = false;
        for (String l : page.strip().split("\n", -1)) {
            if (!body) {
                body = l.startsWith("## ");
                if (!body) {
                    continue;
                }
            }
            out.append(l.startsWith("## ") ? "####" + l.substring(2) : l).append('\n');
        }
        return this;
    }

    /** The facts behind a statement, each with where it comes from and how certain it is. */
    public Markdown sources(Collection<KernelFact> facts) {
        var unique = new LinkedHashSet<>(facts);
        if (unique.isEmpty()) {
            return this;
        }
        separate();
        out.append("Sources:\n");
        for (KernelFact f : unique) {
            out.append("- ").append(citation(f)).append(": ").append(text(f.summary())).append('\n');
        }
        return this;
    }

    public static String citation(KernelFact f) {
        return code(f.where()) + " \\[" + f.certainty().tag() + ", " + f.certainty().description()
                + "; kernel-facts §" + f.section() + "\\]";
    }

    public static String join(List<String> parts) {
        return String.join(" · ", parts);
    }

    private void separate() {
        if (out.length() > 0 && !endsWithBlankLine()) {
            out.append('\n');
        }
    }

    private boolean endsWithBlankLine() {
        return out.length() >= 2 && out.charAt(out.length() - 1) == '\n' && out.charAt(out.length() - 2) == '\n';
    }

    /**
     * The hover Markdown this class writes as plain text, for an editor that shows no Markdown (Eclipse's
     * text hover): emphasis and code marks dropped, escapes undone, headings as their text.
     */
    public static String plain(String markdown) {
        var b = new StringBuilder(markdown.length());
        for (String line : markdown.split("\n", -1)) {
            String l = line.startsWith("#") ? line.replaceFirst("^#+\\s*", "")
                    : line.startsWith("* ") ? "- " + line.substring(2) : line;
            for (int i = 0; i < l.length(); i++) {
                char c = l.charAt(i);
                if (c == '\\' && i + 1 < l.length()) {
                    b.append(l.charAt(++i));
                } else if (c != '`' && c != '*') {
                    b.append(c);
                }
            }
            b.append('\n');
        }
        return b.toString().strip();
    }

    public boolean isEmpty() {
        return out.length() == 0;
    }

    @Override
    public String toString() {
        return out.toString().stripTrailing() + "\n";
    }
}
