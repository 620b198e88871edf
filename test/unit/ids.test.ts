import { strict as assert } from 'assert';
import { normalizeSpanId, normalizeTraceId, toXrayTraceId } from '../../src/core/ids';

describe('trace ids', () => {
  it('normalises X-Ray, W3C, 64-bit and base64 ids to one 32-hex form', () => {
    assert.equal(normalizeTraceId('1-5e61292c-cc1229a4dfbeae1043928548'), '5e61292ccc1229a4dfbeae1043928548');
    assert.equal(normalizeTraceId('5E61292CCC1229A4DFBEAE1043928548'), '5e61292ccc1229a4dfbeae1043928548');
    assert.equal(normalizeTraceId('1e223ff1f80f1c69'), '00000000000000001e223ff1f80f1c69');
    assert.equal(normalizeTraceId(Buffer.from('5b8efff798038103d269b633813fc60c', 'hex').toString('base64')), '5b8efff798038103d269b633813fc60c');
    assert.equal(normalizeTraceId('not-an-id'), undefined);
    assert.equal(normalizeTraceId(42), undefined);
    assert.equal(toXrayTraceId('5e61292ccc1229a4dfbeae1043928548'), '1-5e61292c-cc1229a4dfbeae1043928548');
  });
  it('normalises span ids', () => {
    assert.equal(normalizeSpanId('EEE19B7EC3C1B174'), 'eee19b7ec3c1b174');
    assert.equal(normalizeSpanId('abc'), '0000000000000abc');
    assert.equal(normalizeSpanId(undefined), undefined);
  });
});
