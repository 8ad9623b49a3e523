package dev.vmem.dsl.ide;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.vmem.dsl.VMemRuntimeModule;
import dev.vmem.dsl.VMemStandaloneSetup;
import org.eclipse.xtext.util.Modules2;

/** Sets the language up for the language server: runtime and ide modules in one injector. */
public class VMemIdeSetup extends VMemStandaloneSetup {

    @Override
    public Injector createInjector() {
        return Guice.createInjector(Modules2.mixin(new VMemRuntimeModule(), new VMemIdeModule()));
    }
}
