package dev.vmem.eclipse;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.vmem.dsl.VMemRuntimeModule;
import dev.vmem.dsl.ide.VMemIdeModule;
import dev.vmem.dsl.ide.VMemIdeSetup;
import org.eclipse.xtext.util.Modules2;

/**
 * The language inside Eclipse: one Guice injector with the runtime module, the ide module (content
 * assist, semantic highlighting) and {@link VMemEclipseModule}, created on first use. The EMF
 * package and the {@code vmem} resource factory are registered with it.
 */
public final class VMemLanguage {

    private static volatile Injector injector;

    private VMemLanguage() {
    }

    public static Injector injector() {
        Injector result = injector;
        if (result == null) {
            synchronized (VMemLanguage.class) {
                result = injector;
                if (result == null) {
                    result = new Setup().createInjectorAndDoEMFRegistration();
                    injector = result;
                }
            }
        }
        return result;
    }

    public static <T> T get(Class<T> type) {
        return injector().getInstance(type);
    }

    private static final class Setup extends VMemIdeSetup {
        @Override
        public Injector createInjector() {
            return Guice.createInjector(
                    Modules2.mixin(new VMemRuntimeModule(), new VMemIdeModule(), new VMemEclipseModule()));
        }
    }
}
