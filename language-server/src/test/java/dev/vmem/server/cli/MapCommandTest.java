package dev.vmem.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import javax.xml.parsers.DocumentBuilderFactory;
import org.xml.sax.InputSource;
import java.io.StringReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code vmem map}: formats, output, --vm, and exit codes like {@code vmem check}'s (0, 2, 3). */
class MapCommandTest {

    record Run(int code, String out, String err) {
    }

    private static Path dir;

    @BeforeAll
    static void scratch() throws Exception {
        dir = Files.createDirectories(CliRunner.repositoryRoot().resolve("language-server/target/memory-map/cli"));
    }

    static Run vmem(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new StringWriter();
        int code = Cli.run(args, new Cli.Context(CliRunner.repositoryRoot(), out, new PrintWriter(err, true)));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString());
    }

    @Test
    void svgToStandardOutputByDefault() throws Exception {
        Run run = vmem("map", "examples/spec/qemu-snp.vmem");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("<?xml").contains("<svg").contains("vm snp_guest");
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(run.out())));
        assertThat(run.err()).isEmpty();
    }

    @Test
    void theFormatFollowsTheOutputFilesExtension() throws Exception {
        Path html = dir.resolve("qemu-snp.html");
        Path svg = dir.resolve("qemu-snp.svg");
        assertThat(vmem("map", "examples/spec/qemu-snp.vmem", "-o", html.toString()).code()).isZero();
        assertThat(vmem("map", "examples/spec/qemu-snp.vmem", "-o", svg.toString()).code()).isZero();
        assertThat(Files.readString(html)).startsWith("<!DOCTYPE html>").contains("<svg");
        assertThat(Files.readString(svg)).startsWith("<?xml");
        assertThat(vmem("map", "--format", "html", "examples/spec/qemu-snp.vmem").out()).startsWith("<!DOCTYPE html>");
    }

    @Test
    void oneVmOfSeveral() {
        Run run = vmem("map", "--vm", "overlap", "examples/spec/config-errors.vmem");
        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("vm overlap").doesNotContain("vm small_memlock");
    }

    @Test
    void usageErrorsAndBadInputExitWith2() throws Exception {
        Run unknownVm = vmem("map", "--vm", "nope", "examples/spec/config-errors.vmem");
        assertThat(unknownVm.code()).isEqualTo(2);
        assertThat(unknownVm.err()).contains("no VM named 'nope'").contains("overlap");
        assertThat(unknownVm.out()).isEmpty();

        assertThat(vmem("map", "examples/spec/qemu-snp.vmem", "-o", dir.resolve("x.png").toString()).code()).isEqualTo(2);
        assertThat(vmem("map", "--format", "pdf", "examples/spec/qemu-snp.vmem").code()).isEqualTo(2);
        assertThat(vmem("map").code()).isEqualTo(2);
        assertThat(vmem("map", "a.vmem", "b.vmem").code()).isEqualTo(2);
        assertThat(vmem("map", "no/such/file.vmem").err()).contains("no such file");
        assertThat(vmem("map", "examples").code()).isEqualTo(2);

        Path broken = dir.resolve("broken.vmem");
        Files.writeString(broken, "vm broken {\n    memory ram: anonymous\n    slot 0 gpa userspace nothing\n");
        Run unparsable = vmem("map", broken.toString());
        assertThat(unparsable.code()).isEqualTo(2);
        assertThat(unparsable.err()).contains("error").contains("nothing drawn");
        assertThat(unparsable.out()).isEmpty();

        Path unlinked = dir.resolve("unlinked.vmem");
        Files.writeString(unlinked, "vm v {\n    kernel missing\n}\n");
        assertThat(vmem("map", unlinked.toString()).code()).isEqualTo(2);
    }

    @Test
    void aFileWithFindingsStillExitsWith0() {
        assertThat(vmem("map", "examples/spec/config-errors.vmem").code()).isZero();
    }

    @Test
    void nothingIsLeftBehindWhenWritingFails() throws Exception {
        Path target = dir.resolve("no-such-dir/out.svg");
        Run run = vmem("map", "examples/spec/qemu-snp.vmem", "-o", target.toString());
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("cannot write");
    }
}
