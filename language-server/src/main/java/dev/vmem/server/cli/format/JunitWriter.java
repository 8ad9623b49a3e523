package dev.vmem.server.cli.format;

import dev.vmem.engine.report.Severity;
import dev.vmem.server.cli.FailOn;
import dev.vmem.server.cli.report.BatchResult;
import dev.vmem.server.cli.report.ExpectHeader;
import dev.vmem.server.cli.report.FileReport;
import dev.vmem.server.cli.report.Problem;
import dev.vmem.server.cli.report.ScenarioRun;
import dev.vmem.server.cli.report.TraceLink;
import dev.vmem.editor.map.Xml;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * JUnit XML for CI dashboards: one {@code <testsuite>} per file, and in it
 * <ul>
 * <li>one test case per {@code // expect: CODE} header line (passes when the file produces CODE),
 * and per {@code // expect: none} (passes when it produces no warning or error);</li>
 * <li>when the file has expect headers, one test case that fails when the file produces a warning or
 * error code its headers do not list; without headers, one test case that fails on findings at or
 * above --fail-on;</li>
 * <li>one test case per scenario step with an {@code expect} (and one per scenario that could not
 * run);</li>
 * <li>for a file that cannot be read or parsed, or whose check failed, one test case with an
 * {@code <error>}.</li>
 * </ul>
 * Written with javax.xml.stream, so every name and message is escaped by the library; characters XML
 * 1.0 cannot carry at all (control characters from a broken file) become U+FFFD first.
 */
public final class JunitWriter implements ReportWriter {

    private final Writer out;

    public JunitWriter(Writer out) {
        this.out = out;
    }

    /** One test case, before writing. */
    record TestCase(String name, String classname, String file, int line, Outcome outcome, String type,
            String message, String details) {
    }

    enum Outcome { PASSED, FAILED, ERROR }

    @Override
    public void finish(BatchResult batch) throws IOException {
        var suites = new ArrayList<List<TestCase>>();
        int tests = 0;
        int failures = 0;
        int errors = 0;
        for (FileReport f : batch.files()) {
            List<TestCase> cases = cases(f, batch.failOn());
            suites.add(cases);
            tests += cases.size();
            failures += (int) cases.stream().filter(c -> c.outcome() == Outcome.FAILED).count();
            errors += (int) cases.stream().filter(c -> c.outcome() == Outcome.ERROR).count();
        }
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuites");
            xml.writeAttribute("name", "vmem check");
            xml.writeAttribute("tests", Integer.toString(tests));
            xml.writeAttribute("failures", Integer.toString(failures));
            xml.writeAttribute("errors", Integer.toString(errors));
            for (int i = 0; i < batch.files().size(); i++) {
                suite(xml, batch.files().get(i), suites.get(i));
            }
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.flush();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IOException("cannot write JUnit XML: " + e.getMessage(), e);
        }
        out.flush();
    }

    private static void suite(XMLStreamWriter xml, FileReport f, List<TestCase> cases) throws XMLStreamException {
        xml.writeCharacters("\n  ");
        xml.writeStartElement("testsuite");
        xml.writeAttribute("name", Xml.clean(f.path()));
        xml.writeAttribute("tests", Integer.toString(cases.size()));
        xml.writeAttribute("failures", Long.toString(cases.stream().filter(c -> c.outcome() == Outcome.FAILED).count()));
        xml.writeAttribute("errors", Long.toString(cases.stream().filter(c -> c.outcome() == Outcome.ERROR).count()));
        xml.writeAttribute("skipped", "0");
        for (TestCase c : cases) {
            xml.writeCharacters("\n    ");
            boolean empty = c.outcome() == Outcome.PASSED;
            if (empty) {
                xml.writeEmptyElement("testcase");
            } else {
                xml.writeStartElement("testcase");
            }
            xml.writeAttribute("name", Xml.clean(c.name()));
            xml.writeAttribute("classname", Xml.clean(c.classname()));
            xml.writeAttribute("file", Xml.clean(c.file()));
            if (c.line() > 0) {
                xml.writeAttribute("line", Integer.toString(c.line()));
            }
            if (!empty) {
                xml.writeCharacters("\n      ");
                xml.writeStartElement(c.outcome() == Outcome.FAILED ? "failure" : "error");
                xml.writeAttribute("type", Xml.clean(c.type()));
                xml.writeAttribute("message", Xml.clean(c.message()));
                xml.writeCharacters(Xml.clean(c.details()));
                xml.writeEndElement();
                xml.writeCharacters("\n    ");
                xml.writeEndElement();
            }
        }
        xml.writeCharacters("\n  ");
        xml.writeEndElement();
    }

    static List<TestCase> cases(FileReport f, FailOn failOn) {
        var cases = new ArrayList<TestCase>();
        String classname = f.path();
        if (f.status() != FileReport.Status.CHECKED) {
            List<Problem> blocking = f.problems().stream().filter(p -> p.severity() == Severity.ERROR).toList();
            Problem first = blocking.isEmpty() ? f.problems().get(0) : blocking.get(0);
            cases.add(new TestCase("check", classname, f.path(), first.positioned() ? first.span().line() : 0,
                    Outcome.ERROR, first.code(), first.message(), lines(blocking)));
            return cases;
        }

        Set<String> produced = new LinkedHashSet<>();
        f.problems().forEach(p -> produced.add(p.code()));
        List<Problem> warningsAndErrors = f.problems().stream().filter(p -> p.severity().atLeast(Severity.WARNING)).toList();

        for (ExpectHeader h : f.expects()) {
            if (h.isNone()) {
                cases.add(new TestCase("expect: none", classname, f.path(), h.line(),
                        warningsAndErrors.isEmpty() ? Outcome.PASSED : Outcome.FAILED, "unexpected-finding",
                        "the file produces " + codes(warningsAndErrors), lines(warningsAndErrors)));
            } else {
                boolean found = produced.contains(h.code());
                cases.add(new TestCase("expect: " + h.code(), classname, f.path(), h.line(),
                        found ? Outcome.PASSED : Outcome.FAILED, "missing-finding",
                        "the file does not produce " + h.code(), lines(f.problems())));
            }
        }
        if (!f.expects().isEmpty()) {
            Set<String> listed = f.expects().stream().map(ExpectHeader::code).collect(Collectors.toSet());
            List<Problem> unlisted = warningsAndErrors.stream().filter(p -> !listed.contains(p.code())).toList();
            cases.add(new TestCase("no unlisted warnings or errors", classname, f.path(), 0,
                    unlisted.isEmpty() ? Outcome.PASSED : Outcome.FAILED, "unexpected-finding",
                    "the file produces codes its // expect: lines do not list: " + codes(unlisted), lines(unlisted)));
        } else {
            List<Problem> failing = f.problems().stream().filter(p -> failOn.fails(p.severity())).toList();
            cases.add(new TestCase("check", classname, f.path(), 0,
                    failing.isEmpty() ? Outcome.PASSED : Outcome.FAILED, failing.isEmpty() ? "" : failing.get(0).code(),
                    "findings at or above --fail-on " + failOn.keyword() + ": " + codes(failing), lines(failing)));
        }

        for (ScenarioRun s : f.scenarios()) {
            if (!s.skipped().isEmpty()) {
                cases.add(new TestCase("scenario " + s.name(), classname, f.path(), s.span().line(), Outcome.FAILED,
                        "scenario-not-run", "scenario did not run: " + s.skipped(), ""));
                continue;
            }
            for (ScenarioRun.Step step : s.steps()) {
                if (step.expected() == null) {
                    continue;
                }
                String name = "scenario " + s.name() + ", step " + (step.index() + 1) + ": " + step.operation()
                        + " expect " + step.expected();
                cases.add(new TestCase(name, classname, f.path(), step.span().line(),
                        step.passed() ? Outcome.PASSED : Outcome.FAILED, dev.vmem.engine.report.Rule.EXPECTATION_FAILED.code(),
                        "expected " + step.expected() + ", got " + step.outcome(), trace(step.trace())));
            }
        }
        return cases;
    }

    private static String codes(List<Problem> problems) {
        return problems.stream().map(Problem::code).distinct().collect(Collectors.joining(", "));
    }

    private static String lines(List<Problem> problems) {
        var b = new StringBuilder();
        for (Problem p : problems) {
            b.append(p.location().path()).append(':');
            if (p.positioned()) {
                b.append(p.span().line()).append(':').append(p.span().column()).append(':');
            }
            b.append(' ').append(p.severity().keyword()).append(": ").append(p.message()).append(" [")
                    .append(p.code()).append("]\n");
        }
        return b.toString();
    }

    private static String trace(List<TraceLink> trace) {
        var b = new StringBuilder();
        for (TraceLink l : trace) {
            b.append(l.kind()).append(": ").append(l.text());
            if (l.source() != null) {
                b.append(" [").append(l.source()).append(']');
            }
            b.append('\n');
        }
        return b.toString();
    }
}
