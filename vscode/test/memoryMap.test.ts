import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeHtml, interpretMemoryMapResult, isCommandNotFound, memoryMapPage } from '../src/lib/memoryMap';

const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>';

describe('interpretMemoryMapResult', () => {
  it('takes an SVG string, with or without an XML prolog', () => {
    assert.deepEqual(interpretMemoryMapResult(svg), { kind: 'svg', svg });
    assert.equal(interpretMemoryMapResult(`<?xml version="1.0"?>\n${svg}`).kind, 'svg');
  });
  it('takes HTML', () => assert.deepEqual(interpretMemoryMapResult('<div>map</div>'), { kind: 'html', html: '<div>map</div>' }));
  it('takes { svg, title } and { html }', () => {
    assert.deepEqual(interpretMemoryMapResult({ svg, title: 'vm web' }), { kind: 'svg', svg, title: 'vm web' });
    assert.deepEqual(interpretMemoryMapResult({ html: '<p>x</p>' }), { kind: 'html', html: '<p>x</p>', title: undefined });
  });
  it('reads null, empty and odd answers as "the server has no such command"', () => {
    for (const r of [null, undefined, '', '   ', {}, { svg: '' }, 42, []]) {
      const a = interpretMemoryMapResult(r);
      assert.equal(a.kind, 'unavailable');
      assert.match((a as { message: string }).message, /cannot draw memory maps yet.*vmem\.showMemoryMap/);
    }
  });
});

describe('isCommandNotFound', () => {
  it('knows JSON-RPC method not found', () => assert.ok(isCommandNotFound({ code: -32601, message: 'Unhandled method workspace/executeCommand' })));
  it('knows servers that name the command', () => {
    assert.ok(isCommandNotFound(new Error('Unknown command vmem.showMemoryMap')));
    assert.ok(isCommandNotFound(new Error("Command 'vmem.showMemoryMap' not found")));
    assert.ok(isCommandNotFound({ code: -32603, message: 'No such command: vmem.showMemoryMap' }));
  });
  it('does not take other failures for it', () => {
    assert.ok(!isCommandNotFound({ code: -32603, message: 'NullPointerException in MemoryMapRenderer' }));
    assert.ok(!isCommandNotFound(new Error('timeout')));
    assert.ok(!isCommandNotFound(undefined));
  });
});

describe('memoryMapPage', () => {
  it('embeds the SVG under a strict content security policy', () => {
    const page = memoryMapPage({ kind: 'svg', svg: `<?xml version="1.0"?>${svg}` }, 'a.vmem', 'vscode-webview://x');
    assert.match(page, /Content-Security-Policy" content="default-src 'none'; img-src vscode-webview:\/\/x data:/);
    assert.ok(page.includes(svg));
    assert.ok(!page.includes('<?xml'));
    assert.match(page, /<title>Memory map: a\.vmem<\/title>/);
  });
  it('keeps only the body of an HTML page, without scripts', () => {
    const page = memoryMapPage({ kind: 'html', html: '<html><head><script>alert(1)</script></head><body><p>map</p><script src="x.js"></script></body></html>' }, 'b.vmem', 'csp');
    assert.ok(page.includes('<p>map</p>'));
    assert.ok(!/<script/i.test(page));
  });
  it('escapes the title', () => {
    assert.match(memoryMapPage({ kind: 'svg', svg, title: '<b>&' }, 'c.vmem', 'csp'), /<title>&lt;b&gt;&amp;<\/title>/);
    assert.equal(escapeHtml(`"'`), '&quot;&#39;');
  });
});
