package dev.vmem.engine.model;

import java.util.Objects;

/**
 * KVM_SET_MEMORY_ATTRIBUTES over a GPA range: {@code private gpa A size S} or {@code shared gpa A size S}.
 *
 * @param attribute PRIVATE sets KVM_MEMORY_ATTRIBUTE_PRIVATE, SHARED clears it
 * @param gpa       start
 * @param size      length in bytes
 * @param origin    where it is written
 */
public record AttributeDecl(MemoryAttribute attribute, long gpa, long size, Origin origin) {
    public AttributeDecl {
        Objects.requireNonNull(attribute, "attribute");
        origin = origin == null ? Origin.NONE : origin;
    }

    /** The one memory attribute KVM has. */
    public enum MemoryAttribute {
        PRIVATE("private"),
        SHARED("shared");

        private final String keyword;

        MemoryAttribute(String keyword) {
            this.keyword = keyword;
        }

        public String keyword() {
            return keyword;
        }
    }
}
