// OTLP protobuf -> OTLP/JSON shape: every AnyValue kind, 64-bit numbers exact, ids as hex, absent fields absent.
import { strict as assert } from 'assert';
import { decodeOtlpProto, encodeOtlpProto } from '../../src/core/receive';

describe('receive: OTLP protobuf decoding', () => {
  it('turns every value kind, id and timestamp into the OTLP/JSON the readers take', () => {
    const value = {
      stringValue: 's', boolValue: true, intValue: '9007199254740993', doubleValue: 0.25, bytesValue: Buffer.from('hi').toString('base64'),
    };
    const attributes = [
      ...Object.entries(value).map(([k, v]) => ({ key: k, value: { [k]: v } })),
      { key: 'arr', value: { arrayValue: { values: [{ stringValue: 'a' }, { intValue: '-5' }] } } },
      { key: 'map', value: { kvlistValue: { values: [{ key: 'inner', value: { kvlistValue: { values: [{ key: 'deep', value: { boolValue: false } }] } } }] } } },
    ];
    const request = { resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] }, scopeSpans: [{ scope: { name: 'lib', version: '1' }, spans: [{
      traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', parentSpanId: '00f067aa0ba902b7', name: 'op', kind: 3,
      startTimeUnixNano: '1764640000123456789', endTimeUnixNano: '1764640000223456789', attributes,
      events: [{ timeUnixNano: '1764640000150000000', name: 'ev', attributes: [] }], links: [{ traceId: '0af7651916cd43dd8448eb211c80319d', spanId: 'b7ad6b7169203332', attributes: [] }],
      status: { code: 2, message: 'boom' },
    }] }] }] };
    const back = decodeOtlpProto('traces', encodeOtlpProto('traces', request)) as typeof request;
    const s = back.resourceSpans[0].scopeSpans[0].spans[0];
    assert.equal(s.traceId, '0af7651916cd43dd8448eb211c80319c');
    assert.equal(s.parentSpanId, '00f067aa0ba902b7');
    assert.equal(s.startTimeUnixNano, '1764640000123456789');
    assert.deepEqual(s.attributes, attributes);
    assert.deepEqual(s.status, { code: 2, message: 'boom' });
    assert.equal(s.links[0].spanId, 'b7ad6b7169203332');
    assert.equal(s.events[0].timeUnixNano, '1764640000150000000');
    assert.deepEqual(back.resourceSpans[0].scopeSpans[0].scope, { name: 'lib', version: '1' });
  });

  it('a root span has no parentSpanId; an empty request decodes to no resources', () => {
    const req = { resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', name: 'root', startTimeUnixNano: '1', endTimeUnixNano: '2' }] }] }] };
    const s = (decodeOtlpProto('traces', encodeOtlpProto('traces', req)) as typeof req).resourceSpans[0].scopeSpans[0].spans[0];
    assert.equal('parentSpanId' in s, false);
    assert.deepEqual(decodeOtlpProto('traces', new Uint8Array(0)), { resourceSpans: [] });
    assert.throws(() => decodeOtlpProto('traces', Buffer.from([0x0a, 0x50, 0x01])));
  });
});
