import { cycleWorking, formatDays, ratioWorking } from '../../finance/finance-text';
import type { LocalOutputs } from '../../rpc/local-types';

type Summary = LocalOutputs['finance']['overview']['periods'][number];
type RatioKey = 'dso' | 'dpo' | 'dio';

const DRILLS: Record<RatioKey, { by: 'customer' | 'supplier' | 'category'; label: string }> = {
  dso: { by: 'customer', label: 'DSO by customer' },
  dpo: { by: 'supplier', label: 'DPO by supplier' },
  dio: { by: 'category', label: 'DIO by category' },
};

/**
 * DSO, DPO, DIO and the cash conversion cycle for the chosen period: each value beside its
 * formula and the figures it is made of, so a finance person can check it by hand. A tile's
 * button drills into who makes up its days.
 */
export function KpiTiles({ summary, currency, onDrill }: { summary: Summary; currency: string; onDrill(by: 'customer' | 'supplier' | 'category'): void }) {
  const { ratios } = summary;
  return (
    <div className="kpi-tiles">
      {(['dso', 'dpo', 'dio'] as const).map((key) => {
        const ratio = ratios[key];
        return (
          <section key={key} className="kpi-tile" aria-labelledby={`kpi-${key}`} data-testid={`kpi-${key}`}>
            <h2 id={`kpi-${key}`} className="kpi-name">{key.toUpperCase()}</h2>
            <p className="kpi-value" data-testid={`kpi-${key}-value`}>{formatDays(ratio.value)}</p>
            <p className="kpi-formula">{ratio.formula}</p>
            <p className="kpi-working" data-testid={`kpi-${key}-working`}>{ratioWorking(ratio, currency)}</p>
            {ratio.reason && <p className="kpi-reason">{ratio.reason}</p>}
            <button type="button" className="button button-quiet" onClick={() => onDrill(DRILLS[key].by)}>{DRILLS[key].label} →</button>
          </section>
        );
      })}
      <section className="kpi-tile" aria-labelledby="kpi-ccc" data-testid="kpi-ccc">
        <h2 id="kpi-ccc" className="kpi-name">CCC</h2>
        <p className="kpi-value" data-testid="kpi-ccc-value">{formatDays(ratios.ccc.value)}</p>
        <p className="kpi-formula">{ratios.ccc.formula}</p>
        <p className="kpi-working">{cycleWorking(ratios.dio.value, ratios.dso.value, ratios.dpo.value)}</p>
        {ratios.ccc.reason && <p className="kpi-reason">{ratios.ccc.reason}</p>}
      </section>
    </div>
  );
}

/** The four ratios over 30, 90 and 365 days side by side (the chosen period first). */
export function PeriodTable({ periods }: { periods: Summary[] }) {
  const ordered = [...periods].sort((a, b) => a.periodDays - b.periodDays);
  return (
    <table className="item-table compact period-table">
      <caption>The ratios over each trailing period</caption>
      <thead>
        <tr><th scope="col">Ratio</th>{ordered.map((p) => <th key={p.periodDays} scope="col" className="numeric">{p.periodDays} days</th>)}</tr>
      </thead>
      <tbody>
        {(['dso', 'dpo', 'dio', 'ccc'] as const).map((key) => (
          <tr key={key}>
            <th scope="row">{key.toUpperCase()}</th>
            {ordered.map((p) => <td key={p.periodDays} className="numeric">{formatDays(p.ratios[key].value)}</td>)}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
