import { useState } from 'react';
import { fileBase64 } from '../../admin/file-base64';
import type { JobProgressView } from '../../hooks/use-job-events';
import { useLocalClient } from '../../rpc/local-client-context';
import { errorMessage, type LocalOutputs } from '../../rpc/local-types';
import { JobProgress } from './JobProgress';
import { ImportResultView, useImportResult } from './ImportResultView';

type Preview = LocalOutputs['admin']['previewImport'];
type Kind = 'items' | 'stock_counts' | 'opening_balances' | 'boms';
const KINDS: { id: Kind; label: string }[] = [
  { id: 'items', label: 'Items' }, { id: 'stock_counts', label: 'Stock counts' }, { id: 'opening_balances', label: 'Opening balances' }, { id: 'boms', label: 'Bills of materials' },
];
const MAX_MB = 50;

/** Import a CSV or XLSX: pick what it holds, preview its first rows, upload, follow it, see the bad rows. */
export function ImportPanel({ jobs }: { jobs: Map<string, JobProgressView> }) {
  const client = useLocalClient();
  const [kind, setKind] = useState<Kind>('items');
  const [mode, setMode] = useState<'good_rows' | 'all_or_nothing'>('good_rows');
  const [file, setFile] = useState<{ name: string; base64: string } | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [importId, setImportId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [uploadedAt, setUploadedAt] = useState<string | null>(null);
  // A job event names its job, not the import: this upload's is the import job heard since it was sent.
  const progress = uploadedAt ? [...jobs.values()].filter((j) => j.job === 'import' && j.receivedAt >= uploadedAt).at(-1) : undefined;
  const followed = useImportResult(importId, progress?.seq ?? 0);

  const pick = async (picked: File | undefined) => {
    setPreview(null);
    setFile(null);
    setImportId(null);
    if (!picked) return;
    if (picked.size > MAX_MB * 1024 * 1024) return setError(`${picked.name} is larger than ${MAX_MB} MB: split it, or import it with the CLI.`);
    try {
      const base64 = await fileBase64(picked);
      setPreview(await client.admin.previewImport.mutate({ fileBase64: base64 }));
      setFile({ name: picked.name, base64 });
      setError(null);
    } catch (cause) {
      setError(errorMessage(cause));
    }
  };
  const upload = async () => {
    if (!file) return;
    setBusy(true);
    setUploadedAt(new Date().toISOString());
    try {
      setImportId((await client.admin.upload.mutate({ kind, mode, fileName: file.name, fileBase64: file.base64 })).importId);
      setError(null);
    } catch (cause) {
      setError(errorMessage(cause));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="import-heading">
      <h2 id="import-heading">Import a file</h2>
      <div className="toolbar">
        <label>What it holds
          <select value={kind} onChange={(e) => setKind(e.target.value as Kind)}>{KINDS.map((k) => <option key={k.id} value={k.id}>{k.label}</option>)}</select>
        </label>
        <label>Bad rows
          <select value={mode} onChange={(e) => setMode(e.target.value as 'good_rows')}>
            <option value="good_rows">Import the good rows, list the bad</option>
            <option value="all_or_nothing">Import nothing unless every row passes</option>
          </select>
        </label>
        <label>CSV or XLSX file <input type="file" accept=".csv,.xlsx,text/csv" onChange={(e) => void pick(e.target.files?.[0])} /></label>
      </div>
      {error && <p className="inline-error" role="alert">{error}</p>}
      {preview && file && (
        <>
          <h3>Preview of {file.name} (first {preview.rows.length} rows)</h3>
          <table className="item-table" aria-label="Preview">
            <thead><tr>{preview.columns.map((c, i) => <th key={i}>{c}</th>)}</tr></thead>
            <tbody>{preview.rows.map((r, i) => <tr key={i}>{r.map((v, j) => <td key={j}>{v}</td>)}</tr>)}</tbody>
          </table>
          <button type="button" className="button" disabled={busy || importId !== null} onClick={() => void upload()}>Upload</button>
        </>
      )}
      {!preview && !error && <p className="muted">Choose a file to see its columns and first rows before anything is sent.</p>}
      {importId && progress && <JobProgress job={progress} />}
      {importId && !followed.result && <p className="muted" role="status">Uploaded; waiting for the import to start…</p>}
      {followed.error && <p className="inline-error" role="alert">{followed.error}</p>}
      {followed.result && <ImportResultView result={followed.result} onPage={followed.setOffset} />}
    </section>
  );
}
