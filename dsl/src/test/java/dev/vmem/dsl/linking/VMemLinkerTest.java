package dev.vmem.dsl.linking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vmem.dsl.analysis.Checker;
import dev.vmem.dsl.tests.VMemTestSupport;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.xtext.linking.lazy.LazyLinker;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link VMemLinker} links what Xtext's {@link LazyLinker} links, to the same elements, and leaves the
 * same references unresolved with the same issues: both are run on the same text and every reference of
 * every element is compared after resolution, with the issues of the language's validation.
 */
class VMemLinkerTest {

    @TempDir
    Path dir;

    @Test
    void theLanguageUsesIt() {
        XtextResource resource = VMemTestSupport.parse("vm v { }");
        assertThat(resource.getLinker()).isInstanceOf(VMemLinker.class);
    }

    @Test
    void everyExampleLinksAsXtextLinksIt() throws IOException {
        List<Path> files = VMemTestSupport.examplesAndConformanceFiles();
        assertThat(files).hasSizeGreaterThan(40);
        int backingLinks = 0;
        for (Path file : files) {
            backingLinks += assertSameLinks(file, Files.readString(file));
        }
        assertThat(backingLinks).as("backing references linked at once").isGreaterThan(100);
    }

    @Test
    void unresolvedDuplicateShadowedAndScenarioBackings() throws IOException {
        write("other.vmem", """
                vm far {
                    memory ram: anonymous 1GiB
                }
                """);
        int linked = assertSameLinks(dir.resolve("main.vmem"), """
                import "other.vmem"
                kernel k { version 6.18 }
                vm v {
                    kernel k
                    slot 0 gpa 0 size 4K userspace later guest_memfd nowhere
                    memory later: anonymous 8K
                    memory twice: anonymous 4K
                    memory twice: memfd 4K
                    map twice shared
                    map k private
                    map v private
                    slot 1 gpa 0x1000 size 4K userspace twice offset 0x0
                    slot 2 gpa 0x2000 size 4K userspace ram
                }
                vm w {
                    memory ram: anonymous 4K
                    map later shared
                    map ram private
                }
                scenario s {
                    vm far
                    step touch ram read
                    step touch later read
                }
                scenario t {
                    vm v
                    step touch twice write
                }
                """);
        assertThat(linked).isEqualTo(4);
    }

    @Test
    void brokenAndMutatedTextLinksAsXtextLinksIt() throws IOException {
        var random = new Random(20261205);
        Path root = VMemTestSupport.repositoryRoot().resolve("examples");
        List<Path> files;
        try (Stream<Path> all = walk(root)) {
            files = all.filter(p -> p.toString().endsWith(".vmem")).sorted().toList();
        }
        int texts = 0;
        for (Path file : files) {
            List<String> tokens = VMemTestSupport.tokens(Files.readString(file));
            for (int round = 0; round < 6; round++) {
                var mutated = new ArrayList<>(tokens);
                for (int edits = 1 + random.nextInt(4); edits > 0 && !mutated.isEmpty(); edits--) {
                    int at = random.nextInt(mutated.size());
                    switch (random.nextInt(3)) {
                        case 0 -> mutated.remove(at);
                        case 1 -> mutated.add(at, mutated.get(random.nextInt(mutated.size())));
                        default -> mutated.subList(at, mutated.size()).clear();
                    }
                }
                assertSameLinks(dir.resolve("mutated" + texts++ + ".vmem"), String.join("", mutated));
            }
        }
        assertThat(texts).isGreaterThan(100);
    }

    /**
     * Loads {@code text} as {@code file} twice, with each linker, and compares every reference and the
     * issues; returns how many backing references the language's linker linked without a proxy.
     */
    private int assertSameLinks(Path file, String text) throws IOException {
        Files.writeString(file, text);
        XtextResource ours = load(file, text, false);
        int linkedAtOnce = 0;
        var iterator = ours.getAllContents();
        while (iterator.hasNext()) {
            EObject e = iterator.next();
            for (EReference reference : e.eClass().getEAllReferences()) {
                if (!reference.isContainment() && !reference.isMany() && e.eGet(reference, false) instanceof EObject t
                        && !t.eIsProxy()) {
                    linkedAtOnce++;
                }
            }
        }
        List<String> ourIssues = issues(ours);
        XtextResource xtexts = load(file, text, true);
        List<String> xtextIssues = issues(xtexts);
        assertThat(links(ours)).as("links in %s", file.getFileName()).isEqualTo(links(xtexts));
        assertThat(ourIssues).as("issues of %s", file.getFileName()).isEqualTo(xtextIssues);
        return linkedAtOnce;
    }

    private static XtextResource load(Path file, String text, boolean xtextsLinker) throws IOException {
        XtextResourceSet set = VMemTestSupport.newResourceSet();
        var resource = (XtextResource) set.createResource(URI.createFileURI(file.toAbsolutePath().toString()));
        if (xtextsLinker) {
            resource.setLinker(VMemTestSupport.INJECTOR.getInstance(LazyLinker.class));
        }
        resource.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), Map.of());
        return resource;
    }

    private static List<String> issues(XtextResource resource) {
        var out = new ArrayList<String>();
        for (Issue i : Checker.validate(resource, CancelIndicator.NullImpl)) {
            out.add(i.getSeverity() + " " + i.getCode() + " " + i.getOffset() + "+" + i.getLength() + " "
                    + i.getMessage());
        }
        return out;
    }

    /** Every non-containment reference of every element, resolved: its target's URI, or where it stays unresolved. */
    private static List<String> links(XtextResource resource) {
        var out = new ArrayList<String>();
        var iterator = resource.getAllContents();
        while (iterator.hasNext()) {
            EObject e = iterator.next();
            for (EReference reference : e.eClass().getEAllReferences()) {
                if (reference.isContainment() || reference.isContainer()) {
                    continue;
                }
                Object value = e.eGet(reference, true);
                List<?> values = reference.isMany() ? (List<?>) value : value == null ? List.of() : List.of(value);
                for (Object v : values) {
                    EObject target = (EObject) v;
                    out.add(EcoreUtil.getURI(e).fragment() + " " + reference.getName() + " -> "
                            + (target.eIsProxy() ? "unresolved" : EcoreUtil.getURI(target)));
                }
            }
        }
        return out;
    }


    private static Stream<Path> walk(Path root) {
        try {
            return Files.walk(root);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void write(String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text);
    }
}
