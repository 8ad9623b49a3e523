package dev.vmem.server.lsp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Map;
import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.util.LazyStringInputStream;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;

/** The server's resources refuse what the CLI refuses: more than 4 MiB is not parsed, one error instead. */
class SizeLimitedResourceTest {

    static final String HUGE = "kernel k { version 6.18 }\n"
            + ("// " + "x".repeat(1000) + "\n").repeat((int) (SizeLimitedResource.MAX_BYTES / 1004) + 1);

    private static XtextResource load(String text) throws IOException {
        var set = VMemLspSetup.injector().getInstance(XtextResourceSet.class);
        var resource = VMemLspSetup.injector().getInstance(SizeLimitedResource.class);
        resource.setURI(URI.createURI("memory:/huge.vmem"));
        set.getResources().add(resource);
        resource.load(new LazyStringInputStream(text, "UTF-8"), Map.of(XtextResource.OPTION_ENCODING, "UTF-8"));
        return resource;
    }

    @Test
    void aTextOverTheLimitIsNotParsedAndGetsOneErrorAtTheTop() throws IOException {
        XtextResource resource = load(HUGE);
        assertThat(resource).isInstanceOf(SizeLimitedResource.class);
        var issues = resource.getResourceServiceProvider().getResourceValidator().validate(resource, CheckMode.ALL,
                CancelIndicator.NullImpl);
        assertThat(issues).singleElement().satisfies(i -> {
            assertThat(i.getCode()).isEqualTo("input-too-large");
            assertThat(i.getOffset()).isZero();
            assertThat(i.getLineNumber()).isEqualTo(1);
        });
        assertThat(resource.getParseResult().getRootNode().getText()).isEmpty();
    }

    @Test
    void aTextWithinTheLimitIsParsedAsAlways() throws IOException {
        XtextResource resource = load("kernel k { version 6.18 }\n");
        assertThat(((SizeLimitedResource) resource).tooLarge()).isEmpty();
        assertThat(resource.getResourceServiceProvider().getResourceValidator()
                .validate(resource, CheckMode.ALL, CancelIndicator.NullImpl)).extracting(Issue::getCode).isEmpty();
    }

    @Test
    void aReparseOverTheLimitIsRefusedAndOneWithinItIsParsed() throws IOException {
        XtextResource resource = load("kernel k { version 6.18 }\n");
        resource.reparse(HUGE);
        assertThat(((SizeLimitedResource) resource).tooLarge()).isPresent();
        resource.reparse("kernel k { version 6.18 }\n");
        assertThat(((SizeLimitedResource) resource).tooLarge()).isEmpty();
        assertThat(resource.getContents()).isNotEmpty();
    }
}
