package dev.vmem.server.lsp;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.vmem.editor.fix.Edit;
import dev.vmem.editor.fix.Fix;
import dev.vmem.editor.fix.QuickFixes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.xtext.ide.server.UriExtensions;
import org.eclipse.xtext.ide.server.codeActions.ICodeActionService2;
import org.eclipse.xtext.resource.XtextResource;

/**
 * Quick fixes as LSP code actions: the editor layer's {@link QuickFixes}, looked up by the diagnostic's
 * code with the diagnostic's data, each turned into a {@link WorkspaceEdit} for the client to apply (the
 * server never writes a file); an edit may reach into an imported file (the VM's kernel profile).
 */
public class VMemCodeActions implements ICodeActionService2 {

    private static final UriExtensions URIS = new UriExtensions();

    @Override
    public List<Either<Command, CodeAction>> getCodeActions(Options options) {
        var params = options.getCodeActionParams();
        List<String> only = params.getContext() == null ? null : params.getContext().getOnly();
        if (only != null && !only.isEmpty() && only.stream().noneMatch(k -> CodeActionKind.QuickFix.startsWith(k)
                || k.startsWith(CodeActionKind.QuickFix))) {
            return List.of();
        }
        List<Diagnostic> diagnostics = params.getContext() == null ? List.of() : params.getContext().getDiagnostics();
        if (diagnostics == null || diagnostics.isEmpty()) {
            return List.of();
        }
        return options.getLanguageServerAccess().doSyncRead(options.getURI(), context -> {
            if (!(context.getResource() instanceof XtextResource resource) || resource.getParseResult() == null) {
                return List.<Either<Command, CodeAction>>of();
            }
            var out = new ArrayList<Either<Command, CodeAction>>();
            var text = new TextPositions(context.getDocument().getContents());
            for (Diagnostic d : diagnostics) {
                String code = d.getCode() != null && d.getCode().isLeft() ? d.getCode().getLeft() : null;
                if (code == null || d.getRange() == null) {
                    continue;
                }
                List<Fix> fixes = QuickFixes.fixes(resource, code, data(d.getData()), text.offset(d.getRange().getStart()));
                for (int i = 0; i < fixes.size(); i++) {
                    var action = new CodeAction(fixes.get(i).label());
                    action.setKind(CodeActionKind.QuickFix);
                    action.setDiagnostics(List.of(d));
                    action.setEdit(new WorkspaceEdit(edits(fixes.get(i))));
                    action.setIsPreferred(i == 0);
                    out.add(Either.forRight(action));
                }
            }
            return out;
        });
    }

    /** A fix's edits as LSP text edits, by document URI, in the order made. */
    static Map<String, List<TextEdit>> edits(Fix fix) {
        var texts = new IdentityHashMap<Resource, TextPositions>();
        var map = new LinkedHashMap<String, List<TextEdit>>();
        for (Edit e : fix.edits()) {
            TextPositions text = texts.computeIfAbsent(e.resource(), TextPositions::of);
            map.computeIfAbsent(URIS.toUriString(e.resource().getURI()), u -> new ArrayList<>())
                    .add(new TextEdit(text.range(e.offset(), e.length()), e.text()));
        }
        return map;
    }

    /** The diagnostic's data (a JSON object) as the quick fixes read it: its string and number values. */
    private static Map<String, String> data(Object raw) {
        var out = new HashMap<String, String>();
        if (raw == null) {
            return out;
        }
        JsonElement json = raw instanceof JsonElement e ? e : new Gson().toJsonTree(raw);
        if (json.isJsonObject()) {
            JsonObject object = json.getAsJsonObject();
            for (var entry : object.entrySet()) {
                if (entry.getValue().isJsonPrimitive()) {
                    out.put(entry.getKey(), entry.getValue().getAsString());
                }
            }
        }
        return out;
    }
}
