import { strict as assert } from 'assert';
import { JsonDepthScanner, jsonTooDeep, salvageDocument } from '../../src/core/ingest/jsonDepth';

describe('JSON depth scanning', () => {
  it('closes only at the end of the value, ignoring brackets in strings', () => {
    const s = new JsonDepthScanner();
    assert.equal(s.feed('{"a": "}]\\"{", "b": ['), false);
    assert.equal(s.feed('1, 2]'), false);
    assert.equal(s.feed('}'), true);
  });
  it('salvages the complete records of a truncated array', () => {
    const text = '[{"id": 1, "x": {"y": 2}}, {"id": 2}, {"id": 3, "trunc';
    const { value, dropped } = salvageDocument(text);
    assert.deepEqual(value, [{ id: 1, x: { y: 2 } }, { id: 2 }]);
    assert.deepEqual(dropped, [text.indexOf('{"id": 3')]);
  });
  it('keeps the containers above the records (resource, scope) and drops the record cut short', () => {
    const doc = '{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"a"}}]},' +
      '"scopeSpans":[{"scope":{"name":"s"},"spans":[{"spanId":"1","attributes":[{"key":"k","value":{}}]},' +
      '{"spanId":"2","attributes":[{"key":"k","value":{}},{"key":"cut';
    const { value, dropped } = salvageDocument(doc);
    assert.deepEqual(value, { resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'a' } }] },
      scopeSpans: [{ scope: { name: 's' }, spans: [{ spanId: '1', attributes: [{ key: 'k', value: {} }] }] }] }] });
    assert.deepEqual(dropped, [doc.indexOf('{"spanId":"2"')]);
  });
  it('drops a malformed record in the middle of a closed document and keeps the ones after it', () => {
    const { value, dropped } = salvageDocument('{"events": [{"a": 1}, {"a": tru}, {"a": 3}]}');
    assert.deepEqual(value, { events: [{ a: 1 }, { a: 3 }] });
    assert.equal(dropped.length, 1);
  });
  it('keeps nothing of a single record cut short', () => {
    assert.equal(salvageDocument('{"id": "a", "trace_id": "x", "start_').value, undefined);
  });
  it('measures depth only when the brackets could reach it, and ignores brackets in strings', () => {
    assert.equal(jsonTooDeep('[[[1]]]', 3), undefined);
    assert.equal(jsonTooDeep('[[[[1]]]]', 3), 4);
    assert.equal(jsonTooDeep('["[[[[[[", {"a": "{{{{{"}]', 3), undefined);
    assert.equal(jsonTooDeep('['.repeat(100000) + ']'.repeat(100000)), 513);
  });
});
