// "Why is this lens here / missing": the mapping steps for a function or a span, as plain sentences.
import * as path from 'path';
import type { Span } from '../model';
import type { CodeMap } from './codeMap';

export interface Explanation {
  subject: string;
  ok: boolean;
  /** file:line the subject maps to, when it does. */
  target?: string;
  steps: string[];
}

export function explain(code: CodeMap, subject: string | Span, entry?: Span['source']): Explanation {
  if (typeof subject === 'string') {
    const r = code.locateFunction(subject, entry);
    return r.ok
      ? { subject: `function ${subject}`, ok: true, target: `${r.value.file}:${r.value.line}`, steps: r.value.steps }
      : { subject: `function ${subject}`, ok: false, steps: r.steps };
  }
  const s = subject;
  const what = `span ${s.name} (${s.service}, ${s.spanId})`;
  if (!s.source?.file) {
    const steps = [`${what} records no source location (code.filepath/code.lineno, X-Ray metadata or a stack frame).`];
    if (s.functionName) steps.push(`It belongs to ${s.functionName}:`, ...explain(code, s.functionName).steps);
    return { subject: what, ok: false, steps };
  }
  const r = code.locateSource(s.source);
  const recorded = `${s.source.file}${s.source.line ? `:${s.source.line}` : ''}`;
  return r.ok
    ? { subject: what, ok: true, target: `${r.value.file}:${r.value.line}`, steps: [`${what} records ${recorded}.`, ...r.value.steps, `Its lens is on ${path.basename(r.value.file)}:${r.value.line}.`] }
    : { subject: what, ok: false, steps: [`${what} records ${recorded}.`, ...r.steps] };
}
