import { useEffect, useState } from 'react';
import { rejectedScans, rejectedScansCsv, type RejectedScan } from '../../counting/rejected-scans';
import { downloadFile } from '../../download';
import { formatDateTime, formatQuantity } from '../../format';
import { useLocalClient } from '../../rpc/local-client-context';

interface RejectedScansProps {
  sessionId: string;
  sessionName: string;
  locations: readonly { id: string; code: string }[];
  revision: string | null;
}

/** Scans of this station the server refused, with the reason; kept, and exportable as CSV. */
export function RejectedScans({ sessionId, sessionName, locations, revision }: RejectedScansProps) {
  const client = useLocalClient();
  const [scans, setScans] = useState<RejectedScan[]>([]);

  useEffect(() => {
    let cancelled = false;
    client.sync.rejections.query().then(
      (all) => !cancelled && setScans(rejectedScans(all, sessionId)),
      () => {},
    );
    return () => {
      cancelled = true;
    };
  }, [client, sessionId, revision]);

  if (scans.length === 0) return null;
  const codes = new Map(locations.map((l) => [l.id, l.code]));
  const codeOf = (id: string) => codes.get(id) ?? id;
  const exportCsv = () => {
    const safeName = sessionName.replace(/[^\w-]+/g, '-').replace(/^-|-$/g, '') || 'session';
    downloadFile(`rejected-scans-${safeName}.csv`, 'text/csv;charset=utf-8', rejectedScansCsv(scans, codeOf));
  };

  return (
    <section className="rejected-scans" aria-labelledby="rejected-scans-heading">
      <h2 id="rejected-scans-heading">Rejected scans ({formatQuantity(scans.length)})</h2>
      <p>The server did not record these scans from this station. They are kept here; export them to recount or to keep a record.</p>
      <button type="button" className="button" onClick={exportCsv}>Export rejected scans (CSV)</button>
      <ul className="rejections">
        {scans.slice(-50).reverse().map((s) => (
          <li key={s.mutationId}>
            <strong>{s.action === 'scan' ? `Scan ${s.barcode ?? ''}` : 'Undo'}</strong>
            {s.locationId && <> at {codeOf(s.locationId)}</>}
            {s.quantity !== null && <> ×{formatQuantity(s.quantity)}</>}: {s.reason}{' '}
            <span className="muted">({formatDateTime(s.receivedAt)})</span>
          </li>
        ))}
      </ul>
      {scans.length > 50 && <p className="muted">The latest 50 are listed; the export has all {formatQuantity(scans.length)}.</p>}
    </section>
  );
}
