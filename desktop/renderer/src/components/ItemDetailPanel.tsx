import { useEffect, useState } from 'react';
import type { ItemDetail } from '../../../core/catalog/items.service';
import { formatQuantity } from '../format';
import { useSyncEngineState } from '../hooks/use-sync-engine';
import { RecordMovementForm } from './RecordMovementForm';
import { useLocalClient } from '../rpc/local-client-context';

interface ItemDetailPanelProps {
  itemId: string;
  revision: string | null;
  onClose(): void;
}

/** One item's stock per site and location. */
export function ItemDetailPanel({ itemId, revision, onClose }: ItemDetailPanelProps) {
  const client = useLocalClient();
  const [detail, setDetail] = useState<ItemDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const engine = useSyncEngineState();
  const [localWrites, setLocalWrites] = useState(0);
  const [pending, setPending] = useState<Set<string>>(new Set());
  const pendingCount = engine?.status?.pendingCount ?? 0;

  // Rows a queued command changed show "pending" until a pull confirms them.
  useEffect(() => {
    let cancelled = false;
    client.sync.pendingRows.query().then(
      (rows) => !cancelled && setPending(new Set(rows.filter((r) => r.entity === 'stock_level').map((r) => r.id))),
      () => !cancelled && setPending(new Set()),
    );
    return () => {
      cancelled = true;
    };
  }, [client, pendingCount, localWrites]);

  useEffect(() => {
    let cancelled = false;
    client.items.get.query({ id: itemId }).then(
      (found) => {
        if (cancelled) return;
        setDetail(found);
        setError(null);
      },
      (cause: unknown) => !cancelled && setError(cause instanceof Error ? cause.message : String(cause)),
    );
    return () => {
      cancelled = true;
    };
  }, [client, itemId, revision, localWrites, pendingCount]);

  const item = detail?.item.id === itemId ? detail.item : null;
  return (
    <aside className="item-detail" aria-labelledby="item-detail-heading">
      <div className="item-detail-header">
        <h2 id="item-detail-heading">{item ? `${item.sku} · ${item.name}` : 'Item'}</h2>
        <button type="button" className="button button-quiet" onClick={onClose}>Close</button>
      </div>
      {error && <p className="inline-error" role="alert">{error}</p>}
      {item && detail && (
        <>
          <p className="item-meta">
            On hand: <strong>{formatQuantity(item.onHand)} {item.unit}</strong>
            {item.barcodes.length > 0 && <> · Barcodes: {item.barcodes.join(', ')}</>}
          </p>
          {detail.stock.length === 0 ? (
            <p className="empty-title">No stock recorded at any location.</p>
          ) : (
            <table className="item-table">
              <caption className="visually-hidden">Stock per location</caption>
              <thead>
                <tr>
                  <th scope="col">Site</th>
                  <th scope="col">Location</th>
                  <th scope="col" className="numeric">On hand</th>
                </tr>
              </thead>
              <tbody>
                {detail.stock.map((row) => (
                  <tr key={row.locationId}>
                    <td>{row.siteName} ({row.siteCode})</td>
                    <td>{row.locationName} ({row.locationCode})</td>
                    <td className="numeric">
                      {formatQuantity(row.onHand)} {item.unit}
                      {pending.has(`${row.locationId}|${itemId}`) && <span className="pending-badge">pending</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <RecordMovementForm itemId={itemId} onRecorded={() => {
            setLocalWrites((n) => n + 1);
            void engine?.refresh();
          }} />
        </>
      )}
    </aside>
  );
}
