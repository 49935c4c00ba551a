import { useCallback, useEffect, useState } from 'react';
import { badRowsCsv, type BadRowView } from '../../admin/bad-rows-csv';
import { downloadFile } from '../../download';
import { useLocalClient } from '../../rpc/local-client-context';
import { errorMessage, type LocalOutputs } from '../../rpc/local-types';

type ImportResult = LocalOutputs['admin']['importResult'];
const PAGE = 50;

/** An import's outcome: counts, and every bad row with its reason, a page at a time, exportable as CSV. */
export function ImportResultView({ result, onPage }: { result: ImportResult; onPage(offset: number): void }) {
  const client = useLocalClient();
  const [error, setError] = useState<string | null>(null);
  const { errors } = result;
  const exportAll = async () => {
    try {
      const rows: BadRowView[] = [];
      for (let offset = 0; offset < errors.total; offset += 500) {
        rows.push(...(await client.admin.importResult.query({ importId: result.importId, offset, limit: 500 })).errors.rows);
      }
      downloadFile(`${result.fileName}.bad-rows.csv`, 'text/csv', badRowsCsv(rows));
    } catch (cause) {
      setError(errorMessage(cause));
    }
  };
  return (
    <section aria-labelledby="import-result">
      <h2 id="import-result">Result: {result.status === 'done' ? 'finished' : result.status}</h2>
      <p role="status">
        {result.totalRows} rows read · {result.goodRows} good · {result.badRows} bad · {result.imported} imported
        {result.mode === 'all_or_nothing' && result.badRows > 0 ? ' (nothing imported: every row must pass)' : ''}
      </p>
      {error && <p className="inline-error" role="alert">{error}</p>}
      {errors.total > 0 && (
        <>
          <table className="item-table" aria-label="Bad rows">
            <thead><tr><th className="numeric">Row</th><th>Column</th><th>Reason</th></tr></thead>
            <tbody>{errors.rows.map((r) => <tr key={`${r.row}:${r.column ?? ''}:${r.reason}`}><td className="numeric">{r.row}</td><td>{r.column ?? '—'}</td><td>{r.reason}</td></tr>)}</tbody>
          </table>
          <div className="toolbar">
            <button type="button" className="button button-quiet" disabled={errors.offset === 0} onClick={() => onPage(Math.max(0, errors.offset - PAGE))}>Previous</button>
            <span className="muted">Rows {errors.offset + 1}–{errors.offset + errors.rows.length} of {errors.total}</span>
            <button type="button" className="button button-quiet" disabled={errors.offset + errors.rows.length >= errors.total} onClick={() => onPage(errors.offset + PAGE)}>Next</button>
            <button type="button" className="button" onClick={() => void exportAll()}>Export bad rows (CSV)</button>
          </div>
        </>
      )}
    </section>
  );
}

/** Follows an import until it finishes: re-read when its job reports progress, and every few seconds. */
export function useImportResult(importId: string | null, progressSeq: number) {
  const client = useLocalClient();
  const [result, setResult] = useState<ImportResult | null>(null);
  const [offset, setOffset] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    if (!importId) return;
    try {
      setResult(await client.admin.importResult.query({ importId, offset, limit: PAGE }));
      setError(null);
    } catch (cause) {
      setError(errorMessage(cause));
    }
  }, [client, importId, offset]);
  const finished = result?.status === 'done' || result?.status === 'failed';
  useEffect(() => {
    void load();
    if (finished) return;
    const timer = setInterval(() => void load(), 2_000);
    return () => clearInterval(timer);
  }, [load, finished, progressSeq]);
  return { result, error, setOffset };
}
