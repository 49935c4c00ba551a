import type { FleetOverview } from '../../../hooks/use-fleet';

/** The fleet at a glance: how many devices, how many need a look, and which versions they run. */
export function FleetSummary({ overview }: { overview: FleetOverview }) {
  const { totals, thresholds, versions } = overview;
  return (
    <section aria-labelledby="fleet-summary-heading">
      <h3 id="fleet-summary-heading" className="visually-hidden">Summary</h3>
      <dl className="totals" aria-label="Fleet totals">
        <div><dt>Devices</dt><dd>{totals.devices}</dd></div>
        <div><dt>Data at risk</dt><dd>{totals.dataAtRisk}</dd></div>
        <div><dt>Behind</dt><dd>{totals.behind}</dd></div>
        <div><dt>Offline over {thresholds.offlineHours} h</dt><dd>{totals.offline}</dd></div>
        <div><dt>Diagnostics pending</dt><dd>{totals.diagnosticsPending}</dd></div>
        <div><dt>Revoked</dt><dd>{totals.revoked}</dd></div>
      </dl>
      {totals.devices === 0 ? (
        <div className="empty-state">
          <p className="empty-title">No devices yet.</p>
          <p>Enrol a station with a one-time code (<code>devices enroll --site &lt;id&gt;</code>); it appears here after its first sync.</p>
        </div>
      ) : (
        <table className="item-table compact" aria-label="Versions across the fleet">
          <thead><tr><th>Version</th><th className="numeric">Devices</th></tr></thead>
          <tbody>{versions.map((v) => <tr key={v.version ?? 'unknown'}><td>{v.version ?? 'Not reported yet'}</td><td className="numeric">{v.devices}</td></tr>)}</tbody>
        </table>
      )}
    </section>
  );
}
