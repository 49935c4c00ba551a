// Scans the server refused (the session was cancelled or submitted meanwhile, a recount by the
// same person…): the station keeps each with its reason, shows it and exports it as CSV.

export interface RejectionRecord {
  mutationId: number;
  name: string;
  reason: string;
  args?: unknown;
  receivedAt: string;
}

export interface RejectedScan {
  mutationId: number;
  /** 'scan' for a recorded line, 'undo' for a voided one. */
  action: 'scan' | 'undo';
  reason: string;
  receivedAt: string;
  locationId: string | null;
  barcode: string | null;
  quantity: number | null;
  counter: string | null;
  countedAt: string | null;
}

const field = (args: Record<string, unknown>, name: string): string | null => (typeof args[name] === 'string' ? args[name] : null);

/** This session's refused scans and undos, oldest first. */
export function rejectedScans(rejections: readonly RejectionRecord[], sessionId: string): RejectedScan[] {
  const found: RejectedScan[] = [];
  for (const r of rejections) {
    if (r.name !== 'counting.recordLine' && r.name !== 'counting.voidLine') continue;
    const args = (typeof r.args === 'object' && r.args !== null ? r.args : {}) as Record<string, unknown>;
    if (args.sessionId !== sessionId) continue;
    found.push({
      mutationId: r.mutationId,
      action: r.name === 'counting.recordLine' ? 'scan' : 'undo',
      reason: r.reason,
      receivedAt: r.receivedAt,
      locationId: field(args, 'locationId'),
      barcode: field(args, 'barcode'),
      quantity: typeof args.quantity === 'number' ? args.quantity : null,
      counter: field(args, 'counter') ?? field(args, 'by'),
      countedAt: field(args, 'countedAt'),
    });
  }
  return found.sort((a, b) => a.mutationId - b.mutationId);
}

/** RFC 4180: quoted when it holds a comma, quote or line break; quotes doubled. */
function csvCell(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The rejected scans as CSV with a header row, location ids shown as their codes. */
export function rejectedScansCsv(scans: readonly RejectedScan[], locationCode: (id: string) => string): string {
  const header = ['action', 'location', 'barcode', 'quantity', 'counter', 'counted_at', 'rejected_at', 'reason'];
  const rows = scans.map((s) => [
    s.action, s.locationId === null ? null : locationCode(s.locationId), s.barcode, s.quantity, s.counter, s.countedAt, s.receivedAt, s.reason,
  ]);
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
