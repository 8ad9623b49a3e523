package dev.vmem.dsl.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vmem.dsl.analysis.Checker;
import dev.vmem.dsl.analysis.Placed;
import dev.vmem.dsl.parser.LexedText;
import dev.vmem.engine.EngineOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.SyntaxErrorMessage;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.util.LazyStringInputStream;
import org.junit.jupiter.api.Test;

/**
 * A text parsed from the tokens lexed beforehand ({@link LexedText}, as the command line does) gives
 * the same node model, syntax errors, semantic model and checked problems as the same text parsed by
 * Xtext's own path: on every shipped example, on examples with junk written into them (invalid
 * characters, unterminated strings and comments, cut-off text), and on a few edge cases.
 */
class LexedParserTest {

    private static final List<String> JUNK = List.of("\"", "/*", "#", "@@", "\u00e9", "\u0000", "'", "}", "0x", "\r",
            "slot 1 gpa", "\n}\n}\n");

    @Test
    void examplesParseAlikeFromTokens() {
        for (String example : Mutator.examples()) {
            assertSame(example);
        }
    }

    @Test
    void brokenTextsParseAlikeFromTokens() {
        var texts = new ArrayList<>(List.of("", " ", "\n\n", "\"unterminated", "/* unterminated", "kernel",
                "vm a { slot 0 gpa 0x0 size 1GiB userspace x offset 0 }", "\u00e9\u00e9 vm \u2603 {", "vm a {\r\n}\r"));
        int round = 0;
        for (String example : Mutator.examples()) {
            String junk = JUNK.get(round % JUNK.size());
            int at = (int) ((long) example.length() * (round % 7 + 1) / 8);
            texts.add(example.substring(0, at) + junk + example.substring(at));
            texts.add(example.substring(0, at));
            round++;
        }
        for (String text : texts) {
            assertSame(text);
        }
    }

    @Test
    void tokensServeOneParseAndASecondLexesAgain() {
        LexedText lexed = LexedText.lex("kernel k {\n    version 6.18\n}\n");
        XtextResource first = load(lexed.inputStream(), "a.vmem");
        XtextResource second = load(lexed.inputStream(), "a.vmem");
        assertThat(dump(second)).isEqualTo(dump(first));
        assertThat(second.getParseResult().getRootNode().getText()).isEqualTo(lexed.text());
    }

    private static void assertSame(String text) {
        XtextResource plain = load(new LazyStringInputStream(text, "UTF-8"), "main.vmem");
        XtextResource lexed = load(LexedText.lex(text).inputStream(), "main.vmem");
        assertThat(dump(lexed)).as("node model of %s", abbreviate(text)).isEqualTo(dump(plain));
        assertThat(lexed.getContents().isEmpty()).isEqualTo(plain.getContents().isEmpty());
        if (!plain.getContents().isEmpty()) {
            assertThat(EcoreUtil.equals(lexed.getContents().get(0), plain.getContents().get(0)))
                    .as("semantic model of %s", abbreviate(text)).isTrue();
        }
        assertThat(problems(lexed)).as("problems of %s", abbreviate(text)).isEqualTo(problems(plain));
        // The parse turns notifications off while it runs; every element delivers them again afterwards.
        for (INode node : lexed.getParseResult().getRootNode().getAsTreeIterable()) {
            if (node.hasDirectSemanticElement()) {
                assertThat(node.getSemanticElement().eDeliver()).as("delivery of %s", node.getSemanticElement())
                        .isTrue();
            }
        }
    }

    private static XtextResource load(InputStream in, String name) {
        var set = Pipeline.INJECTOR.getInstance(XtextResourceSet.class);
        var resource = (XtextResource) set.createResource(URI.createURI("memory:/" + name));
        try {
            resource.load(in, Map.of(XtextResource.OPTION_ENCODING, "UTF-8"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return resource;
    }

    /** Every node: kind, place, grammar element, hidden or not, and its syntax error. */
    private static List<String> dump(XtextResource resource) {
        var lines = new ArrayList<String>();
        for (INode node : resource.getParseResult().getRootNode().getAsTreeIterable()) {
            SyntaxErrorMessage error = node.getSyntaxErrorMessage();
            lines.add(node.getClass().getSimpleName() + " " + node.getTotalOffset() + "+" + node.getTotalLength() + " "
                    + (node.getGrammarElement() == null ? "-" : EcoreUtil.getURI(node.getGrammarElement()).fragment())
                    + " " + (node instanceof org.eclipse.xtext.nodemodel.ILeafNode leaf && leaf.isHidden()) + (error == null ? "" : " " + error.getIssueCode() + ": " + error.getMessage()));
        }
        lines.add("text " + resource.getParseResult().getRootNode().getText().length());
        return lines;
    }

    private static List<String> problems(XtextResource resource) {
        var checked = Checker.of(resource).check(resource,
                EngineOptions.defaults().withBudget(2_000_000), CancelIndicator.NullImpl);
        var lines = new ArrayList<String>();
        for (Placed p : checked.structural()) {
            lines.add(p.code() + " " + p.severity() + " " + p.place().offset() + "+" + p.place().length() + " " + p.message());
        }
        for (Placed p : checked.findings()) {
            lines.add(p.code() + " " + p.severity() + " " + p.place().offset() + "+" + p.place().length() + " " + p.message());
        }
        lines.add(checked.skipped());
        return lines;
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "…";
    }
}
