// Bridges the infrastructure readers (src/core/code) to the cost model: deployed function name ->
// what its definition declares (architecture, memory).
import { matchFunction } from '../code/functionMatch';
import type { DeclaredFunction } from '../code/types';
import type { DeclaredLookup } from './architecture';

export function declaredLookup(declared: readonly DeclaredFunction[]): DeclaredLookup {
  const cache = new Map<string, ReturnType<DeclaredLookup>>();
  return (name) => {
    if (cache.has(name)) return cache.get(name);
    const m = matchFunction(name, declared);
    const v = m ? { architecture: m.fn.architecture, memorySizeMb: m.fn.memorySizeMb, file: m.fn.declaredIn } : undefined;
    cache.set(name, v);
    return v;
  };
}
