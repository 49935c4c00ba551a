import { useState } from 'react';
import { base64Bytes, downloadFile } from '../../../download';
import { formatDateTime } from '../../../format';
import { formatSize } from '../../../admin/fleet-view';
import type { FleetBundle } from '../../../hooks/use-fleet';
import { useLocalClient } from '../../../rpc/local-client-context';
import { errorMessage } from '../../../rpc/local-types';

/** The diagnostic bundles asked for: waiting for the device's next sync, or there to download. */
export function DiagnosticsTable({ bundles, onError, denied }: { bundles: FleetBundle[]; onError(message: string): void; denied: boolean }) {
  const client = useLocalClient();
  const [fetching, setFetching] = useState<string | null>(null);
  const download = async (b: FleetBundle) => {
    setFetching(b.id);
    try {
      const file = await client.fleet.downloadDiagnostics.mutate({ requestId: b.id, deviceName: b.deviceName });
      downloadFile(file.fileName, file.contentType, base64Bytes(file.base64));
    } catch (cause) {
      onError(errorMessage(cause));
    } finally {
      setFetching(null);
    }
  };
  return (
    <section aria-labelledby="fleet-diagnostics-heading">
      <h3 id="fleet-diagnostics-heading">Diagnostic bundles</h3>
      {bundles.length === 0 ? (
        <p className="muted">None asked for yet. Request diagnostics on a device: its recent logs come with its next sync.</p>
      ) : (
        <table className="item-table" aria-label="Diagnostic bundles">
          <thead><tr><th>Device</th><th>Asked</th><th>Received</th><th className="numeric">Size</th><th><span className="visually-hidden">Actions</span></th></tr></thead>
          <tbody>
            {bundles.map((b) => (
              <tr key={b.id}>
                <td>{b.deviceName}</td>
                <td>{formatDateTime(b.requestedAt)}</td>
                <td>{b.uploadedAt ? formatDateTime(b.uploadedAt) : 'Waiting for its next sync'}</td>
                <td className="numeric">{b.sizeBytes === null ? '—' : formatSize(b.sizeBytes)}</td>
                <td>
                  {b.uploadedAt && (
                    <button type="button" className="button button-quiet" disabled={denied || fetching === b.id} aria-describedby={denied ? 'fleet-denied' : undefined} onClick={() => void download(b)}>
                      {fetching === b.id ? 'Downloading…' : 'Download'}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
