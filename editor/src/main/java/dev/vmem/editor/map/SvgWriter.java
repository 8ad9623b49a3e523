package dev.vmem.editor.map;

import static dev.vmem.editor.map.PanelGeometry.num;

import dev.vmem.editor.map.Scene.Group;
import dev.vmem.editor.map.Scene.Node;
import dev.vmem.editor.map.Scene.Path;
import dev.vmem.editor.map.Scene.Rect;
import dev.vmem.editor.map.Scene.Text;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/** Writes a {@link Scene} as an SVG element through StAX: every value escaped by the writer, none spliced. */
final class SvgWriter {

    static final String SVG_NS = "http://www.w3.org/2000/svg";

    /** The class of the root element: the style sheet applies below it only (the SVG may be inlined in a page). */
    static final String ROOT_CLASS = "vmem-map";

    /**
     * The picture's style sheet, every selector scoped to the root's class. No markup characters, so it
     * reads the same in SVG and in HTML.
     */
    static final String CSS = scoped(String.join("\n",
            ".t{font-family:'DejaVu Sans Mono',Menlo,Consolas,'Liberation Mono',monospace;fill:#1f2328}",
            ".b{font-weight:bold}",
            ".halo{paint-order:stroke;stroke:#ffffff;stroke-width:3px;stroke-linejoin:round;stroke-opacity:0.85}",
            ".muted{fill:#59636e}",
            ".dim{fill:#32383f}",
            ".bt{font-weight:bold}",
            ".bt.err,.bt.info{fill:#ffffff}",
            ".bt.warn{fill:#3b2300}",
            ".frame{fill:#ffffff;stroke:#d1d9e0}",
            ".lane,.hole{fill:#f3f5f7}",
            ".lane{stroke:#d1d9e0;stroke-width:0.5}",
            ".brk{fill:none;stroke:#818b98;stroke-width:1.2}",
            ".tick{fill:#818b98}",
            ".rl{fill:#59636e}",
            ".gl{fill:#2f5fb8}",
            ".f.dm{fill:#f6ae5f}",
            ".f.hw{fill:#c9aee6}",
            ".f.rm{fill:#7fcab8}",
            ".f.nc{fill:#e4e6e8}",
            ".f.nm{fill:#ffffff}",
            ".o{fill:none;stroke-width:1.2}",
            ".o.dm{stroke:#a35e12}",
            ".o.hw{stroke:#6b4a94}",
            ".o.rm{stroke:#2a7a69}",
            ".o.nc{stroke:#6e7781;stroke-dasharray:4 3}",
            ".o.nm{stroke:#8c959f;stroke-dasharray:2 2}",
            ".o.mixed{stroke:#3d444d}",
            ".priv{fill:url(#vmem-hatch)}",
            ".pstrip{fill:#3d2f5c}",
            ".pop{fill:#1f2328;fill-opacity:0.55}",
            ".ribbon{fill:#8c959f;fill-opacity:0.22;stroke:#8c959f;stroke-opacity:0.7;stroke-width:0.6}",
            ".gmem{fill:#3b6fd1;fill-opacity:0.1;stroke:#3b6fd1;stroke-width:1.5;stroke-dasharray:6 3}",
            ".badge-err{fill:#cf222e;stroke:#82071e}",
            ".badge-warn{fill:#f2c12e;stroke:#7d5a00}",
            ".badge-info{fill:#2f81f7;stroke:#0a4fa3}",
            ".hit:hover .o{stroke-width:2.5}",
            ".hit:hover .ribbon,.hit:hover .gmem{fill-opacity:0.4}"));

    private static String scoped(String css) {
        var out = new StringBuilder();
        for (String rule : css.split("\n")) {
            int brace = rule.indexOf('{');
            var selectors = new StringBuilder();
            for (String sel : rule.substring(0, brace).split(",")) {
                selectors.append(selectors.length() == 0 ? "" : ",").append('.').append(ROOT_CLASS).append(' ')
                        .append(sel);
            }
            out.append(out.length() == 0 ? "" : "\n").append(selectors).append(rule.substring(brace));
        }
        return out.toString();
    }

