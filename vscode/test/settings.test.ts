import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applySeverityOverrides, diagnosticCode, normalizeSeverity, serverSettings } from '../src/lib/settings';

describe('normalizeSeverity', () => {
  it('keeps good entries and reports the others', () => {
    const { severity, problems } = normalizeSeverity({
      'direct-map-exposure': 'off', 'exposure-window': 'error', 'Bad Code': 'info', 'misaligned': 'fatal', 'memslot-overlap': 3,
    });
    assert.deepEqual(severity, { 'direct-map-exposure': 'off', 'exposure-window': 'error' });
    assert.deepEqual(problems.map(p => p.key), ['vmem.severity.Bad Code', 'vmem.severity.misaligned', 'vmem.severity.memslot-overlap']);
    assert.match(problems[1].message, /one of error, warning, info, off, not "fatal"/);
  });
  it('accepts nothing', () => assert.deepEqual(normalizeSeverity(undefined), { severity: {}, problems: [] }));
});

describe('serverSettings', () => {
  it('is what initializationOptions carry', () => {
    const { settings } = serverSettings({
      java: { home: '/jdk' }, server: { vmargs: '-Xmx1G' }, trace: { server: 'off' },
      severity: { 'hibernation-blocked': 'info' }, kernel: { defaultProfile: ' 6.18 ' },
    });
    assert.deepEqual(settings, { severity: { 'hibernation-blocked': 'info' }, kernel: { defaultProfile: '6.18' } });
  });
  it('leaves an empty profile out', () => {
    assert.deepEqual(serverSettings({ kernel: { defaultProfile: '' } }).settings.kernel, {});
    assert.deepEqual(serverSettings({ kernel: { defaultProfile: null } }).settings.kernel, {});
  });
});

describe('applySeverityOverrides', () => {
  type D = { code?: unknown; severity?: number };
  const sev = { error: 0, warning: 1, info: 2 } as const;
  const to = (o: 'error' | 'warning' | 'info'): number => sev[o];
  const diags = (): D[] => [
    { code: 'gup-on-secret-memory', severity: 0 },
    { code: { value: 'direct-map-exposure', target: 'x' }, severity: 2 },
    { code: 'exposure-window', severity: 1 },
    { severity: 0 },
  ];

  it('changes severities and drops what is off', () => {
    const out = applySeverityOverrides(diags(), { 'gup-on-secret-memory': 'warning', 'direct-map-exposure': 'off' }, to);
    assert.deepEqual(out, [{ code: 'gup-on-secret-memory', severity: 1 }, { code: 'exposure-window', severity: 1 }, { severity: 0 }]);
  });
  it('gives the same result twice', () => {
    const o = { 'exposure-window': 'error' } as const;
    const once = applySeverityOverrides(diags(), o, to);
    assert.deepEqual(applySeverityOverrides(once.map(d => ({ ...d })), o, to), once);
  });
  it('restores the server severity when an override goes away', () => {
    const ds = diags();
    const original = new Map(ds.map(d => [d, d.severity]));
    applySeverityOverrides(ds, { 'gup-on-secret-memory': 'info' }, to, d => original.get(d));
    assert.equal(ds[0].severity, 2);
    applySeverityOverrides(ds, {}, to, d => original.get(d));
    assert.equal(ds[0].severity, 0);
  });
  it('reads every form of code', () => {
    assert.equal(diagnosticCode('a-b'), 'a-b');
    assert.equal(diagnosticCode(42), '42');
    assert.equal(diagnosticCode({ value: 'x-y', target: {} }), 'x-y');
    assert.equal(diagnosticCode(undefined), undefined);
  });
});
