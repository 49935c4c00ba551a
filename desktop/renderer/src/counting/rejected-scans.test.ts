import { describe, expect, it } from 'vitest';
import { rejectedScans, rejectedScansCsv, type RejectionRecord } from './rejected-scans';

const line = (sessionId: string, barcode: string) => ({
  lineId: crypto.randomUUID(), sessionId, locationId: 'loc_a1', itemId: null, barcode, lot: null, expiry: null,
  quantity: 1, counter: 'Ana', countedAt: '2026-03-01T10:00:00.000Z',
});
const rejection = (mutationId: number, name: string, args: unknown, reason = 'Session Bay 1 was cancelled; this scan was not recorded.'): RejectionRecord => ({
  mutationId, name, args, reason, receivedAt: '2026-03-01T10:05:00.000Z',
});

describe('rejected scans of a session', () => {
  it('keeps the session’s refused scans and undos, oldest first, and nothing else', () => {
    const found = rejectedScans([
      rejection(9, 'counting.voidLine', { lineId: 'x', sessionId: 's1', by: 'Ana' }),
      rejection(4, 'counting.recordLine', line('s1', '4006381333931')),
      rejection(5, 'counting.recordLine', line('s2', '123')),
      rejection(6, 'inventory.recordMovement', { sessionId: 's1' }),
      rejection(7, 'counting.recordLine', null),
    ], 's1');
    expect(found.map((s) => [s.mutationId, s.action, s.barcode, s.counter])).toEqual([[4, 'scan', '4006381333931', 'Ana'], [9, 'undo', null, 'Ana']]);
  });

  it('exports them as CSV with a header, codes for locations and quoted reasons', () => {
    const csv = rejectedScansCsv(rejectedScans([rejection(4, 'counting.recordLine', line('s1', '4006381333931'), 'Session "Bay 1" was cancelled, sorry')], 's1'), (id) => (id === 'loc_a1' ? 'A-01' : id));
    expect(csv).toBe(
      'action,location,barcode,quantity,counter,counted_at,rejected_at,reason\r\n'
      + 'scan,A-01,4006381333931,1,Ana,2026-03-01T10:00:00.000Z,2026-03-01T10:05:00.000Z,"Session ""Bay 1"" was cancelled, sorry"\r\n',
    );
  });
});
