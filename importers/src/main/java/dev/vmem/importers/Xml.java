package dev.vmem.importers;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * An XML document as a tree whose elements know their line, column and XPath, read with the JDK's
 * StAX parser with secure settings: no DTD (a DOCTYPE is refused), no external entities, nesting at
 * most {@link ImportOptions#MAX_DEPTH}, at most {@link #MAX_ELEMENTS} elements.
 */
final class Xml {

    static final int MAX_ELEMENTS = 100_000;

    static final class Element {
        final String name;
        final Map<String, String> attributes = new LinkedHashMap<>();
        final List<Element> children = new ArrayList<>();
        final StringBuilder text = new StringBuilder();
        int line;
        int column;
        String xpath;

        Element(String name, int line, int column) {
            this.name = name;
            this.line = line;
            this.column = column;
        }

        SourcePosition pos() {
            return new SourcePosition(line, column, xpath);
        }

        /** The position of an attribute: the element's, with the attribute in the XPath. */
        SourcePosition pos(String attribute) {
            return new SourcePosition(line, column, xpath + "/@" + attribute);
        }

        Optional<Element> child(String n) {
            return children.stream().filter(c -> c.name.equals(n)).findFirst();
        }

        List<Element> all(String n) {
            return children.stream().filter(c -> c.name.equals(n)).toList();
        }

        String attr(String n) {
            return attributes.get(n);
        }

        String text() {
            return text.toString().strip();
        }
    }

    private Xml() {
    }

    static Element parse(String text) throws ImportException {
        // A DTD is refused before the parser sees it: the JDK's parser scans (and may fail inside) a
        // DTD it is told not to support.
        int doctype = text.indexOf("<!DOCTYPE");
        if (doctype >= 0) {
            int line = 1;
            int column = 1;
            for (int i = 0; i < doctype; i++) {
                if (text.charAt(i) == '\n') {
                    line++;
                    column = 1;
                } else {
                    column++;
                }
            }
            throw new ImportException("a DOCTYPE is not allowed", new SourcePosition(line, column, ""));
        }
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
        XMLStreamReader r = null;
        try {
            r = factory.createXMLStreamReader(new StringReader(text));
            Element root = null;
            var stack = new ArrayList<Element>();
            int count = 0;
            while (r.hasNext()) {
                int event = r.next();
                switch (event) {
                    case XMLStreamConstants.DTD -> throw new ImportException("a DOCTYPE is not allowed", position(r.getLocation()));
                    case XMLStreamConstants.ENTITY_REFERENCE ->
                        throw new ImportException("entity references are not allowed", position(r.getLocation()));
                    case XMLStreamConstants.START_ELEMENT -> {
                        if (++count > MAX_ELEMENTS) {
                            throw new ImportException("more than " + MAX_ELEMENTS + " elements", position(r.getLocation()));
                        }
                        if (stack.size() >= ImportOptions.MAX_DEPTH) {
                            throw new ImportException("elements nested deeper than " + ImportOptions.MAX_DEPTH, position(r.getLocation()));
                        }
                        Location l = r.getLocation();
                        // StAX reports the position after the start tag; the element is found on its line.
                        var e = new Element(r.getLocalName(), l.getLineNumber(), 1);
                        for (int i = 0; i < r.getAttributeCount(); i++) {
                            e.attributes.put(r.getAttributeLocalName(i), r.getAttributeValue(i));
                        }
                        if (stack.isEmpty()) {
                            if (root != null) {
                                throw new ImportException("more than one root element", position(l));
                            }
                            root = e;
                        } else {
                            stack.get(stack.size() - 1).children.add(e);
                        }
                        stack.add(e);
                    }
                    case XMLStreamConstants.END_ELEMENT -> stack.remove(stack.size() - 1);
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> {
                        if (!stack.isEmpty()) {
                            Element top = stack.get(stack.size() - 1);
                            if (top.text.length() < 4096) {
                                top.text.append(r.getText(), 0, Math.min(r.getTextLength(), 4096));
                            }
                        }
                    }
                    default -> {
                    }
                }
            }
            if (root == null) {
                throw new ImportException("no root element", SourcePosition.START);
            }
            xpaths(root, "/" + root.name);
            locate(root, text);
            return root;
        } catch (RuntimeException e) {
            // The JDK's parser reports some malformed input with unchecked exceptions (a missing message resource).
            throw new ImportException("malformed XML: " + Text.clean(e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage())), r == null ? SourcePosition.START : position(safeLocation(r)));
        } catch (XMLStreamException e) {
            String m = e.getMessage() == null ? "" : e.getMessage();
            int at = m.indexOf("Message: ");
            return fail("malformed XML: " + Text.clean(at >= 0 ? m.substring(at + 9) : m), e.getLocation());
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException | RuntimeException e) {
                    // nothing to release
                }
            }
        }
    }

    private static Location safeLocation(XMLStreamReader r) {
        try {
            return r.getLocation();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Element fail(String message, Location l) throws ImportException {
        throw new ImportException(message, position(l));
    }

    private static SourcePosition position(Location l) {
        return l == null ? SourcePosition.START : new SourcePosition(l.getLineNumber(), l.getColumnNumber(), "");
    }

    private static void xpaths(Element e, String path) {
        e.xpath = path;
        var counts = new HashMap<String, Integer>();
        for (Element c : e.children) {
            counts.merge(c.name, 1, Integer::sum);
        }
        var seen = new HashMap<String, Integer>();
        for (Element c : e.children) {
            int k = seen.merge(c.name, 1, Integer::sum);
            xpaths(c, path + "/" + c.name + (counts.get(c.name) > 1 ? "[" + k + "]" : ""));
        }
    }

    /** Columns: the start tag {@code <name} on the element's line (the first not yet taken, in document order). */
    private static void locate(Element root, String text) {
        String[] lines = text.split("\n", -1);
        var taken = new HashMap<Integer, Integer>();
        var queue = new ArrayList<Element>();
        collect(root, queue);
        for (Element e : queue) {
            // StAX gives the line where the start tag ends; search back for "<name".
            for (int line = Math.min(e.line, lines.length); line >= 1; line--) {
                String l = lines[line - 1];
                int from = line == e.line ? taken.getOrDefault(line, 0) : 0;
                int idx = indexOfTag(l, e.name, from);
                if (idx >= 0) {
                    taken.put(line, idx + 1);
                    e.line = line;
                    e.column = idx + 1;
                    break;
                }
            }
        }
    }

    private static int indexOfTag(String line, String name, int from) {
        int i = line.indexOf("<" + name, from);
        while (i >= 0) {
            int end = i + 1 + name.length();
            if (end >= line.length() || !Character.isLetterOrDigit(line.charAt(end)) && line.charAt(end) != '-' && line.charAt(end) != '_') {
                return i;
            }
            i = line.indexOf("<" + name, i + 1);
        }
        return -1;
    }

    private static void collect(Element e, List<Element> out) {
        out.add(e);
        for (Element c : e.children) {
            collect(c, out);
        }
    }
}
