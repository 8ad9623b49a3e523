package dev.vmem.eclipse.editor;

import org.eclipse.jface.text.source.DefaultCharacterPairMatcher;

/** Bracket matching for the blocks of kernels, VMs and scenarios. */
public class VMemBracketMatcher extends DefaultCharacterPairMatcher {
    public VMemBracketMatcher() {
        super(new char[] {'{', '}'});
    }
}
