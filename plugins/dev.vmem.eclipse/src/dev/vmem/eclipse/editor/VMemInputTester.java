package dev.vmem.eclipse.editor;

import org.eclipse.core.expressions.PropertyTester;
import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.content.IContentType;
import org.eclipse.ui.IEditorInput;

/**
 * {@code dev.vmem.eclipse.vmemInput}: whether an editor input is a VMem file, by its name and the
 * content type the name gives (as the Generic Editor decides), so that a {@code .vmem} file opened from
 * outside the workspace counts too. The code-mining provider's {@code enabledWhen} asks it.
 */
public class VMemInputTester extends PropertyTester {

    /** The content type of {@code .vmem} files (plugin.xml). */
    public static final String CONTENT_TYPE = "dev.vmem.eclipse.vmem";

    @Override
    public boolean test(Object receiver, String property, Object[] args, Object expectedValue) {
        return receiver instanceof IEditorInput input && isVMem(input.getName());
    }

    /** Whether a file of this name has the VMem content type. */
    public static boolean isVMem(String name) {
        if (name == null) {
            return false;
        }
        var manager = Platform.getContentTypeManager();
        IContentType vmem = manager.getContentType(CONTENT_TYPE);
        IContentType type = manager.findContentTypeFor(name);
        return vmem != null && type != null && type.isKindOf(vmem);
    }
}
