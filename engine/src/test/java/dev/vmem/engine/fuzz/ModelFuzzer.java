package dev.vmem.engine.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import dev.vmem.engine.model.Origin;
import dev.vmem.engine.model.Program;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Builds an engine {@link Program} from fuzzer bytes, by reflection over the model's records: every
 * record component gets a value of its type (longs from a mix of edge values and raw bits, names from
 * a small pool so that references hit, enums, lists, optionals, and for the sealed
 * {@code Operation} one of its permitted records). The builder follows the model as it grows: a new
 * field or operation is fuzzed without touching this class.
 *
 * <p>Records whose constructor refuses the values (a null the model forbids) are left out, as the
 * mapper would leave out an element it cannot map.
 */
final class ModelFuzzer {

    /** Sizes, addresses and offsets the engine must survive: edges, page multiples, wrap-arounds. */
    private static final long[] EDGES = {
        0, 1, 4095, 4096, 4097, 1L << 21, (1L << 21) + 4096, 1L << 30, 1L << 40, 1L << 47, 1L << 52,
        1L << 60, Long.MAX_VALUE, Long.MIN_VALUE, -1, -4096, -(1L << 21), 0xFFFF_FFFF_FFFF_F000L,
        1L << 32, (1L << 32) - 4096, 0x7FFF_FFFF_F000L, 1L << 16, (1L << 16) + 1, 32_767, 32_768, 509, 510
    };

    /** Names shared by declarations and references, kernel versions, and a few odd strings. */
    private static final String[] STRINGS = {
        "a", "b", "ram", "k", "v", "6.18", "7.0", "6.8", "6.1", "5.14", "6.9", "6.16", "6.18.1", "0.0",
        "99.99", "6", "", " ", "x.y", "6.18.99999999999", "virtio_net", "vfio", "/dev/hugepages/x"
    };

    private final FuzzedDataProvider data;
    private final int maxList;
    private int budget;

    /**
     * @param data    the fuzzer's bytes
     * @param maxList the longest list of any one kind
     * @param budget  how many values at most (keeps one input's program small)
     */
    ModelFuzzer(FuzzedDataProvider data, int maxList, int budget) {
        this.data = data;
        this.maxList = maxList;
        this.budget = budget;
    }

    Program program() {
        Program p = (Program) value(Program.class, "program");
        return p == null ? new Program(List.of(), List.of(), List.of()) : p;
    }

    private Object value(Type type, String label) {
        budget--;
        if (type instanceof ParameterizedType pt) {
            Class<?> raw = (Class<?>) pt.getRawType();
            Type arg = pt.getActualTypeArguments()[0];
            if (raw == List.class) {
                int n = budget <= 0 ? 0 : data.consumeInt(0, maxList);
                var out = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    Object element = value(arg, label + "[" + i + "]");
                    if (element != null) {
                        out.add(element);
                    }
                }
                return out;
            }
            if (raw == Optional.class) {
                return budget <= 0 || !data.consumeBoolean() ? Optional.empty()
                        : Optional.ofNullable(value(arg, label));
            }
            throw new IllegalStateException("no fuzzer for " + type);
        }
        Class<?> c = (Class<?>) type;
        if (c == long.class || c == Long.class) {
            return number();
        }
        if (c == int.class || c == Integer.class) {
            return switch (data.consumeInt(0, 3)) {
                case 0 -> data.consumeInt(0, 4);
                case 1 -> data.consumeInt();
                case 2 -> Integer.MAX_VALUE;
                default -> data.consumeInt(-1, 64);
            };
        }
        if (c == boolean.class || c == Boolean.class) {
            return data.consumeBoolean();
        }
        if (c == String.class) {
            return data.consumeInt(0, 7) == 0 ? data.consumeAsciiString(12) : data.pickValue(STRINGS);
        }
        if (c == OptionalLong.class) {
            return budget > 0 && data.consumeBoolean() ? OptionalLong.of(number()) : OptionalLong.empty();
        }
        if (c == Origin.class) {
            return Origin.named(label);
        }
        if (c.isEnum()) {
            return data.pickValue(c.getEnumConstants());
        }
        if (c.isSealed()) {
            return value(data.pickValue(c.getPermittedSubclasses()), label);
        }
        if (c.isRecord()) {
            return record(c, label);
        }
        throw new IllegalStateException("no fuzzer for " + c);
    }

    private long number() {
        return switch (data.consumeInt(0, 4)) {
            case 0 -> data.pickValue(EDGES);
            case 1 -> data.consumeLong();
            case 2 -> (long) data.consumeInt(0, 1 << 20) << 12; // a page multiple up to 4 GiB
            case 3 -> data.pickValue(EDGES) + data.consumeInt(-2, 2) * 4096L;
            default -> data.consumeInt(0, 16);
        };
    }

    private Object record(Class<?> c, String label) {
        RecordComponent[] components = c.getRecordComponents();
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            args[i] = value(components[i].getGenericType(), label + "." + c.getSimpleName() + i);
        }
        try {
            Constructor<?> constructor = c.getDeclaredConstructor(types);
            constructor.setAccessible(true);
            return constructor.newInstance(args);
        } catch (InvocationTargetException refused) {
            if (refused.getCause() instanceof NullPointerException
                    || refused.getCause() instanceof IllegalArgumentException) {
                return null; // the model refuses these values: nothing to run
            }
            throw new IllegalStateException("building " + c.getSimpleName(), refused.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("building " + c.getSimpleName(), e);
        }
    }
}
