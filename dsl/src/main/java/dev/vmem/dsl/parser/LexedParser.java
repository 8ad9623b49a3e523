package dev.vmem.dsl.parser;

import dev.vmem.dsl.parser.antlr.VMemParser;
import java.util.ArrayList;
import java.util.List;
import org.antlr.runtime.ANTLRStringStream;
import org.antlr.runtime.CharStream;
import org.antlr.runtime.Token;
import org.antlr.runtime.TokenSource;
import org.eclipse.xtext.parser.IParseResult;
import org.eclipse.xtext.parser.antlr.XtextTokenStream;

/**
 * The language's parser, which can also parse a {@link LexedText} from the tokens it already has instead
 * of lexing its text again. Everything else is the generated parser's: the token stream, the hidden
 * tokens, the node model and the error messages (an invalid token's from the lexer that made it) come
 * out as from a parse of the text.
 */
public class LexedParser extends VMemParser {

    /** Parses a lexed text with the default rule: from its tokens, or from its text when they were taken. */
    public IParseResult parse(LexedText lexed) {
        return parse(getDefaultRuleName(), lexed.chars());
    }

    @Override
    protected TokenSource createLexer(CharStream stream) {
        if (stream instanceof LexedText.Chars chars) {
            List<Token> tokens = chars.lexed().take();
            if (tokens != null) {
                return new Replay(chars, tokens);
            }
            return super.createLexer(new ANTLRStringStream(chars.lexed().text()));
        }
        return super.createLexer(stream);
    }

    /** The token stream, with room for all the tokens of a lexed text from the start (it grows by half). */
    @Override
    protected XtextTokenStream createTokenStream(TokenSource tokenSource) {
        if (tokenSource instanceof Replay replay) {
            return new XtextTokenStream(tokenSource, getTokenDefProvider()) {
                {
                    if (tokens instanceof ArrayList<?> list) {
                        list.ensureCapacity(replay.tokens.size());
                    }
                }
            };
        }
        return super.createTokenStream(tokenSource);
    }

    /**
     * Hands out the tokens of a lexed text. It is an Xtext lexer over the same characters, so the token
     * stream reads the parse's whole text from them and asks it for the messages of invalid tokens.
     */
    private static final class Replay extends org.eclipse.xtext.parser.antlr.Lexer {
        private final LexedText lexed;
        private final List<Token> tokens;
        private int next;

        Replay(LexedText.Chars chars, List<Token> tokens) {
            super(chars);
            this.lexed = chars.lexed();
            this.tokens = tokens;
        }

        @Override
        public Token nextToken() {
            return next < tokens.size() ? tokens.get(next++) : Token.EOF_TOKEN;
        }

        @Override
        public String getErrorMessage(Token t) {
            return lexed.errorMessage(t);
        }

        @Override
        public void mTokens() {
            throw new UnsupportedOperationException("replays the tokens of a lexed text");
        }
    }
}
