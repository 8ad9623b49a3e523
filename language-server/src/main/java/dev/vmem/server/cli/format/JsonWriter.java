package dev.vmem.server.cli.format;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vmem.server.cli.report.BatchResult;
import dev.vmem.server.cli.report.Exposure;
import dev.vmem.server.cli.report.FileReport;
import dev.vmem.server.cli.report.Location;
import dev.vmem.server.cli.report.Problem;
import dev.vmem.server.cli.report.RelatedLocation;
import dev.vmem.server.cli.report.ScenarioRun;
import dev.vmem.server.cli.report.Span;
import dev.vmem.server.cli.report.TraceLink;
import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.util.List;

/**
 * The JSON report (design §4, field by field in docs/cli.md):
 * <pre>{"files":[{"path","findings":[{"code","severity","message","line","column","endLine","endColumn",
 *   "related":[{"message","path","line","column","endLine","endColumn"}],
 *   "trace":[{"kind","text","source"}]}],"exposure":[…],"scenarios":[…]}],"summary":{…}}</pre>
 * Positions are 1-based; end columns are exclusive. Built as a Jackson tree, so field order is
 * fixed and every string is escaped by the library.
 */
public final class JsonWriter implements ReportWriter {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Writer out;

    public JsonWriter(Writer out) {
        this.out = out;
    }

    @Override
    public void finish(BatchResult result) throws IOException {
        ObjectNode root = NODES.objectNode();
        ArrayNode files = root.putArray("files");
        for (FileReport f : result.files()) {
            files.add(fileNode(f));
        }
        root.set("summary", summary(result.summary()));
        Json.prettyWriter(new ObjectMapper()).writeValue(out, root);
        out.write('\n');
        out.flush();
    }

    static ObjectNode fileNode(FileReport f) {
        ObjectNode file = NODES.objectNode();
        file.put("path", f.path());
        file.put("status", f.status().name().toLowerCase(java.util.Locale.ROOT));
        ArrayNode findings = file.putArray("findings");
        for (Problem p : f.problems()) {
            ObjectNode n = findings.addObject();
            n.put("code", p.code());
            n.put("severity", p.severity().keyword());
            n.put("message", p.message());
            place(n, p.location());
            ArrayNode related = n.putArray("related");
            for (RelatedLocation r : p.related()) {
                ObjectNode rn = related.addObject();
                rn.put("message", r.message());
                rn.put("path", r.location().path());
                place(rn, r.location());
            }
            n.set("trace", trace(p.trace()));
        }
        ArrayNode exposure = file.putArray("exposure");
        for (Exposure e : f.exposure()) {
            ObjectNode n = exposure.addObject();
            n.put("vm", e.vm());
            start(n, e.span());
            bytes(n, "guestBytes", e.guestBytes());
            bytes(n, "directMapBytes", e.directMapBytes());
            bytes(n, "removedBytes", e.removedBytes());
            bytes(n, "largePagesSplit", e.largePagesSplit());
            ArrayNode backings = n.putArray("backings");
            for (Exposure.BackingExposure b : e.backings()) {
                ObjectNode bn = backings.addObject();
                bn.put("backing", b.backing());
                bn.put("kind", b.kind());
                start(bn, b.span());
                bytes(bn, "guestBytes", b.guestBytes());
                bytes(bn, "directMapBytes", b.directMapBytes());
                bytes(bn, "hardwareProtectedBytes", b.hardwareProtectedBytes());
                bytes(bn, "removedBytes", b.removedBytes());
                bn.put("reason", b.reason());
            }
        }
        ArrayNode scenarios = file.putArray("scenarios");
        for (ScenarioRun s : f.scenarios()) {
            ObjectNode n = scenarios.addObject();
            n.put("name", s.name());
            n.put("vm", s.vm());
            start(n, s.span());
            n.put("passed", s.passed());
            nullable(n, "skipped", s.skipped().isEmpty() ? null : s.skipped());
            ArrayNode steps = n.putArray("steps");
            for (ScenarioRun.Step step : s.steps()) {
                ObjectNode sn = steps.addObject();
                sn.put("index", step.index());
                sn.put("operation", step.operation());
                sn.put("outcome", step.outcome());
                nullable(sn, "expected", step.expected());
                sn.put("passed", step.passed());
                start(sn, step.span());
                sn.set("trace", trace(step.trace()));
            }
        }
        return file;
    }

    /** Where: the span, and the JSON pointer of a place in an imported configuration (left out for a .vmem file). */
    private static void place(ObjectNode n, Location l) {
        span(n, l.span());
        if (l.pointer() != null) {
            n.put("pointer", l.pointer());
        }
    }

    private static void span(ObjectNode n, Span s) {
        start(n, s);
        n.put("endLine", s.endLine());
        n.put("endColumn", s.endColumn());
    }

    /** Where an element starts: its line and column. */
    private static void start(ObjectNode n, Span s) {
        n.put("line", s.line());
        n.put("column", s.column());
    }

    /** A string field that is JSON null when there is no value. */
    private static void nullable(ObjectNode n, String field, String value) {
        if (value == null) {
            n.putNull(field);
        } else {
            n.put(field, value);
        }
    }

    private static ArrayNode trace(List<TraceLink> links) {
        ArrayNode trace = NODES.arrayNode();
        for (TraceLink l : links) {
            ObjectNode tn = trace.addObject();
            tn.put("kind", l.kind());
            tn.put("text", l.text());
            nullable(tn, "source", l.source());
        }
        return trace;
    }

    private static void bytes(ObjectNode n, String field, long value) {
        Number v = Json.unsigned(value);
        if (v instanceof BigInteger big) {
            n.put(field, big);
        } else {
            n.put(field, v.longValue());
        }
    }

    private static ObjectNode summary(BatchResult.Summary s) {
        ObjectNode n = NODES.objectNode();
        n.put("files", s.files());
        n.put("errors", s.errors());
        n.put("warnings", s.warnings());
        n.put("infos", s.infos());
        n.put("unreadable", s.unreadable());
        n.put("unparsable", s.unparsable());
        n.put("internalErrors", s.failed());
        n.put("failOn", s.failOn().keyword());
        n.put("exitCode", s.exitCode());
        return n;
    }
}
