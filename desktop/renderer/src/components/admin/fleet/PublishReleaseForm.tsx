import { useState, type FormEvent } from 'react';
import { fileBase64 } from '../../../admin/file-base64';
import { FIRST_RINGS, formatSize, publishProblem } from '../../../admin/fleet-view';
import type { FleetChannel } from '../../../hooks/use-fleet';
import { useLocalClient } from '../../../rpc/local-client-context';
import type { Act } from './FleetPanel';

const MAX_MB = 256;

/** Publish installers as a release: version, channel, first ring, notes, the files (the server computes their hashes). */
export function PublishReleaseForm({ channels, act, denied }: { channels: FleetChannel[]; act: Act; denied: boolean }) {
  const client = useLocalClient();
  const [version, setVersion] = useState('');
  const [channel, setChannel] = useState('stable');
  const [ring, setRing] = useState<string>('canary');
  const [notes, setNotes] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [inputKey, setInputKey] = useState(0);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = publishProblem(version, files) ?? (files.reduce((n, f) => n + f.size, 0) > MAX_MB * 1024 * 1024
      ? `The files come to more than ${MAX_MB} MB: publish them with \`npm run cli -- releases publish --server …\`.` : null);
    setProblem(found);
    if (found) return;
    setBusy(true);
    const encoded = await Promise.all(files.map(async (f) => ({ name: f.name, base64: await fileBase64(f) })));
    const ok = await act(() => client.fleet.publish.mutate({ channel, version: version.trim(), notes: notes.trim() || undefined, ring, files: encoded }),
      `Published ${version.trim()} on ${channel} (${files.length} file${files.length === 1 ? '' : 's'}) to ${ring === 'all' ? 'every device' : 'the canary ring'}.`);
    setBusy(false);
    if (ok) {
      setVersion('');
      setNotes('');
      setFiles([]);
      setInputKey((k) => k + 1);
    }
  };

  return (
    <section aria-labelledby="fleet-publish-heading">
      <h3 id="fleet-publish-heading">Publish a release</h3>
      <form aria-label="Publish a release" className="session-form" onSubmit={(e) => void submit(e)}>
        <div className="form-row">
          <label>Version <input value={version} onChange={(e) => setVersion(e.target.value)} placeholder="1.4.0" autoComplete="off" required /></label>
          <label>Channel
            <select value={channel} onChange={(e) => setChannel(e.target.value)}>{channels.map((c) => <option key={c.name} value={c.name}>{c.name}</option>)}</select>
          </label>
          <label>First ring
            <select value={ring} onChange={(e) => setRing(e.target.value)}>{FIRST_RINGS.map((r) => <option key={r.value} value={r.value}>{r.label}</option>)}</select>
          </label>
        </div>
        <label>Release notes <textarea value={notes} onChange={(e) => setNotes(e.target.value)} rows={2} maxLength={10_000} /></label>
        <label>Installers and block maps
          <input key={inputKey} type="file" multiple accept=".exe,.dmg,.zip,.AppImage,.deb,.rpm,.blockmap" onChange={(e) => setFiles([...(e.target.files ?? [])])} />
        </label>
        {files.length > 0 && <ul className="plain-list" aria-label="Files to publish">{files.map((f) => <li key={f.name}>{f.name} · {formatSize(f.size)}</li>)}</ul>}
        {problem && <p className="inline-error" role="alert">{problem}</p>}
        <button type="submit" className="button" disabled={busy || denied} aria-describedby={denied ? 'fleet-denied' : undefined}>{busy ? 'Publishing…' : 'Publish'}</button>
      </form>
    </section>
  );
}
