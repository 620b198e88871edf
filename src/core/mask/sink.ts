// The one choke point: every source (files, the sample, AWS pages, live tail) streams through this sink, so a secret
// is masked before the dataset, any view, export or problem message can hold it.
import type { Sink } from '../readers/types';
import type { Masker } from './masker';

export function maskingSink(inner: Sink, masker: Masker | undefined): Sink {
  if (!masker) return inner;
  return {
    log: (e) => { masker.log(e); inner.log(e); },
    span: (s) => { masker.span(s); inner.span(s); },
    skip: (reason, origin, message) => inner.skip(reason, origin, masker.text(message)),
  };
}
