package dev.vmem.server.cli;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Decodes a file as UTF-8 text, refusing binary content with the place where it goes wrong. */
final class TextDecoder {

    /** Why the bytes are not text: what and at which 1-based line and column (in bytes of that line). */
    static final class NotTextException extends Exception {
        private static final long serialVersionUID = 1L;

        NotTextException(String message) {
            super(message);
        }
    }

    private TextDecoder() {
    }

    static String decode(byte[] bytes) throws NotTextException {
        int start = bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB
                && (bytes[2] & 0xff) == 0xBF ? 3 : 0;
        for (int i = start; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw new NotTextException("not a text file: NUL byte at " + where(bytes, i));
            }
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length - start);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw new NotTextException("not UTF-8 text: invalid byte 0x"
                    + String.format("%02X", bytes[in.position()] & 0xff) + " at " + where(bytes, in.position()));
        }
        result = decoder.flush(out);
        if (result.isError()) {
            throw new NotTextException("not UTF-8 text: truncated character at the end of the file");
        }
        out.flip();
        return out.toString();
    }

    private static String where(byte[] bytes, int offset) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return "line " + line + ", byte " + (offset - lineStart + 1) + " of the line";
    }
}
