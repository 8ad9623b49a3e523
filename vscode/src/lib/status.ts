// What the status-bar item says in each server state. No `vscode` import: unit-tested in plain Node.

export type ServerState = 'starting' | 'ready' | 'stopped' | 'error';

export interface StatusPresentation {
  text: string;
  tooltip: string;
  /** Read by screen readers, and by the end-to-end test. */
  label: string;
  isError: boolean;
}

export function statusPresentation(state: ServerState, detail?: string): StatusPresentation {
  const suffix = detail ? `\n${detail}` : '';
  switch (state) {
    case 'starting':
      return { text: '$(sync~spin) VMem', tooltip: `VMem language server: starting…${suffix}\nClick to show its output.`, label: 'VMem language server: starting', isError: false };
    case 'ready':
      return { text: '$(check) VMem', tooltip: `VMem language server: ready${suffix}\nClick to show its output.`, label: 'VMem language server: ready', isError: false };
    case 'stopped':
      return { text: '$(circle-slash) VMem', tooltip: `VMem language server: stopped${suffix}\nClick to show its output; run "VMem: Restart Language Server" to start it.`, label: 'VMem language server: stopped', isError: false };
    case 'error':
      return { text: '$(error) VMem', tooltip: `VMem language server: error${suffix}\nClick to show its output.`, label: 'VMem language server: error', isError: true };
  }
}
