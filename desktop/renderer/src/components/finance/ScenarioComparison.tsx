import { formatDayChange, formatDays } from '../../finance/finance-text';
import { formatMoney } from '../../format';
import type { LocalOutputs } from '../../rpc/local-types';

type Run = LocalOutputs['finance']['scenarios']['run'];
const RATIOS = ['dso', 'dpo', 'dio', 'ccc'] as const;

/** The baseline and each scenario side by side: projected ratios (with the change) and the cash each releases. */
export function ScenarioComparison({ run }: { run: Run }) {
  const currency = run.baseCurrency;
  return (
    <table className="item-table compact scenario-table" aria-label="Scenarios side by side">
      <caption>{run.periodDays} days to {run.endOn}; cash released is what leaves working capital against the baseline.</caption>
      <thead>
        <tr><th scope="col">Figure</th><th scope="col" className="numeric">Baseline</th>{run.results.map((r, i) => <th key={i} scope="col" className="numeric">{r.name}</th>)}</tr>
      </thead>
      <tbody>
        {RATIOS.map((key) => (
          <tr key={key}>
            <th scope="row">{key.toUpperCase()}</th>
            <td className="numeric">{formatDays(run.baseline[key].value)}</td>
            {run.results.map((r, i) => {
              const base = run.baseline[key].value, projected = r.projected[key].value;
              return <td key={i} className="numeric">{formatDays(projected)}{base !== null && projected !== null && <span className="muted"> ({formatDayChange(projected - base)})</span>}</td>;
            })}
          </tr>
        ))}
        {(['receivables', 'payables', 'inventory', 'total'] as const).map((part) => (
          <tr key={part} className={part === 'total' ? 'scenario-total' : undefined}>
            <th scope="row">Cash released{part === 'total' ? '' : `: ${part}`}</th>
            <td className="numeric">{formatMoney(0, currency)}</td>
            {run.results.map((r, i) => <td key={i} className="numeric">{formatMoney(r.cashReleasedMinor[part], currency)}</td>)}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
