package dev.vmem.editor.fix;

import org.eclipse.emf.ecore.resource.Resource;

/**
 * Replace {@code length} characters at {@code offset} of the text {@code resource} was parsed from
 * with {@code text}. A fix may edit another file than the one of the finding (a kernel profile or a
 * backing declared in an imported file).
 */
public record Edit(Resource resource, int offset, int length, String text) {
}
