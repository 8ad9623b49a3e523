package dev.vmem.editor.hover;

/**
 * A hover, protocol-free: the range of the checked file's text it is about and its content as
 * Markdown. The language server sends the Markdown as LSP markup; Eclipse shows {@link #plainText()}.
 *
 * @param markdown the content
 * @param offset   where the range starts in the file's text
 * @param length   the range's length
 */
public record HoverContent(String markdown, int offset, int length) {

    /** The content as plain text (see {@link Markdown#plain}). */
    public String plainText() {
        return Markdown.plain(markdown);
    }
}
