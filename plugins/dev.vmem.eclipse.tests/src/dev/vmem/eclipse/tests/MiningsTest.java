package dev.vmem.eclipse.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmem.dsl.text.LineIndex;
import dev.vmem.eclipse.Analysis;
import dev.vmem.eclipse.VMemAnalyzer;
import dev.vmem.eclipse.editor.Minings;
import dev.vmem.eclipse.editor.Minings.Kind;
import dev.vmem.eclipse.editor.Minings.Mining;
import dev.vmem.eclipse.preferences.VMemPreferences;
import dev.vmem.editor.annotations.Annotations;
import dev.vmem.testing.Examples;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.emf.common.util.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The code minings of a VMem editor are the editor layer's inlay hints and code lenses (what the
 * language server sends), converted: a hint becomes an inline mining before the character at its offset
 * with the label padded on the left, a lens a header above the line of the scenario's name with its title.
 */
class MiningsTest {

    @AfterAll
    static void noUiBundleStarted() {
        BundlesResolveTest.assertNoUiBundleStarted();
    }

    /** One VM with one backing and a scenario of six steps whose expectations all hold. */
    static final Path EXAMPLE = Examples.root().resolve("memfd-secret-2024-2-cold.vmem");

    @Test
    void theEditorLayersHintsAndLensesConverted() {
        Analysis analysis = analyze(Examples.read(EXAMPLE));
        var lines = new LineIndex(analysis.text());
        List<Mining> minings = Minings.of(analysis, true, true);

        List<Mining> hints = Annotations.hints(analysis.report(), analysis.resource()).stream()
                .map(h -> new Mining(Kind.INLINE, h.offset(), lines.line(h.offset()), " " + h.label())).toList();
        List<Mining> lenses = Annotations.lenses(analysis.report(), analysis.resource()).stream()
                .map(l -> new Mining(Kind.HEADER, l.offset(), lines.line(l.offset()), l.title())).toList();
        assertEquals(hints, minings.stream().filter(m -> m.kind() == Kind.INLINE).toList());
        assertEquals(lenses, minings.stream().filter(m -> m.kind() == Kind.HEADER).toList());
        assertEquals(hints.size() + lenses.size(), minings.size());
    }

    @Test
    void wherePlacedAndWhatTheySay() {
        Analysis analysis = analyze(Examples.read(EXAMPLE));
        String text = analysis.text();
        List<Mining> minings = Minings.of(analysis, true, true);
        assertEquals(3, minings.size(), minings.toString());

        // After the VM's name, before " {".
        Mining vm = minings.get(0);
        assertEquals(Kind.INLINE, vm.kind());
        assertEquals(text.indexOf("vm fc_secret") + "vm fc_secret".length(), vm.offset());
        assertTrue(vm.label().startsWith(" direct map: ") && vm.label().endsWith(" of 256 MiB"), vm.label());
        // At the end of the backing's declaration, before its line end.
        Mining backing = minings.get(1);
        assertEquals(text.indexOf("memory ram: memfd_secret 256MiB") + "memory ram: memfd_secret 256MiB".length(), backing.offset());
        assertEquals('\n', text.charAt(backing.offset()));
        assertTrue(backing.label().startsWith(" in direct map: "), backing.label());
        // Above the scenario, with its result.
        Mining scenario = minings.get(2);
        assertEquals(Kind.HEADER, scenario.kind());
        assertEquals(text.indexOf("prefault_after_the_fact"), scenario.offset());
        assertEquals(text.substring(0, text.indexOf("scenario prefault_after_the_fact")).split("\n", -1).length - 1, scenario.line());
        assertEquals("passed (6 steps)", scenario.label());
    }

    @Test
    void eachKindCanBeLeftOut() {
        Analysis analysis = analyze(Examples.read(EXAMPLE));
        assertTrue(Minings.of(analysis, false, true).stream().allMatch(m -> m.kind() == Kind.HEADER));
        assertTrue(Minings.of(analysis, true, false).stream().allMatch(m -> m.kind() == Kind.INLINE));
        assertFalse(Minings.of(analysis, true, false).isEmpty());
        assertTrue(Minings.of(analysis, false, false).isEmpty());
    }

    @Test
    void noneWithoutAnEngineRun() {
        Analysis analysis = analyze(Examples.read(EXAMPLE).replace("vm fc_secret {", "vm fc_secret {{"));
        assertNull(analysis.report(), "a syntax error keeps the engine from running");
        assertTrue(Minings.of(analysis, true, true).isEmpty());
        assertTrue(Minings.of(null, true, true).isEmpty());
    }

    /** Both kinds are shown by default (as in VS Code, where editor.inlayHints.enabled and editor.codeLens are on). */
    @Test
    void shownByDefault() {
        assertNotNull(VMemPreferences.node());
        assertTrue(VMemPreferences.showInlayHints());
        assertTrue(VMemPreferences.showCodeLenses());
    }

    static Analysis analyze(String text) {
        return VMemAnalyzer.analyze(URI.createFileURI(EXAMPLE.toString()), text, null);
    }
}
