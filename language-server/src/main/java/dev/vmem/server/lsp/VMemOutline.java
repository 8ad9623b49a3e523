package dev.vmem.server.lsp;

import dev.vmem.editor.outline.Outline;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.SymbolKind;
import org.eclipse.xtext.ide.server.symbol.HierarchicalDocumentSymbolService;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;

/** The outline as LSP document symbols: the editor layer's {@link Outline}, each kind with its symbol kind. */
public class VMemOutline extends HierarchicalDocumentSymbolService {

    @Override
    public List<DocumentSymbol> getSymbols(XtextResource resource, CancelIndicator cancel) {
        var text = TextPositions.of(resource);
        return symbols(Outline.of(resource), text);
    }

    private static List<DocumentSymbol> symbols(List<Outline.Entry> entries, TextPositions text) {
        var out = new ArrayList<DocumentSymbol>(entries.size());
        for (Outline.Entry e : entries) {
            out.add(new DocumentSymbol(e.name(), kind(e.kind()), text.range(e.offset(), e.length()),
                    text.range(e.selectionOffset(), e.selectionLength()), e.detail(), symbols(e.children(), text)));
        }
        return out;
    }

    static SymbolKind kind(Outline.Kind kind) {
        return switch (kind) {
            case KERNEL -> SymbolKind.Namespace;
            case VM -> SymbolKind.Class;
            case BACKING -> SymbolKind.Variable;
            case MAPPING -> SymbolKind.Field;
            case SLOT -> SymbolKind.Struct;
            case DEVICE -> SymbolKind.Property;
            case SCENARIO -> SymbolKind.Function;
            case STEP -> SymbolKind.Event;
        };
    }
}
