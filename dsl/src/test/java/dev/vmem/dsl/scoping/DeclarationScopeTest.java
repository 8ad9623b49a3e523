package dev.vmem.dsl.scoping;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Key;
import com.google.inject.name.Names;
import dev.vmem.dsl.tests.VMemTestSupport;
import dev.vmem.dsl.vmem.Scenario;
import dev.vmem.dsl.vmem.Vm;
import dev.vmem.dsl.vmem.VmKernel;
import dev.vmem.dsl.vmem.VmemPackage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.naming.QualifiedName;
import org.eclipse.xtext.resource.IEObjectDescription;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.scoping.IScope;
import org.eclipse.xtext.scoping.IScopeProvider;
import org.eclipse.xtext.scoping.impl.AbstractDeclarativeScopeProvider;
import org.eclipse.xtext.util.IAcceptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scope of kernel and VM references ({@link VMemScopeProvider}: this file's declarations over its
 * imports) and the imported URIs ({@link VMemImportUriGlobalScopeProvider}: from the imports only) give
 * what Xtext's own walks over every element give: the same elements in the same order for every context a
 * linker or an editor asks from, the same element for every name (shadowing and duplicates included), the
 * same imports. Xtext's scoping is the reference here, run on the same resources.
 */
class DeclarationScopeTest {

    private static final List<EReference> REFERENCES = List.of(VmemPackage.Literals.VM_KERNEL__KERNEL,
            VmemPackage.Literals.SCENARIO__VM);

    @TempDir
    Path dir;

    private final IScopeProvider ours = VMemTestSupport.INJECTOR.getInstance(IScopeProvider.class);
    private final IScopeProvider xtext = VMemTestSupport.INJECTOR.getInstance(
            Key.get(IScopeProvider.class, Names.named(AbstractDeclarativeScopeProvider.NAMED_DELEGATE)));

