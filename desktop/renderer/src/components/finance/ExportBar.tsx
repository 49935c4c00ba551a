import { useState } from 'react';
import { base64Bytes, downloadFile } from '../../download';
import { errorMessage, type LocalInputs } from '../../rpc/local-types';
import { useLocalClient } from '../../rpc/local-client-context';

export type FinanceExportInput = LocalInputs['finance']['export'];
type Format = FinanceExportInput['format'];

const FORMATS: { format: Format; label: string }[] = [
  { format: 'xlsx', label: 'XLSX' },
  { format: 'csv', label: 'CSV' },
  { format: 'pdf', label: 'PDF' },
];

/** The view on screen as XLSX (with formulas), CSV or PDF, written by the core and downloaded. */
export function ExportBar({ title, input }: { title: string; input: Omit<FinanceExportInput, 'format'> }) {
  const client = useLocalClient();
  const [busy, setBusy] = useState<Format | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async (format: Format) => {
    setBusy(format);
    setError(null);
    try {
      const file = await client.finance.export.query({ ...input, format });
      downloadFile(file.fileName, file.mimeType, base64Bytes(file.base64));
    } catch (cause) {
      setError(errorMessage(cause));
    } finally {
      setBusy(null);
    }
  };
  return (
    <div className="toolbar finance-export" role="group" aria-label={`Export ${title}`}>
      <span className="export-label">Export</span>
      {FORMATS.map(({ format, label }) => (
        <button key={format} type="button" className="button button-quiet" disabled={busy !== null} aria-label={`${title} as ${label}`} onClick={() => void run(format)}>
          {busy === format ? 'Preparing…' : label}
        </button>
      ))}
      {error && <p className="inline-error" role="alert">Export failed: {error}</p>}
    </div>
  );
}
