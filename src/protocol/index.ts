// Entry point of the host <-> webview protocol: types, version and validators in one import.
export * from './messages';
export * from './validate';
