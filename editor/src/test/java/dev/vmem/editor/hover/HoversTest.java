package dev.vmem.editor.hover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vmem.dsl.VMemStandaloneSetup;
import dev.vmem.dsl.analysis.CheckedFile;
import dev.vmem.dsl.analysis.Checker;
import dev.vmem.dsl.analysis.Placed;
import dev.vmem.engine.EngineOptions;
import dev.vmem.testing.Samples;
import java.io.IOException;
import java.util.Optional;
import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.util.LazyStringInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The one hover content: which range it is about and which codes, outcomes and sections it carries
 * (the language server's HoverTest holds the whole Markdown as golden files).
 */
class HoversTest {

    static final String TEXT = """
            // cold
            kernel linux_6_8 {
                version 6.8
            }

            """ + Samples.SECRET_VM + """

            scenario boot {
                vm fc_secret
                step guest vcpu 0 write gpa 0x1000 expect efault
            }
            """;

    private static CheckedFile checked;

    @BeforeAll
    static void check() throws IOException {
        checked = check(TEXT);
    }

    private static CheckedFile check(String text) throws IOException {
        var set = new VMemStandaloneSetup().createInjectorAndDoEMFRegistration().getInstance(XtextResourceSet.class);
        var resource = (XtextResource) set.createResource(URI.createURI("synthetic:/hover" + text.length() + ".vmem"));
        resource.load(new LazyStringInputStream(text), null);
        return Checker.of(resource).check(resource, EngineOptions.defaults(), CancelIndicator.NullImpl);
    }

    @Test
    void aFindingsHoverCoversItsPlaceWithCodeTraceAndRulePage() {
        Placed pfncache = checked.findings().stream().filter(p -> p.code().equals("pfncache-unmapped-pfn")).findFirst()
                .orElseThrow();
        HoverContent hover = Hovers.at(checked, pfncache.offset(), code -> Optional.of("file:///docs/" + code))
                .orElseThrow();
        assertThat(hover.offset()).isLessThanOrEqualTo(pfncache.offset());
        assertThat(hover.offset() + hover.length()).isGreaterThanOrEqualTo(pfncache.offset() + pfncache.length());
        assertThat(hover.markdown().lines()).anyMatch(l -> l.startsWith("**") && l.contains("`pfncache-unmapped-pfn`"))
                .anyMatch(l -> l.matches("\\d+\\. \\*operation\\*: .*")).anyMatch(l -> l.matches("\\d+\\. \\*kernel\\*: .*"))
                .anyMatch(l -> l.startsWith("#### ")).contains("[Rule page: pfncache-unmapped-pfn](file:///docs/pfncache-unmapped-pfn)");

        String plain = hover.plainText();
        assertThat(plain).doesNotContain("**", "`", "\\_", "####").contains("pfncache-unmapped-pfn");
        assertThat(plain.lines()).anyMatch(l -> l.matches("\\d+\\. operation: .*")).anyMatch(l -> l.matches("\\d+\\. kernel: .*"));
        assertThat(Hovers.at(checked, pfncache.offset(), code -> Optional.empty()).orElseThrow().markdown())
                .doesNotContain("[Rule page:");
    }

    @Test
    void aStepShowsItsOutcomeOverTheStep() {
        int at = TEXT.indexOf("guest vcpu");
        HoverContent hover = Hovers.at(checked, at, code -> Optional.empty()).orElseThrow();
        assertThat(TEXT.substring(hover.offset(), hover.offset() + hover.length()))
                .isEqualTo("step guest vcpu 0 write gpa 0x1000 expect efault");
        assertThat(hover.markdown()).contains("`efault`");
    }

    @Test
    void aReferenceIsAboutTheElementItNamesOverTheReferenceOnly() {
        int at = TEXT.indexOf("kernel linux_6_8\n    memory") + "kernel ".length() + 2;
        HoverContent hover = Hovers.at(checked, at, code -> Optional.empty()).orElseThrow();
        assertThat(TEXT.substring(hover.offset(), hover.offset() + hover.length())).isEqualTo("linux_6_8");
    }

    @Test
    void nothingWhereThereIsNoElement() throws IOException {
        assertThat(Hovers.at(check(""), 0, code -> Optional.empty())).isEmpty();
    }

    @Test
    void plainTextDropsMarksAndEscapes() {
        assertThat(Markdown.plain("**error `a-b`: x\\_y**\n1. *kernel*: f\\[i\\]\n#### How to fix\n* one"))
                .isEqualTo("error a-b: x_y\n1. kernel: f[i]\nHow to fix\n- one");
    }
}