    @Test
    void kernelAndVmScopesAreXtextsForEveryExample() throws IOException {
        List<Path> files;
        try (Stream<Path> all = Stream.concat(Files.list(VMemTestSupport.repositoryRoot().resolve("examples")),
                Files.list(VMemTestSupport.examplesDir()))) {
            files = all.filter(p -> p.toString().endsWith(".vmem")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThan(20);
        int compared = 0;
        for (Path file : files) {
            compared += assertSameScopes(VMemTestSupport.load(file));
        }
        assertThat(compared).isGreaterThan(40);
    }

    @Test
    void importsShadowingDuplicatesAndUnresolvedNames() throws IOException {
        write("kernels.vmem", "kernel k { version 6.8 }\nkernel only_imported { version 6.1 }\nvm far { }\n");
        write("more.vmem", "kernel k { version 6.6 }\nkernel other { version 6.12 }\n");
        Path main = write("main.vmem", """
                import "kernels.vmem"
                import "missing.vmem"
                import "more.vmem"
                import "kernels.vmem"
                kernel k { version 7.0 }
                kernel k { version 7.1 }
                vm v { kernel k memory k: anonymous 4K slot 0 gpa 0 userspace k }
                vm w { kernel only_imported }
                vm x { kernel other kernel nowhere }
                vm v { kernel v }
                scenario s { vm far step touch k read }
                scenario t { vm nothing }
                scenario k { vm v }
                """);
        XtextResource resource = VMemTestSupport.load(main);

        assertThat(assertSameScopes(resource)).isGreaterThanOrEqualTo(9);
        assertSameImports(main);
    }

    @Test
    void brokenTextGivesTheSameScopes() throws IOException {
        write("kernels.vmem", "kernel k { version 6.8 }\n");
        String text = """
                import "kernels.vmem"
                kernel { version 7.0 }
                kernel j { version
                vm v { kernel k memory ram: anonymous
                vm { kernel j }
                scenario s { vm v step
                scenario { vm
                """;
        for (int cut = 0; cut <= text.length(); cut += 7) {
            Path file = write("broken" + cut + ".vmem", text.substring(0, cut));
            assertSameScopes(VMemTestSupport.load(file));
            assertSameImports(file);
        }
    }

    /** Compares both scopes from every element of the file for both references; returns the count. */
    private int assertSameScopes(XtextResource resource) {
        var contexts = new ArrayList<EObject>();
        resource.getAllContents().forEachRemaining(contexts::add);
        var names = new LinkedHashSet<QualifiedName>(List.of(QualifiedName.create("nowhere"),
                QualifiedName.create("v", "k"), QualifiedName.create("")));
        for (EObject e : contexts) {
            if (e instanceof VmKernel k) {
                names.add(linkText(k, VmemPackage.Literals.VM_KERNEL__KERNEL));
            } else if (e instanceof Scenario s) {
                names.add(linkText(s, VmemPackage.Literals.SCENARIO__VM));
            } else if (e instanceof dev.vmem.dsl.vmem.Declaration d && d.getName() != null) {
                names.add(QualifiedName.create(d.getName()));
            }
        }
        names.remove(null);
        int compared = 0;
        for (EObject context : contexts) {
            for (EReference reference : REFERENCES) {
                IScope expected = xtext.getScope(context, reference);
                IScope actual = ours.getScope(context, reference);
                assertThat(describe(actual.getAllElements())).as("all elements from %s", context)
                        .isEqualTo(describe(expected.getAllElements()));
                for (QualifiedName name : names) {
                    assertThat(describe(single(actual, name))).as("%s from %s", name, context)
                            .isEqualTo(describe(single(expected, name)));
                    assertThat(describe(actual.getElements(name))).isEqualTo(describe(expected.getElements(name)));
                }
                for (EObject target : contexts) {
                    if (target instanceof Vm || target instanceof dev.vmem.dsl.vmem.Kernel) {
                        assertThat(describe(actual.getElements(target))).isEqualTo(describe(expected.getElements(target)));
                    }
                }
                compared++;
            }
        }
        return compared;
    }

    private static QualifiedName linkText(EObject owner, EReference reference) {
        var nodes = org.eclipse.xtext.nodemodel.util.NodeModelUtils.findNodesForFeature(owner, reference);
        return nodes.isEmpty() ? null : QualifiedName.create(
                org.eclipse.xtext.nodemodel.util.NodeModelUtils.getTokenText(nodes.get(0)));
    }

    private static List<IEObjectDescription> single(IScope scope, QualifiedName name) {
        IEObjectDescription d = scope.getSingleElement(name);
        return d == null ? List.of() : List.of(d);
    }

    private static List<String> describe(Iterable<IEObjectDescription> descriptions) {
        var out = new ArrayList<String>();
        for (IEObjectDescription d : descriptions) {
            out.add(d.getName() + " " + d.getEClass().getName() + " " + d.getEObjectURI());
        }
        return out;
    }

    /** Loads the file twice (two resource sets): Xtext's walk and ours must find the same imports. */
    private static void assertSameImports(Path file) {
        var provider = VMemTestSupport.INJECTOR.getInstance(Imports.class);
        assertThat(provider.ours(VMemTestSupport.load(file)))
                .isEqualTo(provider.xtexts(VMemTestSupport.load(file)));
    }

    /** Exposes both ways of finding a file's imports. */
    static class Imports extends VMemImportUriGlobalScopeProvider {
        LinkedHashSet<URI> ours(Resource resource) {
            return getImportedUris(resource);
        }

        /** Xtext's ImportUriGlobalScopeProvider.getImportedUris, without its cache. */
        LinkedHashSet<URI> xtexts(Resource resource) {
            var uris = new LinkedHashSet<URI>(5);
            IAcceptor<String> collector = createURICollector(resource, uris);
            resource.getAllContents().forEachRemaining(e -> collector.accept(getImportUriResolver().apply(e)));
            uris.removeIf(uri -> !EcoreUtil2.isValidUri(resource, uri));
            return uris;
        }
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }
}
