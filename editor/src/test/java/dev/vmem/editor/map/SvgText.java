package dev.vmem.editor.map;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * Reads a written SVG back (a strict XML parser: it fails on anything not well-formed) and measures
 * the text it shows the way the renderer measures text, from the attributes alone.
 */
final class SvgText {

    /** One {@code <text>} element and its box. */
    record Line(String text, Scene.Box box) {
    }

    private SvgText() {
    }

    static Document parse(String xml) throws Exception {
        var f = DocumentBuilderFactory.newDefaultInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        return f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }

    static List<Line> lines(Document doc) {
        var out = new ArrayList<Line>();
        NodeList texts = doc.getElementsByTagNameNS(SvgWriter.SVG_NS, "text");
        for (int i = 0; i < texts.getLength(); i++) {
            var e = (Element) texts.item(i);
            double x = Double.parseDouble(e.getAttribute("x"));
            double y = Double.parseDouble(e.getAttribute("y"));
            double size = Double.parseDouble(e.getAttribute("font-size"));
            Scene.Anchor anchor = switch (e.getAttribute("text-anchor")) {
                case "middle" -> Scene.Anchor.MIDDLE;
                case "end" -> Scene.Anchor.END;
                default -> Scene.Anchor.START;
            };
            String text = e.getTextContent();
            out.add(new Line(text, TextMetrics.box(x, y, text, size, anchor)));
        }
        return out;
    }

    /** Pairs of lines whose boxes intersect (a sweep over x). */
    static List<String> overlaps(List<Line> lines) {
        var sorted = new ArrayList<>(lines);
        sorted.sort(Comparator.comparingDouble(l -> l.box().x0()));
        var out = new ArrayList<String>();
        for (int i = 0; i < sorted.size(); i++) {
            Line a = sorted.get(i);
            for (int j = i + 1; j < sorted.size() && sorted.get(j).box().x0() < a.box().x1(); j++) {
                Line b = sorted.get(j);
                if (a.box().intersects(b.box())) {
                    out.add("'" + a.text() + "' " + a.box() + " and '" + b.text() + "' " + b.box());
                }
            }
        }
        return out;
    }

    /** The canvas size from the root element. */
    static double[] size(Document doc) {
        Element svg = doc.getDocumentElement();
        return new double[] {Double.parseDouble(svg.getAttribute("width")),
            Double.parseDouble(svg.getAttribute("height"))};
    }
}
