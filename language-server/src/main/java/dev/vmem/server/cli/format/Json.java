package dev.vmem.server.cli.format;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.math.BigInteger;

/** The Jackson set-up shared by the JSON and SARIF writers: 2-space indentation, {@code "key": value}. */
final class Json {

    private Json() {
    }

    static ObjectWriter prettyWriter(ObjectMapper mapper) {
        var separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator("");
        var indenter = new DefaultIndenter("  ", "\n");
        var printer = new DefaultPrettyPrinter(separators).withObjectIndenter(indenter).withArrayIndenter(indenter);
        return mapper.copy().disable(SerializationFeature.FLUSH_AFTER_WRITE_VALUE).writer(printer)
                .without(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    }

    /** An unsigned 64-bit value as a JSON number. */
    static Number unsigned(long value) {
        return value >= 0 ? Long.valueOf(value) : new BigInteger(Long.toUnsignedString(value));
    }
}
