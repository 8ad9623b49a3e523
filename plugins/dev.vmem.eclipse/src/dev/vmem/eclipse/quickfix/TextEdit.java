package dev.vmem.eclipse.quickfix;

/** Replace {@code length} characters at {@code offset} with {@code text}. */
public record TextEdit(int offset, int length, String text) {
}
