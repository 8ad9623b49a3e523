package dev.vmem.dsl.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vmem.dsl.tests.Marked;
import dev.vmem.dsl.tests.VMemTestSupport;
import dev.vmem.engine.Engine;
import dev.vmem.engine.model.BackingDecl;
import dev.vmem.engine.model.FileSystem;
import dev.vmem.engine.model.MapDecl;
import dev.vmem.engine.model.MapOptions;
import dev.vmem.engine.model.Origin;
import dev.vmem.engine.model.Program;
import dev.vmem.engine.model.VmDecl;
import dev.vmem.engine.report.Report;
import java.util.List;
import org.eclipse.xtext.resource.XtextResource;
import org.junit.jupiter.api.Test;

/** Mapping options and a file backing's file system: parsed, mapped with their origins, run. */
class MapOptionsMappingTest {

    private final ModelMapper mapper = new ModelMapper();

    private Program map(String text) {
        XtextResource resource = VMemTestSupport.parse(text);
        assertThat(resource.getErrors()).as("parse errors").isEmpty();
        return mapper.map(VMemTestSupport.model(resource));
    }

    @Test
    void everyOptionMaps() {
        VmDecl vm = map("""
                vm v {
                    memory ram: anonymous 1GiB
                    memory f: file "/srv/ram" on xfs 1GiB
                    map ram private populate mergeable thp on dontdump noreserve locked onfault numa interleave 0, 1
                    map f shared thp off locked numa bind 1
                }
                """).vm("v").orElseThrow();
        MapOptions o = vm.maps().get(0).options();
        assertThat(vm.maps().get(0).mergeable()).isTrue();
        assertThat(o.thp()).isEqualTo(MapOptions.Thp.ON);
        assertThat(o.dontdump()).isTrue();
        assertThat(o.noreserve()).isTrue();
        assertThat(o.locked()).isTrue();
        assertThat(o.lockOnFault()).isTrue();
        assertThat(o.numaPolicy()).isEqualTo(MapOptions.NumaPolicy.INTERLEAVE);
        assertThat(o.numaNodes()).containsExactly(0, 1);

        MapOptions f = vm.maps().get(1).options();
        assertThat(f.thp()).isEqualTo(MapOptions.Thp.OFF);
        assertThat(f.dontdump()).isFalse();
        assertThat(f.locked()).isTrue();
        assertThat(f.lockOnFault()).isFalse();
        assertThat(f.numaPolicy()).isEqualTo(MapOptions.NumaPolicy.BIND);
        assertThat(vm.backing("f").orElseThrow().fileSystem()).isEqualTo(FileSystem.XFS);
        assertThat(vm.backing("ram").orElseThrow().fileSystem()).isNull();
    }

    @Test
    void noOptionsIsNone() {
        MapDecl m = map("vm v { memory ram: anonymous 1GiB map ram private }").vm("v").orElseThrow().maps().get(0);
        assertThat(m.options()).isEqualTo(MapOptions.NONE);
    }

    /** tmpfs is the enumeration's first literal, which EMF also reads for "not written". */
    @Test
    void tmpfsIsNotMistakenForUnset() {
        VmDecl vm = map("""
                vm v {
                    memory a: file "/dev/shm/a" on tmpfs 4MiB
                    memory b: file "/dev/shm/b" 4MiB
                }
                """).vm("v").orElseThrow();
        assertThat(vm.backing("a").orElseThrow().fileSystem()).isEqualTo(FileSystem.TMPFS);
        assertThat(vm.backing("b").orElseThrow().fileSystem()).isNull();
    }

    @Test
    void originsNameTheOptions() {
        Marked marked = Marked.parse("""
                vm v {
                    memory f: file "/srv/ram" on <|ext4|> 4MiB
                    map f shared <|mergeable|> <|thp on|> <|dontdump|> <|noreserve|> <|locked onfault|> <|numa bind 0|>
                }
                """);
        XtextResource resource = VMemTestSupport.parse(marked.text(), "options.vmem");
        VmDecl vm = mapper.map(VMemTestSupport.model(resource)).vm("v").orElseThrow();
        BackingDecl f = vm.backing("f").orElseThrow();
        MapDecl m = vm.maps().get(0);
        MapOptions o = m.options();
        List<Origin> origins = List.of(f.fileSystemOrigin(), m.mergeableOrigin(), o.thpOrigin(), o.dontdumpOrigin(),
                o.noreserveOrigin(), o.lockedOrigin(), o.numaOrigin());
        marked.assertOriginsAtRanges(origins);
    }

    @Test
    void optionsStillNameThingsAndTheEngineSeesThem() {
        // The new keywords remain usable as names.
        Program p = map("""
                vm locked {
                    rlimit memlock 16MiB
                    memory numa: anonymous 64MiB
                    map numa private locked
                }
                """);
        Report r = Engine.run(p);
        assertThat(r.findings("mlock-limit-exceeded")).singleElement()
                .satisfies(x -> assertThat(((EObjectOrigin) x.origin()).node().getText().trim()).isEqualTo("locked"));
    }

    @Test
    void onIsOnlyForFiles() {
        XtextResource resource = VMemTestSupport.parse("vm v { memory a: anonymous on tmpfs 4MiB }");
        assertThat(resource.getErrors()).isNotEmpty();
    }
}
