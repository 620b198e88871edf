// The custom time range of "Fetch from AWS" (start and end typed in one box).
import * as assert from 'assert';
import { parseRange } from '../../src/core/aws/timeRange';

describe('aws parseRange', () => {
  const now = Date.UTC(2026, 10, 30, 12, 0);
  const want = { startMs: Date.UTC(2026, 10, 20, 8, 0), endMs: Date.UTC(2026, 10, 20, 14, 0) };

  it('reads two ISO times separated by a space, "to", "..", or a dash', () => {
    for (const t of ['2026-11-20T08:00Z 2026-11-20T14:00Z', '2026-11-20T08:00:00.000Z to 2026-11-20T14:00:00.000Z',
      '2026-11-20T08:00Z..2026-11-20T14:00Z', '2026-11-20T08:00Z – 2026-11-20T14:00Z', ' 2026-11-20T08:00Z - 2026-11-20T14:00Z ']) {
      assert.deepEqual(parseRange(t, now), want, t);
    }
  });

  it('takes times without a zone as UTC, with a space or a T', () => {
    assert.deepEqual(parseRange('2026-11-20 08:00 2026-11-20 14:00', now), want);
    assert.deepEqual(parseRange('2026-11-20T08:00 to 2026-11-20T14:00:00', now), want);
    assert.deepEqual(parseRange('2026-11-20T09:00+01:00 2026-11-20T14:00Z', now), want);
  });

  it('reads epoch ms, now and durations before now', () => {
    assert.deepEqual(parseRange(`${want.startMs} ${want.endMs}`, now), want);
    assert.deepEqual(parseRange('3d now', now), { startMs: now - 3 * 86_400_000, endMs: now });
    assert.deepEqual(parseRange('2h 1h', now), { startMs: now - 7_200_000, endMs: now - 3_600_000 });
  });

  it('says why it refuses', () => {
    assert.match(parseRange('2026-11-20T14:00Z 2026-11-20T08:00Z', now) as string, /end must be after the start/);
    assert.match(parseRange('yesterday 2026-11-20T08:00Z', now) as string, /Not a time: yesterday/);
    assert.match(parseRange('2026-11-20T08:00Z', now) as string, /a start and an end/);
    assert.match(parseRange('', now) as string, /a start and an end/);
  });
});
