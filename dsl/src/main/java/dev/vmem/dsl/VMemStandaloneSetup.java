package dev.vmem.dsl;

/** Sets the language up without OSGi: EMF registrations and the Guice injector (tests, CLI, server). */
public class VMemStandaloneSetup extends VMemStandaloneSetupGenerated {

    public static void doSetup() {
        new VMemStandaloneSetup().createInjectorAndDoEMFRegistration();
    }
}
