import { useId } from 'react';
import { TREND_SERIES, trendGeometry, monthEndLabel, type TrendPoint, type TrendSeries } from '../../finance/finance-charts';
import { formatDayNumber } from '../../finance/finance-text';

const LABELS: Record<TrendSeries, string> = { dso: 'DSO', dpo: 'DPO', dio: 'DIO', ccc: 'CCC' };

/** Marker shapes differ as well as colours (circle, square, triangle, diamond), so the lines read in grey. */
function Marker({ series, x, y }: { series: TrendSeries; x: number; y: number }) {
  const cls = `trend-marker trend-${series}`;
  if (series === 'dso') return <circle className={cls} cx={x} cy={y} r={3.5} />;
  if (series === 'dpo') return <rect className={cls} x={x - 3.5} y={y - 3.5} width={7} height={7} />;
  if (series === 'dio') return <path className={cls} d={`M${x},${y - 4.5} L${x + 4.5},${y + 3.5} L${x - 4.5},${y + 3.5} Z`} />;
  return <path className={cls} d={`M${x},${y - 5} L${x + 5},${y} L${x},${y + 5} L${x - 5},${y} Z`} />;
}

/** The ratios at each month end: four lines, a legend, and the numbers as a table. */
export function TrendChart({ trend, periodDays }: { trend: TrendPoint[]; periodDays: number }) {
  const id = `trend${useId().replace(/[^\w-]/g, '')}`;
  const g = trendGeometry(trend);
  const { frame } = g;
  const last = trend.at(-1);
  const summary = last
    ? `${trend.length} month ends to ${last.endOn}, each over the trailing ${periodDays} days. Latest: DSO ${formatDayNumber(last.dso)}, DPO ${formatDayNumber(last.dpo)}, DIO ${formatDayNumber(last.dio)}, CCC ${formatDayNumber(last.ccc)} days.`
    : 'No months to show.';
  return (
    <figure className="finance-chart">
      <svg viewBox={`0 0 ${frame.width} ${frame.height}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} className="finance-svg">
        <title id={`${id}-title`}>Monthly trend of DSO, DPO, DIO and CCC</title>
        <desc id={`${id}-desc`}>{summary}</desc>
        <g aria-hidden="true">
          {g.yTicks.map((t) => (
            <g key={t.value}>
              <line x1={frame.left} x2={frame.width - frame.right} y1={t.at} y2={t.at} className={t.value === 0 ? 'chart-zero' : 'chart-grid'} />
              <text x={frame.left - 8} y={t.at} className="chart-axis-label" textAnchor="end" dominantBaseline="middle">{t.label}</text>
            </g>
          ))}
          {g.xTicks.map((t) => <text key={t.value} x={t.at} y={frame.height - frame.bottom + 18} className="chart-axis-label" textAnchor="middle">{t.label}</text>)}
          <text x={12} y={frame.top + (frame.height - frame.bottom - frame.top) / 2} className="chart-axis-title" textAnchor="middle"
            transform={`rotate(-90 12 ${frame.top + (frame.height - frame.bottom - frame.top) / 2})`}>days</text>
          {TREND_SERIES.map((s) => (
            <g key={s}>
              <path d={g.paths[s]} className={`trend-line trend-${s}`} />
              {g.markers[s].map((m) => <Marker key={m.endOn} series={s} x={m.x} y={m.y} />)}
            </g>
          ))}
        </g>
      </svg>
      <figcaption>
        <ul className="chart-legend" aria-label="Trend legend">
          {TREND_SERIES.map((s) => (
            <li key={s}><svg width="28" height="12" aria-hidden="true"><line x1="0" y1="6" x2="28" y2="6" className={`trend-line trend-${s}`} /><Marker series={s} x={14} y={6} /></svg> {LABELS[s]}</li>
          ))}
        </ul>
      </figcaption>
      <details className="chart-table">
        <summary>The numbers behind the chart</summary>
        <table className="item-table compact">
          <caption className="visually-hidden">Ratios at each month end</caption>
          <thead><tr><th scope="col">Month end</th>{TREND_SERIES.map((s) => <th key={s} scope="col" className="numeric">{LABELS[s]}</th>)}</tr></thead>
          <tbody>
            {trend.map((p) => (
              <tr key={p.endOn}><td>{monthEndLabel(p.endOn)} ({p.endOn})</td>{TREND_SERIES.map((s) => <td key={s} className="numeric">{formatDayNumber(p[s])}</td>)}</tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
