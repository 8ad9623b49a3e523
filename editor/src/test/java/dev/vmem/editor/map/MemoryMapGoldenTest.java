package dev.vmem.editor.map;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The picture of every file in examples/spec and of a few real setups in examples/, compared with
 * golden SVGs under src/test/resources/map-golden/ ({@code -Dgolden=promote} rewrites them). Each is
 * also checked like the generated layouts: well-formed, no overlapping text, every finding marked.
 */
class MemoryMapGoldenTest {

    /** Real setups beyond the spec examples: several slots and holes, CoCo, secret freedom, vhost-user. */
    static final List<String> EXAMPLES = List.of("qemu-tdx.vmem", "qemu-sev-snp.vmem",
            "firecracker-secret-freedom.vmem", "cloud-hypervisor-vhost-user-without-shared.vmem",
            "memfd-secret-2024-1-prefaulted.vmem", "qemu-memory-backend-file-hugetlbfs.vmem");

    static Stream<Path> files() throws IOException {
        var out = new ArrayList<Path>();
        try (Stream<Path> spec = Files.list(MapFixtures.root().resolve("examples/spec"))) {
            spec.filter(p -> p.toString().endsWith(".vmem")).sorted().forEach(out::add);
        }
        for (String name : EXAMPLES) {
            out.add(MapFixtures.root().resolve("examples").resolve(name));
        }
        return out.stream();
    }

    @Test
    void everySpecExampleHasAGolden() throws IOException {
        assertThat(files().filter(p -> p.getParent().endsWith("spec")).count()).isGreaterThanOrEqualTo(9);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void svgMatchesGolden(Path file) throws Exception {
        var loaded = MapFixtures.load(file);
        var options = MapOptions.defaults().withTitle(loaded.name());
        String svg = MemoryMapRenderer.svg(loaded.report(), options);
        String prefix = file.getParent().endsWith("spec") ? "spec-" : "examples-";
        MapFixtures.golden(prefix + file.getFileName().toString().replace(".vmem", ".svg"), svg);
        LabelGeometryTest.check(loaded.report(), Math.max(1, MemoryMapRenderer.vms(loaded.report()).size()));
        assertThat(svg).as("no absolute paths in the picture").doesNotContain(MapFixtures.root().toString());
    }

    /** One page as a golden too: the HTML wrapper (style, script, inline SVG) is part of the contract. */
    @Test
    void htmlPageMatchesGolden() throws Exception {
        var loaded = MapFixtures.load(MapFixtures.root().resolve("examples/spec/td-no-direct-map.vmem"));
        MapFixtures.golden("spec-td-no-direct-map.html",
                MemoryMapRenderer.html(loaded.report(), MapOptions.defaults().withTitle(loaded.name())));
    }
}
