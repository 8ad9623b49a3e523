package dev.vmem.eclipse.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmem.eclipse.imports.ConfigImport;
import dev.vmem.importers.ImportException;
import dev.vmem.importers.VmmFormat;
import dev.vmem.testing.Examples;
import dev.vmem.testing.Repository;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The UI-free part of "VMem: Import VMM configuration…": a workspace file imported through the
 * importers bundle inside Equinox gives the same .vmem as {@code vmem import} (the importers' golden
 * files), written beside the source; a refused configuration writes nothing and says where.
 */
class ConfigImportTest {

    private IProject project;

    @AfterAll
    static void noUiBundleStarted() {
        BundlesResolveTest.assertNoUiBundleStarted();
    }

    /** A fresh project each time (tearDown deletes it). */
    @BeforeEach
    void setUp() throws CoreException {
        project = ResourcesPlugin.getWorkspace().getRoot().getProject("imports");
        project.create(null);
        project.open(null);
    }

    @AfterEach
    void tearDown() throws CoreException {
        project.delete(true, null);
    }

    IFile write(String name, String text) throws CoreException {
        IFile file = project.getFile(name);
        if (file.getParent() instanceof org.eclipse.core.resources.IFolder folder && !folder.exists()) {
            folder.create(true, true, null);
        }
        file.create(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), IResource.FORCE, null);
        file.setCharset("UTF-8", null);
        return file;
    }

    static String corpus(String path) {
        return Examples.read(Repository.resolve("importers/src/test/resources/corpus/" + path));
    }

    static String golden(String path) {
        return Examples.read(Repository.resolve("importers/src/test/resources/golden/" + path));
    }

    static String contents(IFile file) throws CoreException, IOException {
        try (InputStream in = file.getContents(true)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void importsBesideTheSourceAsTheCliDoes() throws Exception {
        IFile source = write("default.json", corpus("firecracker/default.json"));
        assertTrue(ConfigImport.offeredFor(source));
        assertEquals(Optional.of(VmmFormat.FIRECRACKER), ConfigImport.guess(ConfigImport.read(source)));
        assertFalse(ConfigImport.targetExists(source, null));

        ConfigImport.Written written = ConfigImport.run(source, VmmFormat.FIRECRACKER, false, null);

        assertEquals(project.getFile("default.vmem"), written.target());
        assertTrue(written.target().exists());
        assertEquals("UTF-8", written.target().getCharset());
        assertEquals(golden("firecracker/default.vmem"), contents(written.target()));
    }

    @Test
    void everyFormatThroughTheBundle() throws Exception {
        for (String path : new String[] {"cloud-hypervisor/default.args", "libvirt/default.xml", "qemu/default.args"}) {
            IFile source = write(path, corpus(path));
            VmmFormat format = VmmFormat.byKeyword(path.substring(0, path.indexOf('/'))).orElseThrow();
            ConfigImport.Written written = ConfigImport.run(source, format, false, null);
            assertEquals(golden(path.replaceFirst("\\.[a-z]+$", ".vmem")), contents(written.target()), path);
        }
    }

    @Test
    void anExistingVmemIsReplacedOnlyWhenAsked() throws Exception {
        IFile source = write("hugepages.json", corpus("firecracker/hugepages.json"));
        IFile old = write("hugepages.vmem", "// mine\n");
        assertTrue(ConfigImport.targetExists(source, null));
        assertThrows(CoreException.class, () -> ConfigImport.run(source, VmmFormat.FIRECRACKER, false, null));
        assertEquals("// mine\n", contents(old));
        ConfigImport.run(source, VmmFormat.FIRECRACKER, true, null);
        assertEquals(golden("firecracker/hugepages.vmem"), contents(old));
    }

    @Test
    void aFileWrittenOutsideTheWorkspaceIsSeenBeforeWriting() throws Exception {
        IFile source = write("disk.json", corpus("firecracker/default.json"));
        java.nio.file.Files.writeString(project.getLocation().append("disk.vmem").toFile().toPath(), "// on disk only\n");
        assertTrue(ConfigImport.targetExists(source, null), "the folder is refreshed");
        assertThrows(CoreException.class, () -> ConfigImport.run(source, VmmFormat.FIRECRACKER, false, null));
    }

    @Test
    void aRefusedConfigurationWritesNothingAndSaysWhere() throws Exception {
        IFile source = write("broken.json", "{\n  \"machine-config\": {\n    \"mem_size_mib\": 128,\n    \"no_such_field\": 1\n  }\n}\n");
        ImportException e = assertThrows(ImportException.class, () -> ConfigImport.run(source, VmmFormat.FIRECRACKER, false, null));
        assertEquals(4, e.position().line());
        assertEquals("/machine-config/no_such_field", e.position().pointer());
        assertTrue(ConfigImport.describe(source, e).startsWith("broken.json:4:"), ConfigImport.describe(source, e));
        assertFalse(project.getFile("broken.vmem").exists());
    }

    @Test
    void targetsAndEndings() throws Exception {
        assertEquals("qemu-cmdline.vmem", ConfigImport.target(project.getFile("qemu-cmdline")).getName());
        assertEquals("vm.vmem", ConfigImport.target(project.getFile("vm.args")).getName());
        assertEquals("a.b.vmem", ConfigImport.target(project.getFile("a.b.xml")).getName());
        assertTrue(ConfigImport.offeredFor(project.getFile("domain.XML")));
        assertFalse(ConfigImport.offeredFor(project.getFile("setup.vmem")));
        assertFalse(ConfigImport.offeredFor(project.getFile("Makefile")));
    }
}
