package dev.vmem.dsl.parser;

import dev.vmem.dsl.conversion.LiteralException;
import dev.vmem.dsl.validation.VMemIssueCodes;
import org.eclipse.xtext.nodemodel.SyntaxErrorMessage;
import org.eclipse.xtext.parser.antlr.SyntaxErrorMessageProvider;

/**
 * Gives parser errors the language's own codes: {@code syntax-error} for anything the parser cannot
 * match, and the literal's code (number-overflow, bad-unit, …) when a value converter refused a token.
 * The messages stay Xtext's ("mismatched input 'x' expecting '}'"), which name the offending token.
 */
public class VMemSyntaxErrorMessageProvider extends SyntaxErrorMessageProvider {

    @Override
    public SyntaxErrorMessage getSyntaxErrorMessage(IParserErrorContext context) {
        SyntaxErrorMessage message = super.getSyntaxErrorMessage(context);
        return new SyntaxErrorMessage(message.getMessage(), VMemIssueCodes.SYNTAX_ERROR, message.getIssueData());
    }

    @Override
    public SyntaxErrorMessage getSyntaxErrorMessage(IValueConverterErrorContext context) {
        String code = context.getValueConverterException() instanceof LiteralException literal
                ? literal.issueCode()
                : VMemIssueCodes.SYNTAX_ERROR;
        return new SyntaxErrorMessage(context.getDefaultMessage(), code);
    }
}
