// The extension's settings as the language server sees them, and the client-side view of
// vmem.severity. No `vscode` import: unit-tested in plain Node.

export type SeverityOverride = 'error' | 'warning' | 'info' | 'off';
export const SEVERITY_OVERRIDES: readonly SeverityOverride[] = ['error', 'warning', 'info', 'off'];

/** The `vmem` configuration section, as read from the workspace configuration. */
export interface VmemSettings {
  java?: { home?: string | null };
  server?: { vmargs?: string | null };
  trace?: { server?: string };
  severity?: Record<string, unknown>;
  kernel?: { defaultProfile?: string | null };
}

/** What the server gets in initializationOptions and, as `settings.vmem`, in didChangeConfiguration. */
export interface ServerSettings {
  severity: Record<string, SeverityOverride>;
  kernel: { defaultProfile?: string };
}

export interface SettingsProblem {
  key: string;
  message: string;
}

const CODE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Keeps well-formed severity overrides, and says which entries were dropped and why. */
export function normalizeSeverity(raw: Record<string, unknown> | undefined): {
  severity: Record<string, SeverityOverride>;
  problems: SettingsProblem[];
} {
  const severity: Record<string, SeverityOverride> = {};
  const problems: SettingsProblem[] = [];
  for (const [code, value] of Object.entries(raw ?? {})) {
    if (!CODE.test(code)) {
      problems.push({ key: `vmem.severity.${code}`, message: `"${code}" is not a rule code (kebab-case, e.g. gup-on-secret-memory)` });
    } else if (typeof value !== 'string' || !SEVERITY_OVERRIDES.includes(value as SeverityOverride)) {
      problems.push({ key: `vmem.severity.${code}`, message: `must be one of ${SEVERITY_OVERRIDES.join(', ')}, not ${JSON.stringify(value)}` });
    } else {
      severity[code] = value as SeverityOverride;
    }
  }
  return { severity, problems };
}

export function serverSettings(s: VmemSettings): { settings: ServerSettings; problems: SettingsProblem[] } {
  const { severity, problems } = normalizeSeverity(s.severity);
  const profile = s.kernel?.defaultProfile?.trim();
  return { settings: { severity, kernel: profile ? { defaultProfile: profile } : {} }, problems };
}

/**
 * Applies vmem.severity to published diagnostics on the client, so the setting works whether or not
 * the server honours it too (applying it twice gives the same result). `severityOf` maps an override to
 * the editor's own severity value; `off` drops the diagnostic. `original` gives a diagnostic's severity
 * as the server sent it, so that removing an override restores it.
 */
export function applySeverityOverrides<D extends { code?: unknown; severity?: S }, S>(
  diagnostics: readonly D[],
  overrides: Record<string, SeverityOverride>,
  severityOf: (o: Exclude<SeverityOverride, 'off'>) => S,
  original: (d: D) => S | undefined = d => d.severity,
): D[] {
  const out: D[] = [];
  for (const d of diagnostics) {
    const code = diagnosticCode(d.code);
    const o = code === undefined ? undefined : overrides[code];
    if (o === 'off') continue;
    d.severity = o === undefined ? original(d) : severityOf(o);
    out.push(d);
  }
  return out;
}

/** A diagnostic's code is a string, a number, or `{ value, target }` in the VS Code API. */
export function diagnosticCode(code: unknown): string | undefined {
  if (typeof code === 'string') return code;
  if (typeof code === 'number') return String(code);
  if (code && typeof code === 'object' && 'value' in code) return diagnosticCode((code as { value: unknown }).value);
  return undefined;
}

/** Settings whose change needs a new server process (the others are sent over didChangeConfiguration). */
export const RESTART_SETTINGS = ['vmem.java.home', 'vmem.server.vmargs'] as const;
