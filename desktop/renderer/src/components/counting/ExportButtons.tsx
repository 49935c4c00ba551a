import { useState } from 'react';
import { base64Bytes, downloadFile } from '../../download';
import { errorMessage, type LocalInputs } from '../../rpc/local-types';
import { useLocalClient } from '../../rpc/local-client-context';

type ExportInput = LocalInputs['counting']['export'];

const REPORTS: { report: ExportInput['report']; label: string }[] = [
  { report: 'sheet', label: 'Count sheet' },
  { report: 'variance', label: 'Variance report' },
];
const FORMATS: { format: ExportInput['format']; label: string }[] = [
  { format: 'csv', label: 'CSV' },
  { format: 'xlsx', label: 'XLSX' },
  { format: 'pdf', label: 'PDF' },
];

/** The count sheet and the variance report, each as CSV, XLSX or PDF, made by the core and downloaded. */
export function ExportButtons({ sessionId }: { sessionId: string }) {
  const client = useLocalClient();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async (report: ExportInput['report'], format: ExportInput['format']) => {
    setBusy(`${report}-${format}`);
    setError(null);
    try {
      const file = await client.counting.export.query({ sessionId, report, format });
      downloadFile(file.fileName, file.mimeType, base64Bytes(file.base64));
    } catch (cause) {
      setError(errorMessage(cause));
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="export-buttons" aria-labelledby="exports-heading">
      <h2 id="exports-heading">Reports</h2>
      {REPORTS.map(({ report, label }) => (
        <div key={report} className="toolbar" role="group" aria-label={label}>
          <span className="export-label">{label}</span>
          {FORMATS.map(({ format, label: formatLabel }) => (
            <button key={format} type="button" className="button button-quiet" disabled={busy !== null}
              aria-label={`${label} as ${formatLabel}`} onClick={() => void run(report, format)}>
              {busy === `${report}-${format}` ? 'Preparing…' : formatLabel}
            </button>
          ))}
        </div>
      ))}
      {error && <p className="inline-error" role="alert">Export failed: {error}</p>}
    </section>
  );
}
