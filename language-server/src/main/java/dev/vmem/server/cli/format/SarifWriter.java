package dev.vmem.server.cli.format;

import com.contrastsecurity.sarif.ArtifactLocation;
import com.contrastsecurity.sarif.Invocation;
import com.contrastsecurity.sarif.Location;
import com.contrastsecurity.sarif.Message;
import com.contrastsecurity.sarif.MultiformatMessageString;
import com.contrastsecurity.sarif.Notification;
import com.contrastsecurity.sarif.PartialFingerprints;
import com.contrastsecurity.sarif.PhysicalLocation;
import com.contrastsecurity.sarif.PropertyBag;
import com.contrastsecurity.sarif.Region;
import com.contrastsecurity.sarif.ReportingConfiguration;
import com.contrastsecurity.sarif.ReportingDescriptor;
import com.contrastsecurity.sarif.ReportingDescriptorReference;
import com.contrastsecurity.sarif.Result;
import com.contrastsecurity.sarif.Run;
import com.contrastsecurity.sarif.SarifSchema210;
import com.contrastsecurity.sarif.Tool;
import com.contrastsecurity.sarif.ToolComponent;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vmem.engine.report.Severity;
import dev.vmem.server.cli.report.BatchResult;
import dev.vmem.server.cli.report.FileReport;
import dev.vmem.server.cli.report.Problem;
import dev.vmem.server.cli.report.ProblemKind;
import dev.vmem.server.cli.report.RelatedLocation;
import dev.vmem.server.cli.report.Span;
import dev.vmem.server.cli.report.TraceLink;
import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import dev.vmem.dsl.codes.Catalog;
import dev.vmem.engine.report.CodeInfo;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * SARIF 2.1.0 for code scanning (GitHub's upload-sarif and others). One run; {@code tool.driver.rules}
 * lists every code VMem can report (the language's {@link Catalog}, with each rule page as help); each result names its rule by id and index,
 * has a repository-relative location ({@code uriBaseId %SRCROOT%}), the related elements as
 * {@code relatedLocations}, the engine trace under {@code properties.trace}, and a
 * {@code partialFingerprints.primaryLocationLineHash} that survives edits elsewhere in the file.
 * Inputs that could not be read and internal errors are tool execution notifications, not results.
 */
public final class SarifWriter implements ReportWriter {

    static final String SRCROOT = "%SRCROOT%";
    static final String FINGERPRINT_KEY = "primaryLocationLineHash";

    private final Writer out;
    private final Path workingDirectory;
    private final Path baseDirectory;
    private final String docsUrl;
    private final String version;

    /**
     * @param workingDirectory the directory report paths are relative to
     * @param baseDirectory    artifact URIs are made relative to it (the repository root)
     * @param docsUrl          base URL where the user publishes the repository's docs/ folder, or null: then
     *                         rules carry no helpUri (their help is in the log itself)
     * @param version          the tool's version
     */
    public SarifWriter(Writer out, Path workingDirectory, Path baseDirectory, String docsUrl, String version) {
        this.out = out;
        this.workingDirectory = workingDirectory.toAbsolutePath().normalize();
        this.baseDirectory = baseDirectory.toAbsolutePath().normalize();
        this.docsUrl = docsUrl == null || docsUrl.isBlank() ? null : docsUrl.endsWith("/") ? docsUrl : docsUrl + "/";
        this.version = version;
    }

    /** Jackson mix-ins: keep {@code results} even when empty and always write {@code level}. */
    abstract static class RunMixin {
        @JsonInclude(JsonInclude.Include.ALWAYS)
        List<Result> results;
    }

    abstract static class LevelMixin {
        @JsonInclude(JsonInclude.Include.ALWAYS)
        Object level;
    }

    static ObjectMapper mapper() {
        return new ObjectMapper()
                .addMixIn(Run.class, RunMixin.class)
                .addMixIn(Result.class, LevelMixin.class)
                .addMixIn(ReportingConfiguration.class, LevelMixin.class)
                .addMixIn(Notification.class, LevelMixin.class);
    }

    @Override
    public void finish(BatchResult batch) throws IOException {
        List<CodeInfo> catalog = new ArrayList<>(Catalog.entries().stream().map(Catalog.Entry::info).toList());
        var ruleIndex = new HashMap<String, Integer>();
        for (int i = 0; i < catalog.size(); i++) {
            ruleIndex.put(catalog.get(i).code(), i);
        }
        // Codes unknown to the catalogue still get a rule, so that every ruleIndex is valid.
        for (FileReport f : batch.files()) {
            for (Problem p : f.problems()) {
                if (!ruleIndex.containsKey(p.code())) {
                    ruleIndex.put(p.code(), catalog.size());
                    catalog.add(new Unknown(p.code(), p.severity()));
                }
            }
        }
        var rules = new LinkedHashSet<ReportingDescriptor>();
        for (CodeInfo e : catalog) {
            rules.add(rule(e));
        }

        var results = new ArrayList<Result>();
        var notifications = new ArrayList<Notification>();
        boolean successful = true;
        for (FileReport f : batch.files()) {
            var occurrences = new HashMap<String, Integer>();
            for (Problem p : f.problems()) {
                if (p.kind() == ProblemKind.INPUT || p.kind() == ProblemKind.INTERNAL) {
                    successful &= p.kind() != ProblemKind.INTERNAL;
                    notifications.add(new Notification()
                            .withAssociatedRule(new ReportingDescriptorReference().withId(p.code())
                                    .withIndex(ruleIndex.get(p.code())))
                            .withLevel(Notification.Level.ERROR)
                            .withMessage(new Message().withText(p.message()))
                            .withLocations(new LinkedHashSet<>(List.of(new Location().withPhysicalLocation(
                                    new PhysicalLocation().withArtifactLocation(artifact(p.location().path())))))));
                    continue;
                }
                results.add(result(p, ruleIndex.get(p.code()), occurrences));
            }
        }

        var driver = new ToolComponent()
                .withName("vmem")
                .withFullName("VMem guest-memory checker")
                .withVersion(version)
                .withSemanticVersion(version)
                .withRules(rules);
        if (docsUrl != null) {
            driver.withInformationUri(URI.create(docsUrl + "docs/cli.md"));
        }
        var invocation = new Invocation()
                .withExecutionSuccessful(successful)
                .withExitCode(batch.summary().exitCode())
                .withToolExecutionNotifications(notifications);
        var run = new Run()
                .withTool(new Tool().withDriver(driver))
                .withInvocations(List.of(invocation))
                .withColumnKind(Run.ColumnKind.UTF_16_CODE_UNITS)
                .withResults(results);
        var log = new SarifSchema210()
                .with$schema(URI.create("https://json.schemastore.org/sarif-2.1.0.json"))
                .withVersion(SarifSchema210.Version._2_1_0)
                .withRuns(List.of(run));
        Json.prettyWriter(mapper()).writeValue(out, log);
        out.write('\n');
        out.flush();
    }

    /** A code the catalogue does not know (none should reach here): a rule named after the code. */
    private record Unknown(String code, Severity severity) implements CodeInfo {
        @Override
        public String title() {
            return code;
        }

        @Override
        public String whenItFires() {
            return code;
        }

        @Override
        public String fix() {
            return "";
        }

        @Override
        public List<dev.vmem.engine.kb.KernelFact> facts() {
            return List.of();
        }
    }

    /**
     * A rule with its help offline: the title, when it fires (fullDescription), and the whole rule page
     * as help (markdown, with the fix as its plain text); a helpUri only under a docs URL the user gave.
     */
    private ReportingDescriptor rule(CodeInfo e) {
        var rule = new ReportingDescriptor()
                .withId(e.code())
                .withName(pascal(e.code()))
                .withShortDescription(new MultiformatMessageString().withText(e.title()))
                .withFullDescription(new MultiformatMessageString().withText(e.whenItFires()))
                .withDefaultConfiguration(new ReportingConfiguration().withLevel(configLevel(e.severity())));
        if (docsUrl != null) {
            rule.withHelpUri(URI.create(docsUrl + e.docPath()));
        }
        var page = Catalog.page(e.code());
        if (!e.fix().isEmpty() || page.isPresent()) {
            rule.withHelp(new MultiformatMessageString().withText(e.fix().isEmpty() ? e.title() : e.fix())
                    .withMarkdown(page.orElse(null)));
        }
        var tags = new LinkedHashSet<String>();
        tags.add("vmem");
        tags.add(Catalog.entry(e.code()).map(c -> c.origin().keyword()).orElse("unknown"));
        rule.withProperties(new PropertyBag().withTags(tags));
        return rule;
    }

    private Result result(Problem p, int index, Map<String, Integer> occurrences) {
        String uri = uri(p.location().path());
        var result = new Result()
                .withRuleId(p.code())
                .withRuleIndex(index)
                .withLevel(level(p.severity()))
                .withMessage(new Message().withText(p.message()))
                .withLocations(List.of(pointer(location(p.location().path(), p.span(), null), p.location().pointer())));
        String hash = fingerprint(p.code(), uri, p.location().lineText());
        int occurrence = occurrences.merge(hash, 1, Integer::sum);
        result.withPartialFingerprints(new PartialFingerprints()
                .withAdditionalProperty(FINGERPRINT_KEY, hash + ":" + occurrence));
        if (!p.related().isEmpty()) {
            var related = new LinkedHashSet<Location>();
            int id = 1;
            for (RelatedLocation r : p.related()) {
                related.add(pointer(location(r.location().path(), r.location().span(), r.message()), r.location().pointer())
                        .withId(id++));
            }
            result.withRelatedLocations(related);
        }
        if (!p.trace().isEmpty()) {
            var trace = new ArrayList<Map<String, String>>();
            for (TraceLink l : p.trace()) {
                var link = new LinkedHashMap<String, String>();
                link.put("kind", l.kind());
                link.put("text", l.text());
                if (l.source() != null) {
                    link.put("source", l.source());
                }
                trace.add(link);
            }
            result.withProperties(new PropertyBag().withAdditionalProperty("trace", trace));
        }
        return result;
    }

    private Location location(String path, Span span, String message) {
        var region = new Region()
                .withStartLine(span.line())
                .withStartColumn(span.column())
                .withEndLine(span.endLine())
                .withEndColumn(span.endColumn());
        var location = new Location().withPhysicalLocation(
                new PhysicalLocation().withArtifactLocation(artifact(path)).withRegion(region));
        if (message != null) {
            location.withMessage(new Message().withText(message));
        }
        return location;
    }

    /** A place in an imported VMM configuration also names its JSON pointer, XPath or argument (vmem check --from). */
    private static Location pointer(Location location, String pointer) {
        if (pointer != null && !pointer.isEmpty()) {
            location.withLogicalLocations(new LinkedHashSet<>(List.of(
                    new com.contrastsecurity.sarif.LogicalLocation().withFullyQualifiedName(pointer).withKind("element"))));
        }
        return location;
    }

    private ArtifactLocation artifact(String path) {
        String uri = uri(path);
        var artifact = new ArtifactLocation().withUri(uri);
        if (!uri.startsWith("file:")) {
            artifact.withUriBaseId(SRCROOT);
        }
        return artifact;
    }

    /** The path relative to the base directory as a URI reference, or a file: URI outside it. */
    String uri(String displayPath) {
        Path absolute = workingDirectory.resolve(displayPath).normalize();
        if (absolute.startsWith(baseDirectory)) {
            Path relative = baseDirectory.relativize(absolute);
            var parts = new ArrayList<String>();
            relative.forEach(part -> parts.add(part.toString()));
            String joined = String.join("/", parts);
            if (!parts.isEmpty() && parts.get(0).contains(":")) {
                joined = "./" + joined; // not a scheme
            }
            try {
                return new URI(null, null, joined, null).toASCIIString();
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return absolute.toUri().toString();
    }

    /** A stable hash of code, repository-relative path and the normalized text of the primary line. */
    static String fingerprint(String code, String uri, String lineText) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((code + "\0" + uri + "\0" + lineText).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Result.Level level(Severity s) {
        return switch (s) {
            case ERROR -> Result.Level.ERROR;
            case WARNING -> Result.Level.WARNING;
            case INFO -> Result.Level.NOTE;
        };
    }

    private static ReportingConfiguration.Level configLevel(Severity s) {
        return switch (s) {
            case ERROR -> ReportingConfiguration.Level.ERROR;
            case WARNING -> ReportingConfiguration.Level.WARNING;
            case INFO -> ReportingConfiguration.Level.NOTE;
        };
    }

    private static String pascal(String code) {
        var b = new StringBuilder();
        for (String part : code.split("-")) {
            if (!part.isEmpty()) {
                b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return b.toString();
    }
}
