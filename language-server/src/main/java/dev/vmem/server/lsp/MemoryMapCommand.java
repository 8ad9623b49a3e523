package dev.vmem.server.lsp;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.vmem.editor.map.MapOptions;
import dev.vmem.editor.map.MemoryMapRenderer;
import java.util.List;
import org.eclipse.lsp4j.ExecuteCommandParams;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
import org.eclipse.xtext.ide.server.ILanguageServerAccess;
import org.eclipse.xtext.ide.server.commands.IExecutableCommandService;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;

/**
 * {@code workspace/executeCommand vmem.showMemoryMap [uri, vm?]}: the memory-map picture of a document
 * (every VM, or the one named), drawn from the same engine run as its diagnostics, hovers and inlay
 * hints. Answers {@code {"svg": "<svg …>", "title": "…"}}; for a file the engine cannot run on,
 * {@code {"html": "…why…", "title": "…"}}. The VS Code extension shows the answer in a web view.
 */
public class MemoryMapCommand implements IExecutableCommandService {

    public static final String COMMAND = "vmem.showMemoryMap";

    @Override
    public List<String> initialize() {
        return List.of(COMMAND);
    }

    @Override
    public Object execute(ExecuteCommandParams params, ILanguageServerAccess access, CancelIndicator cancel) {
        List<Object> args = params.getArguments();
        String uri = args == null || args.isEmpty() ? null : string(args.get(0));
        String vm = args != null && args.size() > 1 ? string(args.get(1)) : null;
        if (uri == null) {
            throw new ResponseErrorException(new ResponseError(ResponseErrorCode.InvalidParams,
                    COMMAND + " needs the document's URI as its first argument", null));
        }
        return access.doSyncRead(uri, context -> {
            var answer = new JsonObject();
            if (!(context.getResource() instanceof XtextResource resource)) {
                answer.addProperty("html", "<p>Not a VMem document.</p>");
                return answer;
            }
            String name = resource.getURI().lastSegment();
            answer.addProperty("title", "Memory map: " + name);
            Analysis analysis = Session.of(resource).analyze(resource, cancel);
            if (!analysis.ran()) {
                answer.addProperty("html", "<p>No memory map: " + escape(analysis.skipped()) + ".</p>");
                return answer;
            }
            if (vm != null && !MemoryMapRenderer.vms(analysis.report()).contains(vm)) {
                answer.addProperty("html", "<p>No VM named " + escape(vm) + " in " + escape(name) + ".</p>");
                return answer;
            }
            MapOptions options = MapOptions.defaults().withTitle(name);
            answer.addProperty("svg", MemoryMapRenderer.svg(analysis.report(), vm == null ? options : options.withVm(vm)));
            return answer;
        });
    }

    private static String string(Object arg) {
        if (arg instanceof JsonPrimitive p && p.isString()) {
            return p.getAsString();
        }
        if (arg instanceof JsonElement e && e.isJsonObject() && e.getAsJsonObject().has("uri")) {
            return e.getAsJsonObject().get("uri").getAsString();
        }
        return arg instanceof String s ? s : null;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
