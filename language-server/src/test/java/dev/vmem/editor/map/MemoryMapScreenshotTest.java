package dev.vmem.editor.map;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vmem.editor.map.Scene.Group;
import dev.vmem.editor.map.Scene.Node;
import dev.vmem.editor.map.Scene.Rect;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import dev.vmem.server.support.OptionalTools;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The HTML page in a real browser (in language-server for the optional-tools support; it tests the
 * editor module's renderer, hence the package): headless Chromium takes a screenshot (kept as
 * language-server/target/memory-map/*.png), and the test checks its size and samples the colours where
 * the picture puts a backing that stays in the direct map, one removed from it, an error badge and the
 * page's background. Skipped, saying why, where Chromium is not on PATH
 * ({@code apt-get install -y chromium}); {@code -Dvmem.chromium=PATH} names another binary.
 */
@Tag(OptionalTools.TAG)
class MemoryMapScreenshotTest {

    /** -Dvmem.chromium, else chromium (or chromium-browser) on PATH. */
    static final Path CHROMIUM = System.getProperty("vmem.chromium") != null
            ? Path.of(System.getProperty("vmem.chromium"))
            : OptionalTools.which("chromium").or(() -> OptionalTools.which("chromium-browser"))
                    .orElse(Path.of("chromium"));

    /** Fill colours of the style sheet (SvgWriter.CSS). */
    static final int IN_DIRECT_MAP = 0xf6ae5f;
    static final int REMOVED = 0x7fcab8;
    static final int ERROR_BADGE = 0xcf222e;
    static final int WHITE = 0xffffff;

    private static final class Holder {
        static final com.google.inject.Injector INJECTOR =
                new dev.vmem.dsl.VMemStandaloneSetup().createInjectorAndDoEMFRegistration();
    }

    static Path root() {
        return dev.vmem.server.cli.CliRunner.repositoryRoot();
    }

    /** Where the screenshots stay: language-server/target/memory-map/. */
    static Path artifacts() throws java.io.IOException {
        return Files.createDirectories(root().resolve("language-server/target/memory-map"));
    }

    /** An example file, loaded and run (it must have no errors). */
    static MemoryMapSource.Loaded load(Path file) throws java.io.IOException {
        MemoryMapSource.Loaded loaded = MemoryMapSource.load(Holder.INJECTOR, file);
        assertThat(loaded.errors()).as("errors in %s", file).isEmpty();
        return loaded;
    }

    static void requireChromium() {
        OptionalTools.require(Files.isExecutable(CHROMIUM), "Memory-map browser tests (MemoryMapScreenshotTest)",
                "no chromium on PATH (nor -Dvmem.chromium)", "apt-get install chromium, or -Dvmem.chromium=PATH to another binary");
    }

    @Test
    void theTdxPictureInChromium() throws Exception {
        requireChromium();
        var loaded = load(root().resolve("examples/spec/td-no-direct-map.vmem"));
        var options = MapOptions.defaults().withTitle(loaded.name());
        Scene scene = MemoryMapRenderer.scene(loaded.report(), options);
        int width = (int) scene.width();
        int height = (int) scene.height();

        Path dir = artifacts();
        Path html = dir.resolve("td-no-direct-map.html");
        Path png = dir.resolve("td-no-direct-map.png");
        Files.writeString(html, MemoryMapRenderer.html(loaded.report(), options), StandardCharsets.UTF_8);
        screenshot(html, png, width, height, dir.resolve("chromium-profile"));

        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).as("a PNG from Chromium").isNotNull();
        assertThat(image.getWidth()).isEqualTo(width);
        assertThat(image.getHeight()).isEqualTo(height);

        Rect shared = fill(scene, "backing shared_ram");
        Rect removed = fill(scene, "backing private_ram");
        // near the left edge and at mid-height: no label there (labels are centred)
        assertColour(image, (int) shared.x() + 5, (int) (shared.y() + shared.h() / 2), IN_DIRECT_MAP, "shared_ram");
        assertColour(image, (int) removed.x() + 5, (int) (removed.y() + removed.h() / 2), REMOVED, "private_ram");
        assertColour(image, 3, 3, WHITE, "the page");
        var badge = badgeShape(scene);
        assertColour(image, (int) badge[0] + 3, (int) badge[1], ERROR_BADGE, "the error badge");
    }

    /** The page's script runs in a real browser: every element's title becomes its hover text. */
    @Test
    void theHoverScriptRunsInChromium() throws Exception {
        requireChromium();
        var loaded = load(root().resolve("examples/spec/aws2024-secretmem-cold.vmem"));
        String page = MemoryMapRenderer.html(loaded.report(), MapOptions.defaults().withTitle(loaded.name()));
        Path dir = artifacts();
        Path html = dir.resolve("aws2024-secretmem-cold.html");
        Files.writeString(html, page, StandardCharsets.UTF_8);
        int tips = page.split("<title>", -1).length - 1 - 2; // less the page's and the SVG's own titles

        Path dom = dir.resolve("aws2024-secretmem-cold.dom.html");
        var command = List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + dir.resolve("chromium-profile-dom"), "--dump-dom", html.toUri().toString());
        Process p = new ProcessBuilder(command).redirectOutput(dom.toFile())
                .redirectError(dir.resolve("aws2024-secretmem-cold.dom.log").toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("Chromium took more than 120 s");
        }
        String after = Files.readString(dom, StandardCharsets.UTF_8);
        assertThat(tips).as("elements with details").isGreaterThan(5);
        assertThat(after.split("data-tip=\"", -1).length - 1).as("hover texts after the script ran").isEqualTo(tips);
        assertThat(after.split("<title>", -1).length - 1).as("titles left: the page's and the SVG's").isEqualTo(2);
        assertThat(after).contains("id=\"vmem-tip\"");
    }

    static void screenshot(Path html, Path png, int width, int height, Path profile) throws Exception {
        Files.deleteIfExists(png);
        var command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--hide-scrollbars", "--force-device-scale-factor=1", "--user-data-dir=" + profile,
                "--screenshot=" + png, "--window-size=" + width + "," + height, html.toUri().toString()));
        Path log = png.resolveSibling(png.getFileName() + ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("Chromium took more than 120 s; see " + log);
        }
        assertThat(png).as("screenshot (Chromium exited with %d; see %s)", p.exitValue(), log).exists();
    }

    private static void assertColour(BufferedImage image, int x, int y, int expected, String what) {
        int rgb = image.getRGB(x, y) & 0xffffff;
        int d = Math.max(Math.abs(((rgb >> 16) & 0xff) - ((expected >> 16) & 0xff)),
                Math.max(Math.abs(((rgb >> 8) & 0xff) - ((expected >> 8) & 0xff)),
                        Math.abs((rgb & 0xff) - (expected & 0xff))));
        assertThat(d).as("colour of %s at (%d, %d): #%06x, expected #%06x", what, x, y, rgb, expected)
                .isLessThanOrEqualTo(12);
    }

    /** The first fill rectangle of the group with this key. */
    private static Rect fill(Scene scene, String key) {
        Group g = find(scene.root(), key);
        assertThat(g).as("group %s", key).isNotNull();
        return g.children().stream().filter(n -> n instanceof Rect r && r.css().startsWith("f "))
                .map(Rect.class::cast).findFirst().orElseThrow();
    }

    private static Group find(Group g, String key) {
        if (g.key().equals(key)) {
            return g;
        }
        for (Node n : g.children()) {
            if (n instanceof Group child) {
                Group found = find(child, key);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** Left edge and vertical middle of the first error badge in the lanes. */
    private static double[] badgeShape(Scene scene) {
        var found = new ArrayList<double[]>();
        collectBadges(scene.root(), found);
        assertThat(found).as("an error badge").isNotEmpty();
        return found.get(0);
    }

    private static void collectBadges(Group g, List<double[]> out) {
        if (g.css().equals("hit badge")) {
            for (Node n : g.children()) {
                if (n instanceof Scene.Path p && p.css().equals("badge-err")) {
                    // "M<x+r> <y>H…": the pill starts its top edge one radius (7) right of its left edge
                    String[] parts = p.d().substring(1).split("[ H]");
                    double x = Double.parseDouble(parts[0]) - 7;
                    double y = Double.parseDouble(parts[1]) + 7;
                    out.add(new double[] {x, y});
                }
            }
        }
        for (Node n : g.children()) {
            if (n instanceof Group child) {
                collectBadges(child, out);
            }
        }
    }
}
