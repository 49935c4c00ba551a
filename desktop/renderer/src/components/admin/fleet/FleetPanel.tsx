import { useCallback, useState } from 'react';
import { formatDateTime } from '../../../format';
import { useDebouncedValue } from '../../../hooks/use-debounced-value';
import { useDenial } from '../../../hooks/use-denial';
import { useFleet, type DeviceFilter } from '../../../hooks/use-fleet';
import { errorMessage } from '../../../rpc/local-types';
import { DevicesTable } from './DevicesTable';
import { DiagnosticsTable } from './DiagnosticsTable';
import { FleetAttention } from './FleetAttention';
import { FleetSummary } from './FleetSummary';
import { PublishReleaseForm } from './PublishReleaseForm';
import { ReleasesTable } from './ReleasesTable';

/** Runs one of the screen's actions: its sentence when done, the server's reason when refused, then a fresh look. */
export type Act = (work: () => Promise<unknown>, done: string) => Promise<boolean>;

/**
 * The fleet of installed desktops: versions, rollouts, the devices that need a look (data at risk
 * first), publishing and steering releases, moving, marking and revoking devices, and their
 * diagnostic bundles. Looking needs an admin; changing anything also needs their second factor.
 */
export function FleetPanel() {
  const [status, setStatus] = useState<DeviceFilter>('active');
  const [search, setSearch] = useState('');
  const fleet = useFleet({ status, search: useDebouncedValue(search.trim(), 250) });
  const manage = useDenial('devices.manage', null);
  const publish = useDenial('updates.publish', null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { reload } = fleet;

  const act: Act = useCallback(async (work, done) => {
    let ok = false;
    try {
      await work();
      setNotice(done);
      setError(null);
      ok = true;
    } catch (cause) {
      setNotice(null);
      setError(errorMessage(cause));
    }
    await reload();
    return ok;
  }, [reload]);

  const { data } = fleet;
  const denial = manage ?? publish;
  return (
    <>
      <div className="toolbar">
        <h2 id="fleet-heading">Fleet</h2>
        <button type="button" className="button button-quiet" onClick={() => void reload()}>Refresh</button>
        {data && <span className="muted">As of {formatDateTime(data.overview.generatedAt)}</span>}
      </div>
      {denial && <p id="fleet-denied" className="denied-reason" data-reason={denial.reason}>Changing the fleet: {denial.message}</p>}
      {notice && <p role="status">{notice}</p>}
      {(fleet.error ?? error) && <p className="inline-error" role="alert">{fleet.error ?? error}</p>}
      {!data && !fleet.error && <p className="muted" role="status">Loading the fleet…</p>}
      {data && (
        <>
          <FleetSummary overview={data.overview} />
          <FleetAttention overview={data.overview} />
          <ReleasesTable releases={data.releases} progress={data.overview.releases} act={act} denied={publish !== null} />
          <PublishReleaseForm channels={data.channels} act={act} denied={publish !== null} />
          <DevicesTable devices={data.devices} channels={data.channels} status={status} onStatus={setStatus} search={search} onSearch={setSearch} act={act} denied={manage !== null} />
          <DiagnosticsTable bundles={data.diagnostics} onError={setError} denied={manage !== null} />
        </>
      )}
    </>
  );
}
