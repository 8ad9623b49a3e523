package dev.vmem.dsl.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.vmem.dsl.mapping.ModelMapper;
import dev.vmem.dsl.scoping.ImportRoots;
import dev.vmem.dsl.tests.VMemTestSupport;
import dev.vmem.dsl.validation.VMemIssueCodes;
import dev.vmem.dsl.validation.VMemValidator;
import dev.vmem.dsl.vmem.Model;
import dev.vmem.engine.model.Program;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.impl.ExtensibleURIConverterImpl;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Imports read inside the workspace only (docs/robustness.md, {@link ImportRoots}): an import that
 * leaves the allowed roots, names anything but a {@code .vmem} file, uses a non-file URI, or reaches
 * a FIFO, a device or an oversized file is refused with {@code unresolved-import} on the import
 * string, and nothing opens it: every read of the resource set goes through a recording URI
 * converter, and the tests assert what it saw.
 */
class ImportConfinementTest {

    @TempDir
    Path tmp;

    /** Records every stream the resource set opens (loading a resource, or anything else). */
    private static final class RecordingConverter extends ExtensibleURIConverterImpl {
        final List<URI> opened = Collections.synchronizedList(new ArrayList<>());

        @Override
        public InputStream createInputStream(URI uri, Map<?, ?> options) throws IOException {
            opened.add(uri);
            return super.createInputStream(uri, options);
        }
    }

    private record Checked(XtextResource resource, List<Issue> issues, RecordingConverter reads, Program program) {
        List<Issue> refused() {
            return issues.stream().filter(i -> VMemIssueCodes.UNRESOLVED_IMPORT.equals(i.getCode())
                    && i.getData() != null && i.getData().length == 2 && VMemValidator.REFUSED.equals(i.getData()[1]))
                    .toList();
        }

        /** {@code count} imports refused, each message naming {@code why}, and nothing read but the main file. */
        void refusedWithNothingRead(int count, String why) {
            assertThat(refused()).hasSize(count).allSatisfy(issue -> assertThat(issue.getMessage()).contains(why));
            assertNothingReadButTheMainFile();
        }

        void assertNothingReadButTheMainFile() {
            assertThat(reads.opened).containsExactly(resource.getURI());
        }
    }

    private Checked check(Path file, ImportRoots roots) {
        XtextResourceSet set = VMemTestSupport.newResourceSet();
        var reads = new RecordingConverter();
        set.setURIConverter(reads);
        if (roots != null) {
            roots.installOn(set);
        }
        XtextResource resource = VMemTestSupport.load(set, file);
        List<Issue> issues = VMemTestSupport.validate(resource);
        Program program = new ModelMapper().map((Model) resource.getContents().get(0));
        return new Checked(resource, issues, reads, program);
    }

    private Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    @Test
    void anImportOfEtcPasswdIsRefusedAtTheImportStringAndNothingIsRead() throws IOException {
        Path ws = tmp.resolve("ws");
        String text = "import \"../../../../../../../../etc/passwd\"\nkernel k { version 6.18 }\n";
        Path main = write(ws.resolve("a/b/main.vmem"), text);

        Checked c = check(main, ImportRoots.of(List.of(ws)));

        assertThat(c.refused()).singleElement().satisfies(issue -> {
            assertThat(issue.getOffset()).isEqualTo(text.indexOf('"'));
            assertThat(issue.getLength()).isEqualTo(text.indexOf('\n') - text.indexOf('"'));
            assertThat(issue.getMessage()).contains("/etc/passwd").contains("outside the workspace");
        });
        c.assertNothingReadButTheMainFile();
    }

    @Test
    void withoutConfiguredRootsTheImportersFolderTreeIsTheWorkspace() throws IOException {
        Path secret = write(tmp.resolve("secret/keys.vmem"), "kernel stolen { version 6.18 }\n");
        Path main = write(tmp.resolve("project/main.vmem"),
                "import \"../secret/keys.vmem\"\nimport \"sub/ok.vmem\"\nvm v { kernel stolen }\n");
        write(tmp.resolve("project/sub/ok.vmem"), "kernel fine { version 6.18 }\n");

        Checked c = check(main, null);

        assertThat(c.refused()).singleElement()
                .satisfies(issue -> assertThat(issue.getMessage()).contains(secret.toString()));
        assertThat(c.issues()).extracting(Issue::getCode).contains(VMemIssueCodes.UNRESOLVED_REFERENCE);
        assertThat(c.reads().opened).doesNotContain(URI.createFileURI(secret.toString()));
        assertThat(c.reads().opened).contains(URI.createFileURI(tmp.resolve("project/sub/ok.vmem").toString()));
        assertThat(c.program().kernels()).extracting(k -> k.name()).containsExactly("fine");
    }

