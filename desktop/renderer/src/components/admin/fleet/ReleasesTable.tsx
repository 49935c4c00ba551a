import { useState } from 'react';
import { formatDateTime } from '../../../format';
import { describeProgress, widenChoices } from '../../../admin/fleet-view';
import type { FleetOverview, FleetRelease } from '../../../hooks/use-fleet';
import { useLocalClient } from '../../../rpc/local-client-context';
import type { Act } from './FleetPanel';

const STATE_LABELS: Record<FleetRelease['state'], string> = { rolling: 'Rolling out', paused: 'Paused', complete: 'Everywhere', rolled_back: 'Rolled back' };

/** Published releases with their rollout progress; widen, pause, resume or roll back each. */
export function ReleasesTable({ releases, progress, act, denied }: { releases: FleetRelease[]; progress: FleetOverview['releases']; act: Act; denied: boolean }) {
  return (
    <section aria-labelledby="fleet-releases-heading">
      <h3 id="fleet-releases-heading">Releases</h3>
      {releases.length === 0 ? (
        <div className="empty-state">
          <p className="empty-title">No releases yet.</p>
          <p>Publish the installers below, or from the release workflow with <code>releases publish --server</code>.</p>
        </div>
      ) : (
        <table className="item-table" aria-label="Releases">
          <thead><tr><th>Version</th><th>Channel</th><th>State</th><th>Reaches</th><th>Progress</th><th>Published</th><th><span className="visually-hidden">Actions</span></th></tr></thead>
          <tbody>{releases.map((r) => <ReleaseRow key={r.id} release={r} progress={progress.find((p) => p.releaseId === r.id)} act={act} denied={denied} />)}</tbody>
        </table>
      )}
    </section>
  );
}

function ReleaseRow({ release: r, progress, act, denied }: { release: FleetRelease; progress?: FleetOverview['releases'][number]; act: Act; denied: boolean }) {
  const client = useLocalClient();
  const choices = widenChoices(r.rollout, r.state);
  const [widenTo, setWidenTo] = useState(choices[0]?.value ?? '');
  const [confirmRollback, setConfirmRollback] = useState(false);
  const chosen = choices.find((c) => c.value === widenTo) ?? choices[0];
  const guard = { disabled: denied, 'aria-describedby': denied ? 'fleet-denied' : undefined };
  const name = `${r.version} on ${r.channel}`;

  return (
    <tr>
      <td>{r.version}{r.carriesVersion && <span className="muted"> (the {r.carriesVersion} build)</span>}</td>
      <td>{r.channel}</td>
      <td><span className={`status-badge status-release-${r.state}`}>{STATE_LABELS[r.state]}</span></td>
      <td>{r.reach}</td>
      <td>{progress ? describeProgress(progress) : '—'}</td>
      <td>{formatDateTime(r.publishedAt)}</td>
      <td>
        {r.state === 'rolling' && chosen && (
          <span role="group" aria-label={`Widen ${name}`}>
            <label className="visually-hidden" htmlFor={`widen-${r.id}`}>Widen {name} to</label>
            <select id={`widen-${r.id}`} value={chosen.value} onChange={(e) => setWidenTo(e.target.value)}>
              {choices.map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}
            </select>
            <button type="button" className="button" {...guard}
              onClick={() => void act(() => client.fleet.promote.mutate({ releaseId: r.id, promotion: chosen.promotion }), `${name} now reaches ${chosen.label.toLowerCase()}.`)}>
              Widen
            </button>
          </span>
        )}
        {r.state === 'rolling' && (
          <button type="button" className="button button-quiet" {...guard}
            onClick={() => void act(() => client.fleet.pause.mutate({ releaseId: r.id }), `${name} paused: no new device takes it; devices already offered it keep it.`)}>
            Pause
          </button>
        )}
        {r.state === 'paused' && (
          <button type="button" className="button" {...guard} onClick={() => void act(() => client.fleet.resume.mutate({ releaseId: r.id }), `${name} resumed.`)}>Resume</button>
        )}
        {(r.state === 'rolling' || r.state === 'paused' || r.state === 'complete') && (confirmRollback ? (
          <span role="group" aria-label="Confirm rollback" onKeyDown={(e) => { if (e.key === 'Escape') setConfirmRollback(false); }}>
            <span>Roll back {name}? Devices that took it get the previous build again, as a higher version. </span>
            <button type="button" className="button" autoFocus
              onClick={() => void act(() => client.fleet.rollback.mutate({ releaseId: r.id }), `${name} rolled back: every device that took it is offered the previous build.`).then(() => setConfirmRollback(false))}>
              Yes, roll back
            </button>
            <button type="button" className="button button-quiet" onClick={() => setConfirmRollback(false)}>Cancel</button>
          </span>
        ) : (
          <button type="button" className="button button-quiet" {...guard} onClick={() => setConfirmRollback(true)}>Roll back</button>
        ))}
      </td>
    </tr>
  );
}
