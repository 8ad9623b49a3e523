package dev.vmem.dsl;

import com.google.inject.Binder;
import dev.vmem.dsl.conversion.VMemValueConverters;
import dev.vmem.dsl.linking.VMemLinkingDiagnosticMessageProvider;
import dev.vmem.dsl.parser.VMemSyntaxErrorMessageProvider;
import dev.vmem.dsl.scoping.VMemImportUriGlobalScopeProvider;
import org.eclipse.xtext.conversion.IValueConverterService;
import org.eclipse.xtext.formatting.IIndentationInformation;
import org.eclipse.xtext.linking.ILinkingDiagnosticMessageProvider;
import org.eclipse.xtext.parser.antlr.ISyntaxErrorMessageProvider;
import org.eclipse.xtext.scoping.IGlobalScopeProvider;

/** Runtime services of the VMem language, on top of what the generator binds. */
public class VMemRuntimeModule extends AbstractVMemRuntimeModule {

    /** Null-safe on broken text (see the class). */
    public Class<? extends org.eclipse.xtext.resource.EObjectAtOffsetHelper> bindEObjectAtOffsetHelper() {
        return dev.vmem.dsl.resource.VMemEObjectAtOffsetHelper.class;
    }

    @Override
    public Class<? extends IValueConverterService> bindIValueConverterService() {
        return VMemValueConverters.class;
    }

    public Class<? extends ISyntaxErrorMessageProvider> bindISyntaxErrorMessageProvider() {
        return VMemSyntaxErrorMessageProvider.class;
    }

    public Class<? extends ILinkingDiagnosticMessageProvider.Extended> bindILinkingDiagnosticMessageProvider$Extended() {
        return VMemLinkingDiagnosticMessageProvider.class;
    }

    public Class<? extends ILinkingDiagnosticMessageProvider> bindILinkingDiagnosticMessageProvider() {
        return VMemLinkingDiagnosticMessageProvider.class;
    }

    /** The formatter indents by four spaces (an LSP client asking for other spaces or tabs still wins). */
    public void configureIndentationInformation(Binder binder) {
        binder.bind(IIndentationInformation.class).toInstance(() -> "    ");
    }

    /** The generated parser, which can also parse a text lexed beforehand (LexedText). */
    @Override
    public Class<? extends org.eclipse.xtext.parser.IParser> bindIParser() {
        return dev.vmem.dsl.parser.LexedParser.class;
    }

    /** Linking diagnostics in constant time (Xtext's lists made n unresolved references cost n²). */
    @Override
    public Class<? extends org.eclipse.xtext.resource.XtextResource> bindXtextResource() {
        return dev.vmem.dsl.linking.VMemLinkingResource.class;
    }

    /** Backing references inside a VM linked at once, without proxies (see the class). */
    @Override
    public Class<? extends org.eclipse.xtext.linking.ILinker> bindILinker() {
        return dev.vmem.dsl.linking.VMemLinker.class;
    }

    /** import "other.vmem": kernels and VMs of imported files are visible. */
    @Override
    public Class<? extends IGlobalScopeProvider> bindIGlobalScopeProvider() {
        return VMemImportUriGlobalScopeProvider.class;
    }

    /**
     * One qualified-name provider for the language instead of one per resource: it keeps no state of
     * its own, and creating it scans its methods by reflection (a measurable share of checking many
     * small files, docs/benchmarks.md).
     */
    @Override
    @org.eclipse.xtext.service.SingletonBinding
    public Class<? extends org.eclipse.xtext.naming.IQualifiedNameProvider> bindIQualifiedNameProvider() {
        return org.eclipse.xtext.naming.DefaultDeclarativeQualifiedNameProvider.class;
    }
}
