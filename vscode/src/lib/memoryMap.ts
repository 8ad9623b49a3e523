// vmem.showMemoryMap: what the server's answer means, and the webview page that shows it.
// No `vscode` import: unit-tested in plain Node.

export const MEMORY_MAP_COMMAND = 'vmem.showMemoryMap';

export type MemoryMapAnswer =
  | { kind: 'svg'; svg: string; title?: string }
  | { kind: 'html'; html: string; title?: string }
  | { kind: 'unavailable'; message: string };

const UNAVAILABLE =
  `This VMem language server cannot draw memory maps yet (it does not offer the command "${MEMORY_MAP_COMMAND}"). ` +
  'Diagnostics, and everything else the server offers, keep working; a newer server brings the picture.';

/**
 * The server answers with an SVG or HTML string, or with `{ svg }` / `{ html }` (optionally `title`).
 * Null, an empty answer or anything else means it has no such command (Xtext answers null for
 * commands nobody registered).
 */
export function interpretMemoryMapResult(result: unknown): MemoryMapAnswer {
  if (typeof result === 'string' && result.trim()) return fromMarkup(result);
  if (result && typeof result === 'object') {
    const r = result as { svg?: unknown; html?: unknown; title?: unknown };
    const title = typeof r.title === 'string' ? r.title : undefined;
    if (typeof r.svg === 'string' && r.svg.trim()) return { kind: 'svg', svg: r.svg, title };
    if (typeof r.html === 'string' && r.html.trim()) return { kind: 'html', html: r.html, title };
  }
  return { kind: 'unavailable', message: UNAVAILABLE };
}

function fromMarkup(markup: string): MemoryMapAnswer {
  const head = markup.trimStart().replace(/^<\?xml[^>]*>\s*/, '').slice(0, 200).toLowerCase();
  return head.startsWith('<svg') ? { kind: 'svg', svg: markup } : { kind: 'html', html: markup };
}

/** JSON-RPC "method not found" (-32601), or a server that says it does not know the command. */
export function isCommandNotFound(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | undefined;
  if (e?.code === -32601) return true;
  const message = typeof e?.message === 'string' ? e.message : String(error ?? '');
  return /(unknown|unsupported|not (found|supported|registered)|no such).{0,40}command|command.{0,60}(not found|unknown|not supported|not registered)/i.test(message);
}

export function unavailableMessage(): string {
  return UNAVAILABLE;
}

/**
 * The webview page. Scripts are off and the content security policy allows only inline styles and
 * data:/webview images, so a server answer cannot run code in the editor.
 */
export function memoryMapPage(answer: Extract<MemoryMapAnswer, { kind: 'svg' | 'html' }>, documentName: string, cspSource: string): string {
  const csp = `default-src 'none'; img-src ${cspSource} data:; style-src ${cspSource} 'unsafe-inline'; font-src ${cspSource};`;
  const title = escapeHtml(answer.title ?? `Memory map: ${documentName}`);
  const body = answer.kind === 'svg' ? `<div class="map">${stripXmlProlog(answer.svg)}</div>` : bodyOf(answer.html);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${title}</title>
<style>
  body { color: var(--vscode-foreground); background: var(--vscode-editor-background); font-family: var(--vscode-font-family); }
  .map svg { max-width: 100%; height: auto; }
</style>
</head>
<body>
<h1 class="vmem-memory-map-title">${title}</h1>
${body}
</body>
</html>`;
}

function stripXmlProlog(svg: string): string {
  return svg.replace(/^\s*<\?xml[^>]*>\s*/, '').replace(/^\s*<!DOCTYPE[^>]*>\s*/i, '');
}

/** A whole HTML page from the server keeps only its body (our head carries the security policy). */
function bodyOf(html: string): string {
  const withoutScripts = html.replace(/<script\b[\s\S]*?<\/script\s*>/gi, '');
  const m = /<body[^>]*>([\s\S]*)<\/body\s*>/i.exec(withoutScripts);
  return m ? m[1] : withoutScripts;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
