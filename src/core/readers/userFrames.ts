// Which stack frame is the user's code. A span's source location and the inline error markers point at the
// first frame in the function's own code, not at the runtime or a library the error passed through.
import type { SourceLocation } from '../model';

/** Paths and names of code the user did not write: runtimes, standard libraries, installed packages. */
export function isLibraryFrame(f: SourceLocation): boolean {
  const file = f.file.replace(/\\/g, '/');
  const fn = f.function ?? '';
  if (file.startsWith('node:') || file.startsWith('internal/') || file.indexOf('/node_modules/') >= 0) return true;
  if (file.startsWith('/var/runtime/') || file.startsWith('/var/lang/') || file.startsWith('/opt/aws/')) return true;
  if (file.indexOf('site-packages/') >= 0 || file.indexOf('dist-packages/') >= 0 || file.startsWith('<frozen ')) return true;
  if (file.indexOf('/gems/') >= 0 || file.startsWith('/usr/lib/') || file.startsWith('/usr/local/lib/')) return true;
  // Go: the standard library (`/usr/local/go/src/runtime/panic.go`, `runtime/proc.go`) and modules from the cache.
  if (file.startsWith('runtime/') || file.indexOf('/go/src/') >= 0 || file.indexOf('/pkg/mod/') >= 0 || file.startsWith('_rt')) return true;
  // Java and .NET frames are named by class: the JDK, the Lambda runtime client, the .NET base library.
  if (/^(java|javax|jdk|sun|com\.sun|lambdainternal|com\.amazonaws\.services\.lambda\.runtime)\./.test(fn)) return true;
  if (/^(java|javax|jdk|sun)\//.test(file)) return true;
  if (/^(System|Microsoft|Amazon\.Lambda\.RuntimeSupport)\./.test(fn)) return true;
  return false;
}

/**
 * Frames innermost first. Python tracebacks print the most recent call last, and parseStackFrames keeps text
 * order, so a stack of `.py` frames is turned around.
 */
export function innermostFirst(frames: SourceLocation[]): SourceLocation[] {
  return frames.length > 1 && frames.every((f) => f.file.endsWith('.py')) ? [...frames].reverse() : frames;
}

/** The innermost frame in user code; the innermost frame at all when every frame is library code. */
export function userFrame(frames: SourceLocation[]): SourceLocation | undefined {
  const ordered = innermostFirst(frames);
  return ordered.find((f) => !isLibraryFrame(f)) ?? ordered[0];
}
