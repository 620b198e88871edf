import { strict as assert } from 'assert';
import { JsonDepthScanner, salvageArrayElements } from '../../src/core/ingest/jsonDepth';

describe('JSON depth scanning', () => {
  it('closes only at the end of the value, ignoring brackets in strings', () => {
    const s = new JsonDepthScanner();
    assert.equal(s.feed('{"a": "}]\\"{", "b": ['), false);
    assert.equal(s.feed('1, 2]'), false);
    assert.equal(s.feed('}'), true);
  });
  it('salvages the complete records of a truncated array', () => {
    const text = '[{"id": 1, "x": {"y": 2}}, {"id": 2}, {"id": 3, "trunc';
    const { values } = salvageArrayElements(text);
    assert.deepEqual(values, [{ id: 1, x: { y: 2 } }, { id: 2 }]);
  });
});
