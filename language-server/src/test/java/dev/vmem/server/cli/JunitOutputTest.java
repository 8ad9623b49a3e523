package dev.vmem.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** JUnit XML: one suite per file, test cases for expect headers, scenario step expectations and unlisted codes. */
class JunitOutputTest {

    @TempDir
    Path dir;

    private static Document parse(String xml) throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    /** Test case name to "passed", "failure" or "error", per suite name. */
    private static Map<String, Map<String, String>> outcomes(Document doc) {
        var suites = new LinkedHashMap<String, Map<String, String>>();
        NodeList suiteNodes = doc.getElementsByTagName("testsuite");
        for (int i = 0; i < suiteNodes.getLength(); i++) {
            var suite = (Element) suiteNodes.item(i);
            var cases = new LinkedHashMap<String, String>();
            NodeList caseNodes = suite.getElementsByTagName("testcase");
            for (int j = 0; j < caseNodes.getLength(); j++) {
                var c = (Element) caseNodes.item(j);
                String outcome = c.getElementsByTagName("failure").getLength() > 0 ? "failure"
                        : c.getElementsByTagName("error").getLength() > 0 ? "error" : "passed";
                cases.put(c.getAttribute("name"), outcome);
            }
            suites.put(suite.getAttribute("name"), cases);
        }
        return suites;
    }

    @Test
    void expectHeadersBecomeTestCases() throws Exception {
        Files.writeString(dir.resolve("a.vmem"), "// expect: duplicate-name\n// expect: memslot-overlap\n"
                + CheckExitCodeTest.DUPLICATE);
        Files.writeString(dir.resolve("b.vmem"), "// expect: none\n" + CheckExitCodeTest.DUPLICATE);
        Files.writeString(dir.resolve("c.vmem"), "// expect: none\n" + CheckExitCodeTest.INFO_ONLY);
        Files.writeString(dir.resolve("d.vmem"), "// expect: unresolved-reference\n" + CheckExitCodeTest.DUPLICATE);
        Files.writeString(dir.resolve("e.vmem"), "kernel k {\n");
        Files.writeString(dir.resolve("f.vmem"), CheckExitCodeTest.CLEAN);

        var run = CliRunner.run(dir, "check", "--format", "junit", "a.vmem", "b.vmem", "c.vmem", "d.vmem", "e.vmem",
                "f.vmem");

        Document doc = parse(run.out());
        var suites = outcomes(doc);
        assertThat(suites.keySet()).containsExactly("a.vmem", "b.vmem", "c.vmem", "d.vmem", "e.vmem", "f.vmem");
        assertThat(suites.get("a.vmem")).containsExactly(
                Map.entry("expect: duplicate-name", "passed"),
                Map.entry("expect: memslot-overlap", "failure"),
                Map.entry("no unlisted warnings or errors", "passed"));
        assertThat(suites.get("b.vmem")).containsExactly(
                Map.entry("expect: none", "failure"),
                Map.entry("no unlisted warnings or errors", "failure"));
        assertThat(suites.get("c.vmem")).containsExactly(
                Map.entry("expect: none", "passed"),
                Map.entry("no unlisted warnings or errors", "passed"));
        assertThat(suites.get("d.vmem")).containsEntry("expect: unresolved-reference", "failure")
                .containsEntry("no unlisted warnings or errors", "failure");
        assertThat(suites.get("e.vmem")).containsExactly(Map.entry("check", "error"));
        assertThat(suites.get("f.vmem")).containsExactly(Map.entry("check", "passed"));

        Element root = doc.getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("testsuites");
        assertThat(root.getAttribute("tests")).isEqualTo("11");
        assertThat(root.getAttribute("failures")).isEqualTo("5");
        assertThat(root.getAttribute("errors")).isEqualTo("1");
    }

    @Test
    void scenarioStepsWithExpectationsBecomeTestCases() throws Exception {
        Path example = CliRunner.repositoryRoot().resolve("examples/spec/selftest-guest-memfd.vmem");
        long expectations = Files.readAllLines(example).stream()
                .filter(l -> l.strip().startsWith("step ") && l.contains(" expect ")).count();

        var run = CliRunner.run(CliRunner.repositoryRoot(), "check", "--format", "junit",
                "examples/spec/selftest-guest-memfd.vmem");

        var cases = outcomes(parse(run.out())).get("examples/spec/selftest-guest-memfd.vmem");
        List<String> steps = new ArrayList<>(cases.keySet().stream().filter(n -> n.startsWith("scenario ")).toList());
        assertThat(steps).hasSize((int) expectations);
        assertThat(steps.get(0)).isEqualTo("scenario file_semantics, step 1: read g expect einval");
        assertThat(cases).containsEntry("expect: none", "passed");
        assertThat(cases.values()).containsOnly("passed");
    }

    @Test
    void controlCharactersInMessagesStillMakeWellFormedXml() throws Exception {
        Files.writeString(dir.resolve("ctl.vmem"), "kernel k \u0001\u0002 { version 6.18 }\u001b[31m\n");
        var run = CliRunner.run(dir, "check", "--format", "junit", "ctl.vmem");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(outcomes(parse(run.out())).get("ctl.vmem")).containsExactly(Map.entry("check", "error"));
    }

    @Test
    void outputIsWellFormedForAnEmptyRun() throws Exception {
        var run = CliRunner.run(dir, "check", "--format", "junit", ".");
        assertThat(parse(run.out()).getDocumentElement().getAttribute("tests")).isEqualTo("0");
    }
}
