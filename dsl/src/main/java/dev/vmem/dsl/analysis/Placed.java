package dev.vmem.dsl.analysis;

import dev.vmem.engine.report.Finding;
import dev.vmem.engine.report.Severity;
import java.util.List;
import java.util.Optional;
import org.eclipse.xtext.validation.Issue;

/**
 * One problem of a checked file, placed on its text: what every editor and the CLI show, each in its
 * own protocol, from this one record.
 *
 * @param code     the stable code (an engine rule, a language code)
 * @param severity the code's default severity (user settings are applied by each editor)
 * @param message  the message, as the engine or the check wrote it
 * @param place    where it shows, always in the checked file
 * @param related  contributing places, in the checked file or in files it imports
 * @param kind     which stage produced it
 * @param finding  the engine's finding (null unless {@code kind} is {@link Kind#ENGINE})
 * @param issue    Xtext's issue (null unless {@code kind} is {@link Kind#SYNTAX} or {@link Kind#STRUCTURE})
 */
public record Placed(String code, Severity severity, String message, Place place, List<RelatedPlace> related,
        Kind kind, Finding finding, Issue issue) {

    /** Which stage produced a problem. */
    public enum Kind {
        SYNTAX, STRUCTURE, ENGINE, INTERNAL
    }

    public Placed {
        related = List.copyOf(related);
        if (code == null || severity == null || message == null || place == null || kind == null) {
            throw new NullPointerException("a placed problem needs a code, severity, message, place and kind");
        }
    }

    public int offset() {
        return place.offset();
    }

    public int length() {
        return place.length();
    }

    public boolean contains(int at) {
        return place.contains(at);
    }

    public Optional<Finding> engineFinding() {
        return Optional.ofNullable(finding);
    }
}
