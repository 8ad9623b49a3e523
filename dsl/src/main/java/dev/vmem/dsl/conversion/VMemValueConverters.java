package dev.vmem.dsl.conversion;

import com.google.inject.Singleton;
import dev.vmem.dsl.validation.VMemIssueCodes;
import org.eclipse.xtext.common.services.DefaultTerminalConverters;
import org.eclipse.xtext.conversion.IValueConverter;
import org.eclipse.xtext.conversion.ValueConverter;
import org.eclipse.xtext.conversion.ValueConverterException;
import org.eclipse.xtext.nodemodel.INode;

/**
 * Value converters for the language's literals. Every failure is a {@link LiteralException} with
 * its own issue code, reported by the parser on the literal's node; the attribute then stays unset
 * (null), and nothing escapes as an unchecked exception.
 *
 * <p>One instance per injector, as Xtext's {@code DefaultTerminalConverters} (whose {@code @Singleton}
 * a subclass does not inherit): every new instance finds its converters by reflection on first use,
 * and without this each parser, element factory and linking helper (several per file) made its own.
 */
@Singleton
public class VMemValueConverters extends DefaultTerminalConverters {

    /** Upper bound of a version component; keeps "6.99999999999" from being a plausible version. */
    private static final int MAX_VERSION_COMPONENT = 99_999;

    @ValueConverter(rule = "Size")
    public IValueConverter<Long> size() {
        return new NumberConverter(true);
    }

    @ValueConverter(rule = "Count")
    public IValueConverter<Long> count() {
        return new NumberConverter(false);
    }

    @ValueConverter(rule = "VERSION")
    public IValueConverter<String> version() {
        return new IValueConverter<>() {
            @Override
            public String toValue(String string, INode node) throws ValueConverterException {
                if (string == null) {
                    return null;
                }
                String[] parts = string.split("\\.", -1);
                if (parts.length > 3) {
                    throw new LiteralException(VMemIssueCodes.BAD_VERSION,
                            "'" + NumberLiterals.quote(string) + "' is not a kernel version (major.minor or major.minor.patch)",
                            node);
                }
                for (String part : parts) {
                    // The lexer guarantees digits only; long runs are rejected before parsing.
                    if (part.length() > 5 || Integer.parseInt(part) > MAX_VERSION_COMPONENT) {
                        throw new LiteralException(VMemIssueCodes.BAD_VERSION,
                                "version component '" + NumberLiterals.quote(part) + "' is too large", node);
                    }
                }
                return string;
            }

            @Override
            public String toString(String value) {
                return value;
            }
        };
    }

    @ValueConverter(rule = "Revision")
    public IValueConverter<Integer> revision() {
        return new IValueConverter<>() {
            @Override
            public Integer toValue(String string, INode node) throws ValueConverterException {
                if (string == null) {
                    return null;
                }
                if (string.length() < 2 || string.length() > 6 || string.charAt(0) != 'v'
                        || !string.substring(1).chars().allMatch(c -> c >= '0' && c <= '9')) {
                    throw new LiteralException(VMemIssueCodes.BAD_REVISION,
                            "'" + NumberLiterals.quote(string) + "' is not a patch revision (v9, v10, v12, …)", node);
                }
                return Integer.valueOf(string.substring(1));
            }

            @Override
            public String toString(Integer value) {
                return "v" + value;
            }
        };
    }

    /** NUMBER as a size (unit allowed) or as a count (no unit). */
    private static final class NumberConverter implements IValueConverter<Long> {
        private final boolean unitAllowed;

        NumberConverter(boolean unitAllowed) {
            this.unitAllowed = unitAllowed;
        }

        @Override
        public Long toValue(String string, INode node) throws ValueConverterException {
            if (string == null) {
                return null;
            }
            NumberLiterals.Result result = unitAllowed ? NumberLiterals.size(string) : NumberLiterals.count(string);
            if (!result.ok()) {
                throw new LiteralException(result.problem().issueCode(), result.problem().message(), node);
            }
            return result.value();
        }

        @Override
        public String toString(Long value) {
            if (value == null) {
                throw new ValueConverterException("a number is required", null, null);
            }
            return unitAllowed ? NumberLiterals.format(value) : Long.toUnsignedString(value);
        }
    }
}
