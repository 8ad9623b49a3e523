import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { statusPresentation } from '../src/lib/status';

describe('statusPresentation', () => {
  it('says each state in text, tooltip and accessible label', () => {
    for (const s of ['starting', 'ready', 'stopped', 'error'] as const) {
      const p = statusPresentation(s, 'Java 17');
      assert.match(p.text, /VMem$/);
      assert.equal(p.label, `VMem language server: ${s}`);
      assert.match(p.tooltip, new RegExp(`${s}[\\s\\S]*Java 17[\\s\\S]*Click to show its output`));
      assert.equal(p.isError, s === 'error');
    }
  });
  it('spins while starting', () => assert.match(statusPresentation('starting').text, /sync~spin/));
});
