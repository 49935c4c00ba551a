import { describe, expect, it } from 'vitest';
import type { SyncEngineStatus } from '../sync-engine/sync-engine-status';
import { buildDiagnosticsBundle, type StationFacts } from './diagnostics-bundle';

const facts: StationFacts = {
  requestId: 'diag_abc', deviceId: 'dev_1', appVersion: '1.4.0', generatedAt: '2026-03-02T09:00:00.000Z',
  status: { connection: 'online', lastError: null } as SyncEngineStatus, health: null,
  pending: [{ mutationId: 7, name: 'counting.recordLine', createdAt: '2026-03-02T08:00:00.000Z' }], logLinesDropped: 3,
};
const parse = (bytes: Uint8Array) => new TextDecoder().decode(bytes).trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);

describe('the diagnostic bundle', () => {
  it('is NDJSON: a line describing the station, then its log lines oldest first', () => {
    const bundle = buildDiagnosticsBundle(facts, ['{"msg":"a"}', '{"msg":"b"}']);
    expect(bundle.contentType).toBe('application/x-ndjson');
    const [first, ...lines] = parse(bundle.bytes);
    expect(first).toEqual({ bundle: 'capliquify-diagnostics', format: 1, ...facts, logLines: 2, logLinesOmitted: 0 });
    expect(lines).toEqual([{ msg: 'a' }, { msg: 'b' }]);
  });

  it('leaves the oldest lines out to stay within its size, and says how many', () => {
    const lines = Array.from({ length: 100 }, (_, i) => JSON.stringify({ msg: `line ${i}`, pad: 'x'.repeat(80) }));
    const bundle = buildDiagnosticsBundle(facts, lines, 2_000);
    expect(bundle.bytes.length).toBeLessThanOrEqual(2_000);
    const [first, ...kept] = parse(bundle.bytes);
    expect(kept.length).toBeGreaterThan(0);
    expect(first).toMatchObject({ logLines: kept.length, logLinesOmitted: 100 - kept.length });
    expect(kept.at(-1)).toMatchObject({ msg: 'line 99' });
    expect(kept[0]).toMatchObject({ msg: `line ${100 - kept.length}` });
  });
});
