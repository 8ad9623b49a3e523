package dev.vmem.editor.completion;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.vmem.dsl.VMemRuntimeModule;
import dev.vmem.dsl.analysis.CheckedFile;
import dev.vmem.dsl.analysis.Checker;
import dev.vmem.dsl.ide.VMemIdeModule;
import dev.vmem.dsl.ide.VMemIdeSetup;
import dev.vmem.editor.profile.LatestProfiles;
import dev.vmem.editor.profile.VmProfile;
import dev.vmem.editor.settings.DefaultKernel;
import dev.vmem.editor.settings.DefaultProfile;
import dev.vmem.engine.EngineOptions;
import dev.vmem.engine.model.KernelDecl;
import dev.vmem.engine.model.VmType;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistEntry;
import org.eclipse.xtext.ide.editor.contentassist.IdeContentProposalAcceptor;
import org.eclipse.xtext.ide.editor.contentassist.IdeContentProposalProvider;
import org.eclipse.xtext.ide.editor.contentassist.antlr.ContentAssistContextFactory;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.util.LazyStringInputStream;
import org.eclipse.xtext.util.Modules2;
import org.eclipse.xtext.util.TextRegion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Completion asks the VM's profile where the hover does: the latest engine report of the file (as the
 * ide module's {@link LatestProfiles.Store} keeps it, which is the Eclipse editor's binding; the language
 * server's CompletionTest covers its session's); without a report that knows the VM, the default
 * profile setting; without a setting, the engine's default.
 */
class ProfileAwareCompletionTest {

    private static final ExecutorService POOL = Executors.newCachedThreadPool();

    /** The file as it parsed before the user started typing at the cursor: the engine ran over it. */
    static final String CHECKED = """
            kernel k {
                version 6.18
                patch no_direct_map v9
            }
            vm v {
                kernel k
                type tdx
                memory g: guest_memfd 1GiB flags mmap
            }
            """;

    /** The same file while typing: it does not parse, so the engine does not run over it. */
    static final String TYPING = CHECKED.replace("flags mmap", "flags ");

    @AfterAll
    static void stop() {
        POOL.shutdownNow();
    }

    private static Injector injector(Optional<KernelDecl> setting) {
        com.google.inject.Module store = binder -> binder.bind(DefaultKernel.class).toInstance(resource -> setting);
        return new VMemIdeSetup() {
            @Override
            public Injector createInjector() {
                return Guice.createInjector(Modules2.mixin(new VMemRuntimeModule(), new VMemIdeModule(), store));
            }
        }.createInjectorAndDoEMFRegistration();
    }

    private static XtextResource parse(Injector injector, String uri, String text) throws IOException {
        // the resource of this injector (not the globally registered one): its grammar is the ide services'
        var resource = injector.getInstance(XtextResource.class);
        resource.setURI(URI.createURI(uri));
        injector.getInstance(XtextResourceSet.class).getResources().add(resource);
        resource.load(new LazyStringInputStream(text), null);
        return resource;
    }

    /** Checks {@code text} as {@code uri} and keeps the VMs' profiles the way an editor does. */
    private static CheckedFile check(Injector injector, String uri, String text) throws IOException {
        XtextResource resource = parse(injector, uri, text);
        CheckedFile checked = Checker.of(resource).check(resource, EngineOptions.defaults(), CancelIndicator.NullImpl);
        injector.getInstance(LatestProfiles.Store.class).remember(checked);
        return checked;
    }

    /** The proposals at the end of {@code flags } in {@code text}, as the Eclipse editor asks them. */
    private static List<String> flags(Injector injector, String uri, String text) throws IOException {
        XtextResource resource = parse(injector, uri, text);
        int offset = text.indexOf("flags ") + "flags ".length();
        var factory = injector.getInstance(ContentAssistContextFactory.class);
        factory.setPool(POOL);
        var contexts = factory.create(text, new TextRegion(offset, 0), offset, resource);
        var acceptor = injector.getInstance(IdeContentProposalAcceptor.class);
        injector.getInstance(IdeContentProposalProvider.class).createProposals(List.of(contexts), acceptor);
        var proposals = new java.util.ArrayList<String>();
        for (ContentAssistEntry entry : acceptor.getEntries()) {
            proposals.add(entry.getProposal());
        }
        return proposals;
    }

    @Test
    void theLatestReportDecidesWhileTheTextDoesNotParse() throws IOException {
        Injector injector = injector(Optional.empty());
        CheckedFile before = check(injector, "synthetic:/typing.vmem", CHECKED);
        assertThat(before.ran()).isTrue();
        assertThat(check(injector, "synthetic:/typing.vmem", TYPING).ran()).isFalse(); // changes nothing kept
        // 6.18 + no_direct_map v9, a TDX VM: no_direct_map offered (v9 still does), no init_shared (private memory)
        assertThat(flags(injector, "synthetic:/typing.vmem", TYPING)).contains("mmap", "no_direct_map")
                .doesNotContain("init_shared");
    }

    @Test
    void withoutAReportTheDefaultProfileSettingDecides() throws IOException {
        // nothing checked for this file: the VM's own kernel block is not read, the setting (6.8) applies
        Injector injector = injector(DefaultProfile.parse("6.8").kernel());
        assertThat(flags(injector, "synthetic:/unchecked.vmem", TYPING))
                .doesNotContain("mmap", "init_shared", "no_direct_map");
        // without a setting: the engine's default profile (mainline, a default VM: MMAP and INIT_SHARED)
        assertThat(flags(injector(Optional.empty()), "synthetic:/unchecked.vmem", TYPING))
                .contains("mmap", "init_shared").doesNotContain("no_direct_map");
    }

    @Test
    void hoverAndCompletionReadTheSameAnswer() throws IOException {
        Injector injector = injector(DefaultProfile.parse("6.8").kernel());
        CheckedFile checked = check(injector, "synthetic:/same.vmem", CHECKED);
        VmProfile fromReport = VmProfile.inReport(checked.report(), "v").orElseThrow();
        assertThat(fromReport.source()).isEqualTo(VmProfile.Source.REPORT);
        assertThat(fromReport.type()).isEqualTo(VmType.TDX);
        assertThat(fromReport.profile().noDirectMapRevision()).isEqualTo(9);
        var store = injector.getInstance(LatestProfiles.class);
        XtextResource resource = parse(injector, "synthetic:/same.vmem", TYPING);
        assertThat(VmProfile.of(store.of(resource), "v", DefaultProfile.parse("6.8").kernel())).isEqualTo(fromReport);
        // a VM the report does not know: the setting, then the engine's default
        VmProfile setting = VmProfile.of(store.of(resource), "new_vm", DefaultProfile.parse("6.8").kernel());
        assertThat(setting.source()).isEqualTo(VmProfile.Source.SETTING);
        assertThat(setting.profile().version().toString()).isEqualTo("6.8");
        assertThat(setting.type()).isEqualTo(VmType.DEFAULT);
        assertThat(VmProfile.of(store.of(resource), "new_vm", Optional.empty()).source())
                .isEqualTo(VmProfile.Source.ENGINE_DEFAULT);
        assertThat(VmProfile.of(List.of(), "v", DefaultProfile.parse("not a version").kernel()).source())
                .isEqualTo(VmProfile.Source.ENGINE_DEFAULT);
        // closing the file forgets its report
        injector.getInstance(LatestProfiles.Store.class).forget(resource.getURI());
        assertThat(store.of(resource)).isEmpty();
    }
}
