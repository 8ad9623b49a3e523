package dev.vmem.dsl.parser;

import dev.vmem.dsl.parser.antlr.internal.InternalVMemLexer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.antlr.runtime.ANTLRStringStream;
import org.antlr.runtime.Token;
import org.eclipse.xtext.util.LazyStringInputStream;

/**
 * A text and its tokens, lexed without the language's injector: the command line lexes a file while the
 * injector is still being created on another thread, and the parser then reads these tokens instead of
 * lexing again ({@link LexedParser}; docs/benchmarks.md, fourth pass).
 *
 * <p>The tokens are exactly those the parser's own lexer gives: the same generated lexer
 * ({@link InternalVMemLexer}, which Xtext's injector only instantiates) over the same characters, and
 * the messages of invalid tokens stay with the lexer that made them. A token stream numbers and marks
 * the tokens it reads, so the tokens serve one parse: {@link #inputStream()} hands them out once.
 */
public final class LexedText {

    private final String text;
    private final Chars chars;
    private final InternalVMemLexer lexer;
    private final List<Token> tokens;
    private final AtomicBoolean taken = new AtomicBoolean();

    private LexedText(String text) {
        this.text = text;
        this.chars = new Chars(this);
        this.lexer = new InternalVMemLexer(chars);
        this.tokens = new ArrayList<>(Math.max(16, text.length() / 4));
        for (Token t = lexer.nextToken(); t.getType() != Token.EOF; t = lexer.nextToken()) {
            tokens.add(t);
        }
    }

    /** Lexes {@code text} with the language's lexer. */
    public static LexedText lex(String text) {
        return new LexedText(text);
    }

    public String text() {
        return text;
    }

    /**
     * The text as a stream to load a resource from: a VMem resource parses these tokens
     * ({@code VMemLinkingResource}); any other reader just reads the text.
     */
    public Input inputStream() {
        return new Input(this);
    }

    /** The tokens, once; null when a parse already took them. */
    List<Token> take() {
        return taken.compareAndSet(false, true) ? tokens : null;
    }

    /** The characters the tokens point into (their text, and the parse's whole text, are read from it). */
    Chars chars() {
        return chars;
    }

    /** Xtext's message for an invalid token, as the lexer that made it recorded it. */
    String errorMessage(Token token) {
        return lexer.getErrorMessage(token);
    }

    /** The characters of a lexed text: a parser given them reads the text's tokens ({@link LexedParser}). */
    static final class Chars extends ANTLRStringStream {
        private final LexedText lexed;

        private Chars(LexedText lexed) {
            super(lexed.text);
            this.lexed = lexed;
        }

        LexedText lexed() {
            return lexed;
        }
    }

    /** {@link LexedText#text()} as UTF-8 bytes, carrying its tokens for the parser. */
    public static final class Input extends LazyStringInputStream {
        private final LexedText lexed;

        Input(LexedText lexed) {
            super(lexed.text, "UTF-8");
            this.lexed = lexed;
        }

        public LexedText lexed() {
            return lexed;
        }
    }
}
