package dev.vmem.editor.outline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.vmem.dsl.VMemStandaloneSetup;
import dev.vmem.editor.outline.Outline.Entry;
import dev.vmem.editor.outline.Outline.Kind;
import java.io.IOException;
import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.LazyStringInputStream;
import org.junit.jupiter.api.Test;

/** The one outline: kinds, names, details, first-line labels and ranges. */
class OutlineTest {

    static final String TEXT = """
            kernel k618 {
                version 6.18
            }

            vm web {
                kernel k618
                memory ram: memfd 64MiB
                map ram shared
                slot 0 gpa 0x0 userspace ram
                device net0: virtio_net via vmm
            }

            scenario boot {
                vm web
                step gup ram expect ok
            }
            """;

    @Test
    void kernelsVmsWithTheirPartsAndScenariosWithSteps() throws IOException {
        var set = new VMemStandaloneSetup().createInjectorAndDoEMFRegistration().getInstance(XtextResourceSet.class);
        var resource = (XtextResource) set.createResource(URI.createURI("synthetic:/outline.vmem"));
        resource.load(new LazyStringInputStream(TEXT), null);
        var outline = Outline.of(resource);
        assertThat(outline).extracting(Entry::kind, Entry::name, Entry::detail).containsExactly(
                tuple(Kind.KERNEL, "k618", "kernel 6.18"), tuple(Kind.VM, "web", "vm"),
                tuple(Kind.SCENARIO, "boot", "scenario of vm web"));
        assertThat(outline.get(1).children()).extracting(Entry::kind, Entry::name, Entry::label).containsExactly(
                tuple(Kind.BACKING, "ram", "memory ram: memfd 64MiB"), tuple(Kind.MAPPING, "map ram", "map ram shared"),
                tuple(Kind.SLOT, "slot 0", "slot 0 gpa 0x0 userspace ram"),
                tuple(Kind.DEVICE, "net0", "device net0: virtio_net via vmm"));
        assertThat(outline.get(2).children()).extracting(Entry::name, Entry::detail).containsExactly(tuple("step 1", "gup ram"));
        Entry web = outline.get(1);
        assertThat(TEXT.substring(web.selectionOffset(), web.selectionOffset() + web.selectionLength())).isEqualTo("web");
        assertThat(TEXT.substring(web.offset(), web.offset() + web.length())).startsWith("vm web {").endsWith("}");
        assertThat(Outline.of(null)).isEmpty();
    }
}
