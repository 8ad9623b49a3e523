package dev.vmem.importers;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Which VMM a configuration text is for, when its content says so (the editors' import commands ask
 * for the format only when it does not). The same rules as the VS Code extension's {@code guessFormat}
 * (vscode/src/lib/importConfig.ts):
 * <ul>
 * <li>JSON (first character {@code {}): Firecracker with {@code machine-config} or {@code boot-source};
 * Cloud Hypervisor with {@code payload}, or both {@code cpus} and {@code memory}. The keys are read at
 * the top level when the text parses, anywhere when it does not (a file being edited is often broken).
 * <li>XML (first character {@code <}): libvirt when the root element is {@code <domain>}.
 * <li>otherwise a command line: QEMU when it names {@code qemu-system…}, Cloud Hypervisor when it names
 * {@code cloud-hypervisor}; failing both, {@code -machine} or {@code -object memory-backend-…} means
 * QEMU and {@code --memory} Cloud Hypervisor.
 * </ul>
 * Only the first {@link #LIMIT} characters are read.
 */
public final class FormatGuess {

    /** A configuration says what it is near its start. */
    public static final int LIMIT = 1 << 20;

    private static final Pattern PROLOG = Pattern.compile(
            "^(?:\\s*(?:<\\?[\\s\\S]*?\\?>|<!--[\\s\\S]*?-->|<!DOCTYPE[^>]*>))*\\s*", Pattern.CASE_INSENSITIVE);
    private static final Pattern DOMAIN = Pattern.compile("^<domain[\\s>/]");
    private static final Pattern QEMU_PROGRAM = Pattern.compile("(?:^|[\\s/'\"=])qemu-system[-\\w]*", Pattern.MULTILINE);
    private static final Pattern CH_PROGRAM = Pattern.compile("(?:^|[\\s/'\"=])cloud-hypervisor(?:\\s|$|['\"])", Pattern.MULTILINE);
    private static final Pattern QEMU_MACHINE = Pattern.compile("(?:^|[\\s'\"])-machine(?:[\\s=]|$)", Pattern.MULTILINE);
    private static final Pattern QEMU_BACKEND = Pattern.compile("(?:^|[\\s'\"])-object\\s+['\"]?memory-backend-", Pattern.MULTILINE);
    private static final Pattern CH_MEMORY = Pattern.compile("(?:^|[\\s'\"])--memory(?:[\\s=-]|$)", Pattern.MULTILINE);

    private FormatGuess() {
    }

    public static Optional<VmmFormat> of(String fullText) {
        String text = fullText.length() > LIMIT ? fullText.substring(0, LIMIT) : fullText;
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String start = text.stripLeading();
        if (start.startsWith("{")) {
            Set<String> keys = topLevelKeys(text);
            String json = text;
            Predicate<String> has = keys != null ? keys::contains
                    : k -> Pattern.compile("\"" + Pattern.quote(k) + "\"\\s*:").matcher(json).find();
            if (has.test("machine-config") || has.test("boot-source")) {
                return Optional.of(VmmFormat.FIRECRACKER);
            }
            if (has.test("payload") || (has.test("cpus") && has.test("memory"))) {
                return Optional.of(VmmFormat.CLOUD_HYPERVISOR);
            }
            return Optional.empty();
        }
        if (start.startsWith("<")) {
            String body = PROLOG.matcher(start).replaceFirst("");
            return DOMAIN.matcher(body).find() ? Optional.of(VmmFormat.LIBVIRT) : Optional.empty();
        }
        if (QEMU_PROGRAM.matcher(text).find()) {
            return Optional.of(VmmFormat.QEMU);
        }
        if (CH_PROGRAM.matcher(text).find()) {
            return Optional.of(VmmFormat.CLOUD_HYPERVISOR);
        }
        if (QEMU_MACHINE.matcher(text).find() || QEMU_BACKEND.matcher(text).find()) {
            return Optional.of(VmmFormat.QEMU);
        }
        if (CH_MEMORY.matcher(text).find()) {
            return Optional.of(VmmFormat.CLOUD_HYPERVISOR);
        }
        return Optional.empty();
    }

    /** The top-level keys of a JSON object text, or null when it does not parse as one. */
    private static Set<String> topLevelKeys(String text) {
        var factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(ImportOptions.MAX_DEPTH).build())
                .build();
        try (JsonParser p = factory.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            var keys = new HashSet<String>();
            for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                if (t != JsonToken.FIELD_NAME) {
                    return null;
                }
                keys.add(p.currentName());
                p.nextToken();
                p.skipChildren();
            }
            return p.nextToken() == null ? keys : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
