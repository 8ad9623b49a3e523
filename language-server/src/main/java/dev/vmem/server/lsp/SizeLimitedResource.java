package dev.vmem.server.lsp;

import dev.vmem.dsl.codes.LanguageCode;
import dev.vmem.dsl.linking.VMemLinkingResource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.validation.CheckType;
import org.eclipse.xtext.validation.Issue;

/**
 * A resource of the language server that, like {@code vmem check}, does not parse a document larger
 * than {@link #MAX_BYTES} (4 MiB of UTF-8): it holds an empty model instead, and its validation gives
 * one {@code input-too-large} error at the top of the document ({@link #tooLarge}). Parsing, linking
 * and checking cost some 200 bytes of memory and a few microseconds per byte; one huge document
 * must not hold up the server for every other one.
 */
public class SizeLimitedResource extends VMemLinkingResource {

    /** The CLI's default --max-file-size. */
    public static final long MAX_BYTES = 4L << 20;

    private long refusedBytes = -1;

    @Override
    protected void doLoad(InputStream inputStream, Map<?, ?> options) throws IOException {
        byte[] head = inputStream.readNBytes((int) MAX_BYTES + 1);
        if (head.length <= MAX_BYTES) {
            super.doLoad(new ByteArrayInputStream(head), options);
            refusedBytes = -1;
            return;
        }
        long total = head.length;
        byte[] skip = new byte[1 << 16];
        for (int n; (n = inputStream.read(skip)) > 0;) {
            total += n;
        }
        super.doLoad(new ByteArrayInputStream(new byte[0]), options);
        refusedBytes = total;
    }

    @Override
    public void reparse(String newContent) throws IOException {
        long bytes = utf8Length(newContent);
        // (Set after the parse: Xtext's reparse may load again, through doLoad.)
        if (bytes > MAX_BYTES) {
            super.reparse("");
            refusedBytes = bytes;
            return;
        }
        super.reparse(newContent);
        refusedBytes = -1;
    }

    @Override
    public void update(int offset, int replacedTextLength, String newText) {
        if (refusedBytes >= 0 || getParseResult() == null) {
            return; // a refused document is replaced whole (reparse or load), never patched
        }
        String text = getParseResult().getRootNode().getText();
        String updated = text.substring(0, offset) + newText + text.substring(offset + replacedTextLength);
        if (utf8Length(updated) > MAX_BYTES) {
            try {
                reparse(updated);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return;
        }
        super.update(offset, replacedTextLength, newText);
    }

    /** The error a refused document gets, at its top; empty when the document was parsed. */
    public Optional<Issue> tooLarge() {
        if (refusedBytes < 0) {
            return Optional.empty();
        }
        var issue = new Issue.IssueImpl();
        issue.setCode(LanguageCode.INPUT_TOO_LARGE.code());
        issue.setSeverity(Severity.ERROR);
        issue.setType(CheckType.FAST);
        issue.setMessage("document too large: " + refusedBytes + " bytes, more than the limit of " + MAX_BYTES
                + " (4 MiB, as vmem check); it is not checked. Split it with import.");
        issue.setOffset(0);
        issue.setLength(0);
        issue.setLineNumber(1);
        issue.setColumn(1);
        issue.setLineNumberEnd(1);
        issue.setColumnEnd(1);
        issue.setUriToProblem(getURI());
        return Optional.of(issue);
    }

    private static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    static {
        // utf8Length must agree with the encoder on what the client sent.
        assert utf8Length("aé€😀") == "aé€😀".getBytes(StandardCharsets.UTF_8).length;
    }
}
