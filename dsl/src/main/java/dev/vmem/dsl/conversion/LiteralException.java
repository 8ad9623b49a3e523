package dev.vmem.dsl.conversion;

import org.eclipse.xtext.conversion.ValueConverterException;
import org.eclipse.xtext.nodemodel.INode;

/**
 * A literal that the lexer accepted but that has no value: too large, an unknown unit, a malformed
 * version. Carries the issue code so that the parser's error reporting can keep it (see
 * {@code VMemSyntaxErrorMessageProvider}); the error is placed on the literal's node.
 */
public class LiteralException extends ValueConverterException {

    private static final long serialVersionUID = 1L;

    private final String issueCode;

    public LiteralException(String issueCode, String message, INode node) {
        super(message, node, null);
        this.issueCode = issueCode;
    }

    public String issueCode() {
        return issueCode;
    }
}