    private final XMLStreamWriter w;
    private int depth;

    SvgWriter(XMLStreamWriter w) {
        this.w = w;
    }

    /** The {@code <svg>} element with everything in it. */
    void write(Scene scene, String title) throws XMLStreamException {
        String width = num(scene.width());
        String height = num(scene.height());
        w.setDefaultNamespace(SVG_NS);
        w.writeStartElement(SVG_NS, "svg");
        w.writeDefaultNamespace(SVG_NS);
        w.writeAttribute("width", width);
        w.writeAttribute("height", height);
        w.writeAttribute("viewBox", "0 0 " + width + " " + height);
        w.writeAttribute("class", ROOT_CLASS);
        w.writeAttribute("role", "img");
        w.writeAttribute("aria-label", Xml.line(title));
        depth++;
        indent();
        w.writeStartElement("title");
        w.writeCharacters(Xml.clean(title));
        w.writeEndElement();
        indent();
        w.writeStartElement("style");
        w.writeCharacters("\n" + CSS + "\n");
        w.writeEndElement();
        indent();
        w.writeStartElement("defs");
        depth++;
        element(false, "pattern", "id", "vmem-hatch", "width", "6", "height", "6", "patternUnits", "userSpaceOnUse",
                "patternTransform", "rotate(45)");
        depth++;
        element(true, "rect", "width", "2", "height", "6", "fill", "#3d2f5c", "fill-opacity", "0.4");
        depth--;
        indent();
        w.writeEndElement();
        depth--;
        indent();
        w.writeEndElement();
        element(true, "rect", "width", width, "height", height, "fill", "#ffffff");
        for (Node n : scene.root().children()) {
            node(n);
        }
        depth--;
        indent();
        w.writeEndElement();
    }

    private void node(Node node) throws XMLStreamException {
        if (node instanceof Group g) {
            group(g);
        } else if (node instanceof Rect r) {
            element(true, "rect", "x", num(r.x()), "y", num(r.y()), "width", num(Math.max(0, r.w())), "height",
                    num(Math.max(0, r.h())));
            css(r.css());
        } else if (node instanceof Path p) {
            indent();
            w.writeEmptyElement("path");
            w.writeAttribute("d", p.d());
            css(p.css());
        } else if (node instanceof Text t) {
            indent();
            w.writeStartElement("text");
            w.writeAttribute("x", num(t.x()));
            w.writeAttribute("y", num(t.y()));
            w.writeAttribute("font-size", num(t.size()));
            if (t.anchor() != Scene.Anchor.START) {
                w.writeAttribute("text-anchor", t.anchor().svg());
            }
            css(t.css());
            w.writeCharacters(t.text());
            w.writeEndElement();
        }
    }

    private void group(Group g) throws XMLStreamException {
        if (g.isPlain()) {
            for (Node n : g.children()) {
                node(n);
            }
            return;
        }
        indent();
        w.writeStartElement("g");
        css(g.css());
        if (!g.key().isEmpty()) {
            w.writeAttribute("data-key", g.key());
        }
        depth++;
        if (!g.tooltip().isEmpty()) {
            indent();
            w.writeStartElement("title");
            w.writeCharacters(g.tooltip());
            w.writeEndElement();
        }
        for (Node n : g.children()) {
            node(n);
        }
        depth--;
        indent();
        w.writeEndElement();
    }

    private void css(String css) throws XMLStreamException {
        if (css != null && !css.isEmpty()) {
            w.writeAttribute("class", css);
        }
    }

    /** On a new line at the current depth, an empty or started element with its attributes (name, value, …). */
    private void element(boolean empty, String name, String... attributes) throws XMLStreamException {
        indent();
        if (empty) {
            w.writeEmptyElement(name);
        } else {
            w.writeStartElement(name);
        }
        for (int i = 0; i < attributes.length; i += 2) {
            w.writeAttribute(attributes[i], attributes[i + 1]);
        }
    }

    private void indent() throws XMLStreamException {
        w.writeCharacters("\n" + "  ".repeat(Math.min(depth, 12)));
    }
}
