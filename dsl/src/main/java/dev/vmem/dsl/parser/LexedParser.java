package dev.vmem.dsl.parser;

import dev.vmem.dsl.parser.antlr.VMemParser;
import java.util.ArrayList;
import java.util.List;
import org.antlr.runtime.ANTLRStringStream;
import org.antlr.runtime.CharStream;
import org.antlr.runtime.Token;
import org.antlr.runtime.TokenSource;
import org.eclipse.emf.ecore.EClassifier;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.conversion.ValueConverterException;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.parser.IAstFactory;
import org.eclipse.xtext.parser.IParseResult;
import org.eclipse.xtext.parser.antlr.XtextTokenStream;

/**
 * The language's parser, which can also parse a {@link LexedText} from the tokens it already has instead
 * of lexing its text again. Everything else is the generated parser's: the token stream, the hidden
 * tokens, the node model and the error messages (an invalid token's from the lexer that made it) come
 * out as from a parse of the text.
 */
public class LexedParser extends VMemParser {

    /** The elements a {@link #parse(LexedText)} on this thread has created so far; null outside one. */
    private final ThreadLocal<List<EObject>> created = new ThreadLocal<>();

    /**
     * Parses a lexed text with the default rule: from its tokens, or from its text when they were taken.
     *
     * <p>The elements it creates deliver no notifications until the parse is done: while it runs, the only
     * adapter they have is their node in the node model, which ignores notifications, yet every feature the
     * parser set made one (a fifth of a gigabyte for 32,000 memslots). Delivery is on again before the
     * result is returned.
     */
    public IParseResult parse(LexedText lexed) {
        var elements = new ArrayList<EObject>();
        created.set(elements);
        try {
            return parse(getDefaultRuleName(), lexed.chars());
        } finally {
            created.remove();
            for (EObject element : elements) {
                element.eSetDeliver(true);
            }
        }
    }

    @Override
    public IAstFactory getElementFactory() {
        IAstFactory factory = super.getElementFactory();
        List<EObject> elements = created.get();
        return elements == null ? factory : new Undelivering(factory, elements);
    }

    /** Creates elements with delivery off, and keeps them for {@link #parse(LexedText)} to turn it on again. */
    private record Undelivering(IAstFactory factory, List<EObject> elements) implements IAstFactory {
        @Override
        public EObject create(EClassifier classifier) {
            EObject element = factory.create(classifier);
            if (element != null) {
                element.eSetDeliver(false);
                elements.add(element);
            }
            return element;
        }

        @Override
        public void set(EObject object, String feature, Object value, String ruleName, INode node)
                throws ValueConverterException {
            factory.set(object, feature, value, ruleName, node);
        }

        @Override
        public void add(EObject object, String feature, Object value, String ruleName, INode node)
                throws ValueConverterException {
            factory.add(object, feature, value, ruleName, node);
        }
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
