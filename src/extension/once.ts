// Lazily loaded modules: the first call starts the load, later calls share it. Each caller keeps its own
// literal `import('…')` so that webpack still makes that module a separate chunk.
export function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => (loading ??= load());
}