    @Test
    void importsMustNameVmemFilesEvenInsideTheWorkspace() throws IOException {
        Path ws = tmp.resolve("ws");
        write(ws.resolve("notes.txt"), "kernel k { version 6.18 }\n");
        Path main = write(ws.resolve("main.vmem"), "import \"notes.txt\"\n");

        Checked c = check(main, ImportRoots.of(List.of(ws)));

        c.refusedWithNothingRead(1, ".vmem files");
    }

    @Test
    void nonFileUrisAreRefusedWithoutAnyNetworkOrClasspathAccess() throws IOException {
        Path ws = tmp.resolve("ws");
        Path main = write(ws.resolve("main.vmem"), """
                import "http://127.0.0.1:9/x.vmem"
                import "classpath:/dev/vmem/x.vmem"
                import "platform:/resource/p/x.vmem"
                import "archive:file:/tmp/a.zip!/x.vmem"
                """);

        Checked c = check(main, ImportRoots.of(List.of(ws)));

        assertThat(c.refused()).hasSize(4);
        c.assertNothingReadButTheMainFile();
    }

    @Test
    void aSymbolicLinkOutOfTheWorkspaceIsRefused() throws IOException {
        Path ws = tmp.resolve("ws");
        Path outside = write(tmp.resolve("outside/real.vmem"), "kernel k { version 6.18 }\n");
        Files.createDirectories(ws);
        Files.createSymbolicLink(ws.resolve("link.vmem"), outside);
        Files.createSymbolicLink(ws.resolve("dir"), outside.getParent());
        Path main = write(ws.resolve("main.vmem"), "import \"link.vmem\"\nimport \"dir/real.vmem\"\n");

        Checked c = check(main, ImportRoots.of(List.of(ws)));

        c.refusedWithNothingRead(2, "symbolic link");
    }

    @Test
    void aFifoOrADeviceNamedVmemIsRefusedWithoutOpeningIt() throws Exception {
        Path ws = tmp.resolve("ws");
        Files.createDirectories(ws);
        Path fifo = ws.resolve("pipe.vmem");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor()).isZero();
        Files.createSymbolicLink(ws.resolve("zero.vmem"), Path.of("/dev/zero"));
        Path main = write(ws.resolve("main.vmem"), "import \"pipe.vmem\"\nimport \"zero.vmem\"\n");

        // Opening the FIFO would block for ever, reading /dev/zero would never end.
        Checked c = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> check(main, ImportRoots.of(List.of(ws, Path.of("/dev")))));

        c.refusedWithNothingRead(2, "not a regular file");
    }

    @Test
    void anOversizedImportIsRefused() throws IOException {
        Path ws = tmp.resolve("ws");
        write(ws.resolve("big.vmem"), "// " + "x".repeat(2000) + "\n");
        Path main = write(ws.resolve("main.vmem"), "import \"big.vmem\"\n");

        Checked c = check(main, ImportRoots.of(List.of(ws)).withMaxFileBytes(1000));

        c.refusedWithNothingRead(1, "larger than the limit of 1000 bytes");
    }

    @Test
    void importsInsideTheRootsStillWorkAcrossFolders() throws IOException {
        Path ws = tmp.resolve("ws");
        write(ws.resolve("profiles/kernels.vmem"), "kernel k { version 6.18 }\n");
        Path main = write(ws.resolve("vms/main.vmem"), "import \"../profiles/kernels.vmem\"\nvm v { kernel k }\n");

        Checked c = check(main, ImportRoots.of(List.of(ws)));

        assertThat(c.issues()).filteredOn(i -> i.getSeverity() == org.eclipse.xtext.diagnostics.Severity.ERROR)
                .isEmpty();
        assertThat(c.program().vm("v").orElseThrow().kernel()).contains("k");
    }

    /**
     * Regression: with every check on (the editor's mode) the engine validator ran the mapper first, whose
     * demand-load of the missing file left an empty resource behind, and the import then passed for
     * resolved: a missing import went unreported.
     */
    @Test
    void aMissingImportIsReportedAsNotFoundNotRefusedEvenAfterTheEngineRan() throws IOException {
        Path ws = tmp.resolve("ws");
        Path main = write(ws.resolve("main.vmem"), "import \"missing.vmem\"\n");

        Checked c = check(main, ImportRoots.of(List.of(ws)));

        assertThat(c.refused()).isEmpty();
        assertThat(c.issues()).extracting(Issue::getCode).containsExactly(VMemIssueCodes.UNRESOLVED_IMPORT);
    }
}
