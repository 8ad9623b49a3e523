package dev.vmem.editor.map;

import java.io.StringWriter;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The HTML form of the picture: one self-contained page (no external style sheets, scripts, fonts or
 * images), the SVG inline, and a script that shows an element's details beside the pointer. Written
 * through StAX like the SVG; the style sheet and script sit in CDATA sections behind comment markers
 * so that both HTML and XML parsers read them unchanged.
 */
final class HtmlPage {

    private static final String XHTML = "http://www.w3.org/1999/xhtml";

    private static final String PAGE_CSS = String.join("\n",
            "html,body{margin:0;padding:0;background:#ffffff}",
            "svg{display:block}",
            "#vmem-tip{position:fixed;left:0;top:0;z-index:10;pointer-events:none;max-width:640px;",
            "  white-space:pre-wrap;font:12px/1.4 'DejaVu Sans Mono',Menlo,Consolas,monospace;",
            "  color:#ffffff;background:#1f2328;padding:6px 9px;border-radius:4px;box-shadow:0 2px 8px rgba(0,0,0,.3)}",
            "#vmem-tip[hidden]{display:none}",
            "[data-tip]{cursor:default}");

    /** Turns every SVG title into a data-tip (no double tooltips), then follows the pointer. */
    private static final String SCRIPT = String.join("\n",
            "(function () {",
            "  var tip = document.getElementById('vmem-tip');",
            "  var titles = document.querySelectorAll('svg g > title');",
            "  for (var i = 0; i < titles.length; i++) {",
            "    var t = titles[i];",
            "    t.parentNode.setAttribute('data-tip', t.textContent);",
            "    t.parentNode.removeChild(t);",
            "  }",
            "  document.addEventListener('mousemove', function (e) {",
            "    var g = e.target.closest ? e.target.closest('[data-tip]') : null;",
            "    if (!g) { tip.hidden = true; return; }",
            "    if (tip.textContent !== g.getAttribute('data-tip')) { tip.textContent = g.getAttribute('data-tip'); }",
            "    tip.hidden = false;",
            "    var x = e.clientX + 14, y = e.clientY + 16;",
            "    if (x + tip.offsetWidth > window.innerWidth - 4) { x = Math.max(4, e.clientX - tip.offsetWidth - 14); }",
            "    if (y + tip.offsetHeight > window.innerHeight - 4) { y = Math.max(4, e.clientY - tip.offsetHeight - 16); }",
            "    tip.style.left = x + 'px';",
            "    tip.style.top = y + 'px';",
            "  });",
            "  document.addEventListener('mouseleave', function () { tip.hidden = true; });",
            "})();");

    private HtmlPage() {
    }

    static String write(Scene scene, String title) throws XMLStreamException {
        var out = new StringWriter();
        XMLStreamWriter w = XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(out);
        w.writeDTD("<!DOCTYPE html>");
        w.writeCharacters("\n");
        w.setDefaultNamespace(XHTML);
        w.writeStartElement(XHTML, "html");
        w.writeDefaultNamespace(XHTML);
        w.writeAttribute("lang", "en");
        w.writeCharacters("\n");
        w.writeStartElement("head");
        w.writeCharacters("\n");
        w.writeEmptyElement("meta");
        w.writeAttribute("charset", "utf-8");
        w.writeCharacters("\n");
        w.writeEmptyElement("meta");
        w.writeAttribute("name", "viewport");
        w.writeAttribute("content", "width=device-width, initial-scale=1");
        w.writeCharacters("\n");
        w.writeStartElement("title");
        w.writeCharacters(Xml.line(title));
        w.writeEndElement();
        w.writeCharacters("\n");
        w.writeStartElement("style");
        w.writeCharacters("/*");
        w.writeCData("*/\n" + PAGE_CSS + "\n/*");
        w.writeCharacters("*/");
        w.writeEndElement();
        w.writeCharacters("\n");
        w.writeEndElement(); // head
        w.writeCharacters("\n");
        w.writeStartElement("body");
        w.writeCharacters("\n");
        new SvgWriter(w).write(scene, title);
        w.setDefaultNamespace(XHTML);
        w.writeCharacters("\n");
        w.writeStartElement("div");
        w.writeAttribute("id", "vmem-tip");
        w.writeAttribute("hidden", "hidden");
        w.writeEndElement();
        w.writeCharacters("\n");
        w.writeStartElement("script");
        w.writeCharacters("//");
        w.writeCData("\n" + SCRIPT + "\n//");
        w.writeEndElement();
        w.writeCharacters("\n");
        w.writeEndElement(); // body
        w.writeCharacters("\n");
        w.writeEndElement(); // html
        w.writeCharacters("\n");
        w.writeEndDocument();
        w.close();
        return out.toString();
    }
}
