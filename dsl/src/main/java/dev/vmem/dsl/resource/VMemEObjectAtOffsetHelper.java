package dev.vmem.dsl.resource;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.resource.EObjectAtOffsetHelper;
import org.eclipse.xtext.resource.XtextResource;

/**
 * Xtext's helper, safe on broken text: where a parse left no element at an offset that is not a
 * cross-reference, {@link EObjectAtOffsetHelper#getElementWithNameAt} asked that null for its name
 * attribute and failed, so "go to definition" there answered with an internal error (found by
 * LspFuzzTest). Here it finds nothing instead.
 */
public class VMemEObjectAtOffsetHelper extends EObjectAtOffsetHelper {

    @Override
    public EObject getElementWithNameAt(XtextResource resource, int offset) {
        if (resource == null || offset < 0 || resource.getParseResult() == null) {
            return null;
        }
        if (resolveCrossReferencedElementAt(resource, offset) == null && resolveElementAt(resource, offset) == null) {
            return null;
        }
        return super.getElementWithNameAt(resource, offset);
    }
}
