import { formatDateTime } from '../../../format';
import { formatWait } from '../../../admin/fleet-view';
import type { FleetOverview } from '../../../hooks/use-fleet';

/** The devices that need a look: holding unsynced work for too long (first: that work may be lost), behind, out of touch. */
export function FleetAttention({ overview }: { overview: FleetOverview }) {
  const { thresholds, dataAtRisk, behind, offline } = overview;
  const place = (d: { siteName: string | null }) => d.siteName ?? '—';
  return (
    <>
      <section aria-labelledby="fleet-risk-heading" className={dataAtRisk.length > 0 ? 'fleet-risk' : undefined}>
        <h3 id="fleet-risk-heading">Data at risk</h3>
        {dataAtRisk.length === 0 ? (
          <p className="muted">No device holds unsynced work older than {formatWait(thresholds.dataAtRiskMinutes)}.</p>
        ) : (
          <>
            <p className="banner banner-warning">
              {dataAtRisk.length === 1 ? 'One device holds' : `${dataAtRisk.length} devices hold`} work the server has not confirmed for more than {formatWait(thresholds.dataAtRiskMinutes)}:
              it is lost if the device is. Get it back online, or ask it for diagnostics.
            </p>
            <table className="item-table" aria-label="Data at risk">
              <thead><tr><th>Device</th><th>Site</th><th className="numeric">Unsynced commands</th><th>Oldest waiting</th><th>Last error</th><th>Last report</th></tr></thead>
              <tbody>
                {dataAtRisk.map((d) => (
                  <tr key={d.id}>
                    <td>{d.name}</td><td>{place(d)}</td><td className="numeric">{d.outboxDepth ?? '—'}</td>
                    <td>{d.pendingMinutes === null ? '—' : formatWait(d.pendingMinutes)}</td>
                    <td>{d.lastError ?? '—'}</td><td>{d.reportedAt ? formatDateTime(d.reportedAt) : 'Never'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>
      <section aria-labelledby="fleet-behind-heading">
        <h3 id="fleet-behind-heading">Devices behind</h3>
        {behind.length === 0 ? <p className="muted">Every device runs the release meant for it (or has none offered yet).</p> : (
          <table className="item-table compact" aria-label="Devices behind">
            <thead><tr><th>Device</th><th>Site</th><th>Runs</th><th>Offered</th></tr></thead>
            <tbody>{behind.map((d) => <tr key={d.id}><td>{d.name}</td><td>{place(d)}</td><td>{d.appVersion ?? '—'}</td><td>{d.target?.version ?? '—'}</td></tr>)}</tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="fleet-offline-heading">
        <h3 id="fleet-offline-heading">Offline for long</h3>
        {offline.length === 0 ? <p className="muted">No device has been out of touch for more than {thresholds.offlineHours} h.</p> : (
          <table className="item-table compact" aria-label="Offline for long">
            <thead><tr><th>Device</th><th>Site</th><th>Last contact</th><th className="numeric">Unsynced commands</th></tr></thead>
            <tbody>{offline.map((d) => <tr key={d.id}><td>{d.name}</td><td>{place(d)}</td><td>{formatWait(d.hoursSinceContact * 60)} ago</td><td className="numeric">{d.outboxDepth ?? '—'}</td></tr>)}</tbody>
          </table>
        )}
      </section>
    </>
  );
}
