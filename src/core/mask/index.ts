// Secret masking (docs/masking.md): by key name and by value shape, before anything is stored.
export { createMasker, hideSecret, Masker, MASK_PREFIX } from './masker';
export type { MaskOptions } from './masker';
export { isSecretKeyName, KeyClassifier, MaskPatternError } from './keys';
export { isCardNumber } from './shapes';
export { maskingSink } from './sink';
