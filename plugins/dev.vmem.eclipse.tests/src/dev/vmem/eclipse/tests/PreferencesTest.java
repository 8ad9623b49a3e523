package dev.vmem.eclipse.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmem.eclipse.preferences.VMemPreferences;
import dev.vmem.engine.model.Arch;
import dev.vmem.engine.model.KernelDecl;
import dev.vmem.engine.model.PatchDecl;
import org.junit.jupiter.api.Test;

/** The default kernel profile preference, in VS Code's short form and as a kernel block body. */
class PreferencesTest {

    @Test
    void shortFormAsInVsCode() {
        KernelDecl kernel = VMemPreferences.parseKernel("6.18 arm64 + no_direct_map v12 + pfncache_gmem").orElseThrow();
        assertEquals("6.18", kernel.version());
        assertEquals(Arch.ARM64, kernel.arch());
        assertEquals(2, kernel.patches().size());
        assertEquals(PatchDecl.Patch.NO_DIRECT_MAP, kernel.patches().get(0).patch());
        assertEquals(12, kernel.patches().get(0).revision());
        assertEquals(PatchDecl.Patch.PFNCACHE_GMEM, kernel.patches().get(1).patch());
    }

    @Test
    void kernelBlockBody() {
        KernelDecl kernel = VMemPreferences.parseKernel("version 6.8\narch x86_64").orElseThrow();
        assertEquals("6.8", kernel.version());
        assertEquals(Arch.X86_64, kernel.arch());
    }

    @Test
    void notAProfile() {
        assertTrue(VMemPreferences.parseKernel("6.18 + bogus_patch").isEmpty());
        assertTrue(VMemPreferences.parseKernel("latest").isEmpty());
    }
}
