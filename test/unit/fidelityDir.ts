// Inputs written in the real shapes of AWS tools' output (sources in test/fixtures/fidelity/README.md).
import * as path from 'path';

export const FIDELITY = path.resolve(__dirname, '../../../test/fixtures/fidelity');
export const fixture = (name: string): string => path.join(FIDELITY, name);
