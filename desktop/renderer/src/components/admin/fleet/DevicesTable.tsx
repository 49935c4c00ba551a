import { useState } from 'react';
import { formatDateTime } from '../../../format';
import { deviceFlags } from '../../../admin/fleet-view';
import type { DeviceFilter, FleetChannel, FleetDevice } from '../../../hooks/use-fleet';
import { useLocalClient } from '../../../rpc/local-client-context';
import type { Act } from './FleetPanel';

const FILTERS: { value: DeviceFilter; label: string }[] = [
  { value: 'active', label: 'Active' }, { value: 'data-at-risk', label: 'Data at risk' }, { value: 'behind', label: 'Behind' },
  { value: 'offline', label: 'Offline for long' }, { value: 'revoked', label: 'Revoked' }, { value: 'all', label: 'All' },
];

interface DevicesTableProps {
  devices: FleetDevice[];
  channels: FleetChannel[];
  status: DeviceFilter;
  onStatus(status: DeviceFilter): void;
  search: string;
  onSearch(search: string): void;
  act: Act;
  denied: boolean;
}

/** Every device with what it reported; move it to a channel, mark it canary, ask it for diagnostics, revoke it. */
export function DevicesTable({ devices, channels, status, onStatus, search, onSearch, act, denied }: DevicesTableProps) {
  return (
    <section aria-labelledby="fleet-devices-heading">
      <div className="toolbar">
        <h3 id="fleet-devices-heading">Devices</h3>
        <label>Show <select value={status} onChange={(e) => onStatus(e.target.value as DeviceFilter)}>{FILTERS.map((f) => <option key={f.value} value={f.value}>{f.label}</option>)}</select></label>
        <label>Find a device <input type="search" className="search-input" value={search} onChange={(e) => onSearch(e.target.value)} placeholder="Name or id" /></label>
      </div>
      {devices.length === 0 ? (
        <p className="muted">{search || status !== 'active' ? 'No device matches.' : 'No active devices.'}</p>
      ) : (
        <table className="item-table" aria-label="Devices">
          <thead><tr><th>Device</th><th>Site</th><th>Version</th><th>Channel</th><th>Last sync</th><th className="numeric">Unsynced</th><th>Flags</th><th><span className="visually-hidden">Actions</span></th></tr></thead>
          <tbody>{devices.map((d) => <DeviceRow key={d.id} device={d} channels={channels} act={act} denied={denied} />)}</tbody>
        </table>
      )}
    </section>
  );
}

function DeviceRow({ device: d, channels, act, denied }: { device: FleetDevice; channels: FleetChannel[]; act: Act; denied: boolean }) {
  const client = useLocalClient();
  const [channel, setChannel] = useState(d.assignedChannel ?? '');
  const [confirmRevoke, setConfirmRevoke] = useState(false);
  const blocked = denied || d.revoked;
  const guard = { disabled: blocked, 'aria-describedby': denied ? 'fleet-denied' : undefined };
  const flags = deviceFlags(d);
  const target = channel === '' ? null : channel;

  return (
    <tr>
      <td>{d.name}<div className="muted mono">{d.id}</div></td>
      <td>{d.siteName ?? '—'}</td>
      <td>{d.appVersion ?? '—'}{d.os && <div className="muted">{d.os}</div>}</td>
      <td>{d.channel}{d.assignedChannel && <span className="muted"> (set by an admin)</span>}</td>
      <td>{d.lastSyncAt ? formatDateTime(d.lastSyncAt) : 'Never'}</td>
      <td className="numeric">{d.outboxDepth ?? '—'}</td>
      <td>{flags.length === 0 ? '—' : flags.map((f) => <span key={f.kind} className={`status-badge fleet-flag-${f.kind}`}>{f.label}</span>)}</td>
      <td>
        <button type="button" className="button button-quiet" {...guard}
          onClick={() => void act(() => client.fleet.setDeviceCanary.mutate({ deviceId: d.id, canary: !d.canary }),
            d.canary ? `${d.name} left the canary ring.` : `${d.name} is a canary device: it takes each release first.`)}>
          {d.canary ? 'Remove from canary' : 'Make canary'}
        </button>
        <span role="group" aria-label={`Channel of ${d.name}`}>
          <label className="visually-hidden" htmlFor={`channel-${d.id}`}>Channel for {d.name}</label>
          <select id={`channel-${d.id}`} value={channel} onChange={(e) => setChannel(e.target.value)} disabled={d.revoked}>
            <option value="">Its own ({d.assignedChannel ? 'as it asks' : d.channel})</option>
            {channels.map((c) => <option key={c.name} value={c.name}>{c.name}</option>)}
          </select>
          <button type="button" className="button button-quiet" {...guard} disabled={blocked || target === d.assignedChannel}
            onClick={() => void act(() => client.fleet.setDeviceChannel.mutate({ deviceId: d.id, channel: target }),
              target ? `${d.name} follows the ${target} channel from its next update check.` : `${d.name} follows the channel it asks for again.`)}>
            Move
          </button>
        </span>
        <button type="button" className="button button-quiet" {...guard} disabled={blocked || d.diagnosticsRequestId !== null}
          onClick={() => void act(() => client.fleet.requestDiagnostics.mutate({ deviceId: d.id }), `Asked ${d.name} for its recent logs: they arrive with its next sync, under Diagnostic bundles.`)}>
          {d.diagnosticsRequestId ? 'Diagnostics requested' : 'Request diagnostics'}
        </button>
        {!d.revoked && (confirmRevoke ? (
          <span role="group" aria-label="Confirm revoke" onKeyDown={(e) => { if (e.key === 'Escape') setConfirmRevoke(false); }}>
            <span>Revoke {d.name}? It stops syncing at once{d.outboxDepth ? ` and its ${d.outboxDepth} unsynced commands stay on it` : ''}. </span>
            <button type="button" className="button" autoFocus
              onClick={() => void act(() => client.fleet.revokeDevice.mutate({ deviceId: d.id }), `${d.name} revoked: it needs a new enrolment to sync again.`).then(() => setConfirmRevoke(false))}>
              Yes, revoke
            </button>
            <button type="button" className="button button-quiet" onClick={() => setConfirmRevoke(false)}>Cancel</button>
          </span>
        ) : (
          <button type="button" className="button button-quiet" {...guard} onClick={() => setConfirmRevoke(true)}>Revoke</button>
        ))}
      </td>
    </tr>
  );
}
