package dev.vmem.importers;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON document as a tree whose every value knows its line, column and JSON pointer (Jackson's
 * streaming parser; no data binding). Duplicate keys and nesting deeper than
 * {@link ImportOptions#MAX_DEPTH} are refused, as are documents with more than one value.
 */
final class Json {

    /** A JSON value and where it starts. */
    sealed interface Node permits Obj, Arr, Str, Num, Bool, Null {
        SourcePosition pos();

        default String kind() {
            if (this instanceof Obj) {
                return "an object";
            } else if (this instanceof Arr) {
                return "an array";
            } else if (this instanceof Str) {
                return "a string";
            } else if (this instanceof Num) {
                return "a number";
            } else if (this instanceof Bool) {
                return "a boolean";
            }
            return "null";
        }
    }

    record Member(String name, SourcePosition keyPos, Node value) {
    }

    record Obj(Map<String, Member> members, SourcePosition pos) implements Node {
        Node get(String name) {
            Member m = members.get(name);
            return m == null ? null : m.value();
        }
    }

    record Arr(List<Node> items, SourcePosition pos) implements Node {
    }

    record Str(String value, SourcePosition pos) implements Node {
    }

    record Num(String text, boolean integral, SourcePosition pos) implements Node {
    }

    record Bool(boolean value, SourcePosition pos) implements Node {
    }

    record Null(SourcePosition pos) implements Node {
    }

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(ImportOptions.MAX_DEPTH)
                    .maxNumberLength(40)
                    .maxStringLength(1 << 20)
                    .maxNameLength(1 << 12)
                    .build())
            .build();

    private Json() {
    }

    static Node parse(String text) throws ImportException {
        try (JsonParser p = FACTORY.createParser(text)) {
            p.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new ImportException("empty document: expected a JSON object", SourcePosition.START);
            }
            Node root = value(p, "");
            JsonToken after = p.nextToken();
            if (after != null) {
                throw new ImportException("more than one JSON value in the document", position(p.currentTokenLocation(), ""));
            }
            return root;
        } catch (StreamConstraintsException e) {
            throw new ImportException("past a limit: " + firstLine(e.getOriginalMessage()), SourcePosition.START);
        } catch (JsonParseException e) {
            throw new ImportException("malformed JSON: " + firstLine(e.getOriginalMessage()), position(e.getLocation(), ""));
        } catch (IOException e) {
            throw new ImportException("malformed JSON: " + firstLine(e.getMessage()), SourcePosition.START);
        }
    }

    private static Node value(JsonParser p, String pointer) throws IOException, ImportException {
        SourcePosition pos = position(p.currentTokenLocation(), pointer);
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT: {
                var members = new LinkedHashMap<String, Member>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    String childPointer = pointer + "/" + name.replace("~", "~0").replace("/", "~1");
                    SourcePosition keyPos = position(p.currentTokenLocation(), childPointer);
                    if (members.containsKey(name)) {
                        throw new ImportException("duplicate field '" + Text.clean(name) + "'", keyPos);
                    }
                    p.nextToken();
                    members.put(name, new Member(name, keyPos, value(p, childPointer)));
                }
                return new Obj(members, pos);
            }
            case START_ARRAY: {
                var items = new ArrayList<Node>();
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(value(p, pointer + "/" + i++));
                }
                return new Arr(items, pos);
            }
            case VALUE_STRING:
                return new Str(p.getText(), pos);
            case VALUE_NUMBER_INT:
                return new Num(p.getText(), true, pos);
            case VALUE_NUMBER_FLOAT:
                return new Num(p.getText(), false, pos);
            case VALUE_TRUE:
                return new Bool(true, pos);
            case VALUE_FALSE:
                return new Bool(false, pos);
            case VALUE_NULL:
                return new Null(pos);
            default:
                throw new ImportException("unexpected " + t, pos);
        }
    }

    static SourcePosition position(JsonLocation l, String pointer) {
        if (l == null) {
            return new SourcePosition(1, 1, pointer);
        }
        return new SourcePosition(l.getLineNr(), l.getColumnNr(), pointer);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return Text.clean(nl < 0 ? s : s.substring(0, nl));
    }

    // ---- typed access, each failure an ImportException at the value ----

    static Obj object(Node n, String what) throws ImportException {
        if (n instanceof Obj o) {
            return o;
        }
        throw new ImportException(what + " must be an object, not " + n.kind(), n.pos());
    }

    static Arr array(Node n, String what) throws ImportException {
        if (n instanceof Arr a) {
            return a;
        }
        throw new ImportException(what + " must be an array, not " + n.kind(), n.pos());
    }

    static String string(Node n, String what) throws ImportException {
        if (n instanceof Str s) {
            return s.value();
        }
        throw new ImportException(what + " must be a string, not " + n.kind(), n.pos());
    }

    static boolean bool(Node n, String what) throws ImportException {
        if (n instanceof Bool b) {
            return b.value();
        }
        throw new ImportException(what + " must be true or false, not " + n.kind(), n.pos());
    }

    /** An unsigned integer below 2^64 (Rust's u64/usize); {@code max} bounds it further. */
    static BigInteger unsigned(Node n, String what, BigInteger max) throws ImportException {
        if (n instanceof Num num && num.integral()) {
            BigInteger v = new BigInteger(num.text());
            if (v.signum() < 0 || v.compareTo(max) > 0) {
                throw new ImportException(what + " is out of range (0 to " + max + ")", n.pos());
            }
            return v;
        }
        throw new ImportException(what + " must be an unsigned integer, not " + n.kind(), n.pos());
    }

    static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    static final BigInteger U32_MAX = BigInteger.valueOf(0xFFFF_FFFFL);
    static final BigInteger U8_MAX = BigInteger.valueOf(255);

    /** Refuses members not in {@code known}, at the first such key (serde's deny_unknown_fields). */
    static void onlyKnown(Obj o, String what, java.util.Set<String> known) throws ImportException {
        for (Member m : o.members().values()) {
            if (!known.contains(m.name())) {
                throw new ImportException("unknown field '" + Text.clean(m.name()) + "' in " + what + " (expected one of "
                        + String.join(", ", new java.util.TreeSet<>(known)) + ")", m.keyPos());
            }
        }
    }

    static void required(Obj o, String what, String... names) throws ImportException {
        for (String name : names) {
            if (!o.members().containsKey(name)) {
                throw new ImportException("missing field '" + name + "' in " + what, o.pos());
            }
        }
    }

    static boolean present(Obj o, String name) {
        return optional(o, name) != null;
    }

    /** The value of field {@code name}, or null when it is absent or JSON null. */
    static Node optional(Obj o, String name) {
        Node n = o.get(name);
        return n instanceof Null ? null : n;
    }

    /** The items of the array in field {@code name} ({@code what} in messages), none when it is absent or JSON null. */
    static List<Node> optionalItems(Obj o, String name, String what) throws ImportException {
        Node n = optional(o, name);
        return n == null ? List.of() : array(n, what).items();
    }

    /** {@code n} as an object ({@code what} in messages) with only {@code known} fields and every one of {@code required}. */
    static Obj item(Node n, String what, java.util.Set<String> known, String... required) throws ImportException {
        Obj obj = object(n, what);
        onlyKnown(obj, what, known);
        required(obj, what, required);
        return obj;
    }

    /** The object in field {@code name} with only {@code known} fields, or null when it is absent or JSON null. */
    static Obj optionalObject(Obj o, String name, java.util.Set<String> known) throws ImportException {
        Node n = optional(o, name);
        if (n == null) {
            return null;
        }
        Obj obj = object(n, name);
        onlyKnown(obj, name, known);
        return obj;
    }
}
