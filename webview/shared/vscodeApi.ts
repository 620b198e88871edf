// The webview side of VS Code: acquireVsCodeApi() may be called once per page.

export interface VsCodeApi<S> {
  postMessage(message: unknown): void;
  getState(): S | undefined;
  setState(state: S): void;
}

declare function acquireVsCodeApi<S>(): VsCodeApi<S>;

let api: VsCodeApi<unknown> | undefined;

export function vscodeApi<S>(): VsCodeApi<S> {
  if (!api) {
    // Outside VS Code (bench pages, manual tests) fall back to a console-logging stub.
    api = typeof acquireVsCodeApi === 'function'
      ? acquireVsCodeApi<unknown>()
      : { postMessage: (m) => console.log('postMessage', m), getState: () => undefined, setState: () => undefined };
  }
  return api as VsCodeApi<S>;
}
