package dev.vmem.dsl.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vmem.dsl.validation.VMemIssueCodes;
import dev.vmem.dsl.vmem.Scenario;
import dev.vmem.dsl.vmem.Vm;
import dev.vmem.dsl.vmem.VmKernel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** import "other.vmem": names resolve across files, relative to the importing file. */
class ImportTest {

    @TempDir
    Path dir;

    @Test
    void vmUsesAKernelFromAnImportedFile() throws IOException {
        write("profiles/kernels.vmem", "kernel shared_kernel { version 6.18 arch x86_64 }\n");
        Path main = write("main.vmem", """
                import "profiles/kernels.vmem"
                vm v { kernel shared_kernel memory ram: anonymous 4K }
                """);
        XtextResource resource = VMemTestSupport.load(main);

        assertThat(VMemTestSupport.validateStructure(resource)).isEmpty();
        Vm vm = EcoreUtil2.getAllContentsOfType(VMemTestSupport.model(resource), Vm.class).get(0);
        VmKernel kernel = EcoreUtil2.typeSelect(vm.getMembers(), VmKernel.class).get(0);
        assertThat(kernel.getKernel().eIsProxy()).isFalse();
        assertThat(kernel.getKernel().eResource().getURI().lastSegment()).isEqualTo("kernels.vmem");
    }

    @Test
    void scenarioStepsSeeTheBackingsOfAnImportedVm() throws IOException {
        write("kernels.vmem", "kernel k { version 7.0 }\n");
        write("vms.vmem", """
                import "kernels.vmem"
                vm host { kernel k memory g: guest_memfd 2MiB flags mmap }
                """);
        Path scenarios = write("scenarios.vmem", """
                import "vms.vmem"
                scenario s { vm host step mmap g shared expect ok step touch g write }
                """);
        XtextResource resource = VMemTestSupport.load(scenarios);

        assertThat(VMemTestSupport.validateStructure(resource)).isEmpty();
        Scenario scenario = (Scenario) VMemTestSupport.model(resource).getDeclarations().get(0);
        assertThat(scenario.getVm().getName()).isEqualTo("host");
        assertThat(scenario.getVm().eResource()).isNotSameAs(resource);
    }

    @Test
    void importsAreNotReExported() throws IOException {
        write("kernels.vmem", "kernel k { version 7.0 }\n");
        write("vms.vmem", "import \"kernels.vmem\"\nvm host { kernel k }\n");
        Marked marked = Marked.parse("import \"vms.vmem\"\nvm other { kernel <|k|> }\n");
        Path file = write("other.vmem", marked.text());

        assertOnlyIssueAtTheMark(VMemTestSupport.validateStructure(VMemTestSupport.load(file)),
                VMemIssueCodes.UNRESOLVED_REFERENCE, marked);
    }

    @Test
    void localDeclarationsShadowImportedOnes() throws IOException {
        write("kernels.vmem", "kernel k { version 6.8 }\n");
        Path main = write("main.vmem", "import \"kernels.vmem\"\nkernel k { version 7.0 }\nvm v { kernel k }\n");
        XtextResource resource = VMemTestSupport.load(main);

        assertThat(VMemTestSupport.validateStructure(resource)).isEmpty();
        Vm vm = EcoreUtil2.getAllContentsOfType(VMemTestSupport.model(resource), Vm.class).get(0);
        VmKernel kernel = EcoreUtil2.typeSelect(vm.getMembers(), VmKernel.class).get(0);
        assertThat(kernel.getKernel().eResource()).isSameAs(resource);
    }

    @Test
    void cyclicImportsTerminate() throws IOException {
        write("a.vmem", "import \"b.vmem\"\nkernel ka { version 6.18 }\nvm va { kernel kb }\n");
        Path b = write("b.vmem", "import \"a.vmem\"\nkernel kb { version 6.18 }\nvm vb { kernel ka }\n");
        XtextResourceSet resourceSet = VMemTestSupport.newResourceSet();

        assertThat(VMemTestSupport.validateStructure(VMemTestSupport.load(resourceSet, b))).isEmpty();
        assertThat(VMemTestSupport.validateStructure(VMemTestSupport.load(resourceSet, dir.resolve("a.vmem")))).isEmpty();
    }

    @Test
    void missingImportIsReportedOnTheString() throws IOException {
        Marked marked = Marked.parse("import <|\"nowhere/else.vmem\"|>\nkernel k { version 6.18 }\n");
        Path file = write("main.vmem", marked.text());

        assertOnlyIssueAtTheMark(VMemTestSupport.validateStructure(VMemTestSupport.load(file)),
                VMemIssueCodes.UNRESOLVED_IMPORT, marked);
    }

    private Path write(String relative, String text) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    /** The one issue has {@code code} and covers the marked range. */
    private static void assertOnlyIssueAtTheMark(List<Issue> issues, String code, Marked marked) {
        assertThat(issues).singleElement().satisfies(issue -> {
            assertThat(issue.getCode()).isEqualTo(code);
            assertThat(issue.getOffset()).isEqualTo(marked.range().offset());
            assertThat(issue.getLength()).isEqualTo(marked.range().length());
        });
    }
}
