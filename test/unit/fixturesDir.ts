// Third-party trace and log files the tests read, copied into the repository (test/fixtures/third-party,
// sources and licence in its README.md) so that a clone with nothing beside it passes `npm test`.
import * as path from 'path';

export const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/third-party');
