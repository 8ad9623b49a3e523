package dev.vmem.dsl.analysis;

import org.eclipse.emf.ecore.resource.Resource;

/**
 * A range of the text of one file: the checked file or one it imports.
 *
 * @param resource the file
 * @param offset   where the range starts (a char index into the file's text)
 * @param length   how many chars it spans (0 for a point)
 */
public record Place(Resource resource, int offset, int length) {

    public int end() {
        return offset + length;
    }

    public boolean contains(int at) {
        return offset <= at && at <= offset + length;
    }
}
