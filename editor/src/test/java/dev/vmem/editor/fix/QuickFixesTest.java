package dev.vmem.editor.fix;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Injector;
import dev.vmem.dsl.VMemStandaloneSetup;
import dev.vmem.dsl.analysis.CheckedFile;
import dev.vmem.dsl.analysis.Checker;
import dev.vmem.dsl.analysis.Placed;
import dev.vmem.engine.EngineOptions;
import dev.vmem.engine.report.Finding;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.util.LazyStringInputStream;
import org.junit.jupiter.api.Test;

/**
 * The one set of quick fixes, on the checker's findings: the fixes the language server and Eclipse
 * had each alone before they shared this set (the whole edited text, and the finding gone after it).
 * CodeActionTest (language server) and QuickFixesTest (Eclipse) check the same set through each adapter.
 */
class QuickFixesTest {

    private static final Injector INJECTOR = new VMemStandaloneSetup().createInjectorAndDoEMFRegistration();

    private static final String KERNEL = """
            kernel k {
                version 6.18
                arch x86_64
            }
            """;

    record Checked(XtextResource resource, CheckedFile file) {
        Placed finding(String code) {
            return file.all().stream().filter(p -> code.equals(p.code())).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + code + " in " + file.all().stream().map(Placed::code).toList()));
        }

        boolean has(String code) {
            return file.all().stream().anyMatch(p -> code.equals(p.code()));
        }
    }

    private static int files;

    static Checked check(String text) throws IOException {
        var set = INJECTOR.getInstance(XtextResourceSet.class);
        var resource = (XtextResource) set.createResource(URI.createURI("synthetic:/fix" + ++files + ".vmem"));
        resource.load(new LazyStringInputStream(text), null);
        return new Checked(resource, Checker.of(resource).check(resource, EngineOptions.defaults(), CancelIndicator.NullImpl));
    }

    /** The data an editor keeps with a finding: the finding's, vm and secretBacking. */
    static Map<String, String> data(Placed p) {
        var data = new HashMap<String, String>();
        Finding f = p.finding();
        if (f != null) {
            data.putAll(f.data());
            if (!f.vm().isEmpty()) {
                data.putIfAbsent("vm", f.vm());
            }
            QuickFixes.secretBacking(f).ifPresent(b -> data.put(QuickFixes.SECRET_BACKING, b));
        }
        return data;
    }

    static List<Fix> fixes(Checked c, String code) {
        Placed p = c.finding(code);
        return QuickFixes.fixes(c.resource(), code, data(p), p.offset());
    }

    static String apply(String text, String code, String labelPrefix) throws IOException {
        Checked c = check(text);
        List<Fix> fixes = fixes(c, code);
        Fix fix = fixes.stream().filter(f -> f.label().startsWith(labelPrefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no fix '" + labelPrefix + "' for " + code + " in " + fixes));
        assertThat(fix.editsOnly(c.resource())).isTrue();
        String fixed = fix.apply(c.resource(), text);
        assertThat(check(fixed).has(code)).as("%s after the fix:%n%s", code, fixed).isFalse();
        return fixed;
    }

    /** {@code kernel}, then a VM on memfd_secret with kvmclock that uses it (gup-on-secret-memory, pfncache-unmapped-pfn). */
    static String secretVm(String kernel) {
        return kernel + """

                vm fc {
                    kernel k
                    memory ram: memfd_secret 256MiB
                    map ram shared
                    slot 0 gpa 0x0 userspace ram
                    clock kvmclock
                }
                """;
    }

    @Test
    void aSlotFlagIsDroppedByItsName() throws IOException {
        // conformance/rules/gmem-slot-flags/readonly.vmem
        String text = """
                kernel k {
                    version 7.1
                    arch x86_64
                }

                vm v {
                    kernel k
                    type sw_protected
                    memory g: guest_memfd 2MiB
                    slot 0 gpa 0x0 guest_memfd g flags readonly
                    private gpa 0x0 size 2MiB
                }
                """;
        String fixed = apply(text, "gmem-slot-flags", "Drop flag readonly from slot 0");
        assertThat(fixed).isEqualTo(text.replace(" flags readonly", ""));
    }

    @Test
    void noFixForCodesOutsideTheSet() throws IOException {
        Checked c = check(KERNEL + "\nvm v {\n    kernel k\n    memory ram: memfd 64MiB\n}\n");
        for (Placed p : c.file().all()) {
            if (!QuickFixes.CODES.contains(p.code())) {
                assertThat(QuickFixes.fixes(c.resource(), p.code(), data(p), p.offset())).as(p.code()).isEmpty();
            }
        }
        assertThat(QuickFixes.fixes(c.resource(), null, Map.of(), 0)).isEmpty();
        assertThat(QuickFixes.fixes(c.resource(), "not-a-code", Map.of(), 0)).isEmpty();
    }

    @Test
    void theSecretBackingOfAFindingIsTheMemfdSecretItIsAbout() throws IOException {
        String text = secretVm(KERNEL);
        Checked c = check(text);
        Placed gup = c.finding("gup-on-secret-memory");
        assertThat(data(gup)).containsEntry(QuickFixes.SECRET_BACKING, "ram");
        String fixed = apply(text, "gup-on-secret-memory", "Turn memfd_secret backing ram");
        assertThat(fixed).isEqualTo(text
                .replace("memory ram: memfd_secret 256MiB", "memory ram: guest_memfd 256MiB flags mmap | init_shared | no_direct_map")
                .replace("userspace ram\n", "userspace ram guest_memfd ram\n"));
    }

    @Test
    void aKernelWithoutSettingsGetsThePatchAboveItsBrace() throws IOException {
        String text = secretVm("kernel k {\n    version 6.18\n}\n");
        Checked c = check(text);
        List<Fix> fixes = fixes(c, "pfncache-unmapped-pfn");
        assertThat(fixes).extracting(Fix::label).startsWith(
                "Hide kvmclock from the guest: add 'cpuid -kvmclock' to vm fc", "Add 'patch pfncache_gmem' to kernel profile k");
        assertThat(fixes.get(1).apply(c.resource(), text)).isEqualTo(text.replace("    version 6.18\n", "    version 6.18\n    patch pfncache_gmem\n"));
    }
}
