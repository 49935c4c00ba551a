import { useId } from 'react';
import { cashGeometry } from '../../finance/finance-charts';
import { formatDay } from '../../finance/finance-text';
import { formatMoney } from '../../format';
import type { LocalOutputs } from '../../rpc/local-types';
import { HatchPattern } from '../HatchPattern';

type Week = LocalOutputs['finance']['cashForecast']['weeks'][number];

const compact = new Map<string, Intl.NumberFormat>();

function axisMoney(currency: string): (minor: number) => string {
  let format = compact.get(currency);
  if (!format) compact.set(currency, (format = new Intl.NumberFormat(undefined, { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 })));
  const digits = new Intl.NumberFormat(undefined, { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return (minor) => format.format(minor / 10 ** digits);
}

/** Closing cash week by week with its band: customers paying as early or as late as they have. */
export function CashBandChart({ weeks, currency }: { weeks: Week[]; currency: string }) {
  const id = `cash${useId().replace(/[^\w-]/g, '')}`;
  const g = cashGeometry(weeks, axisMoney(currency));
  const { frame } = g;
  const last = weeks.at(-1);
  const summary = last
    ? `${weeks.length} weeks from ${formatDay(weeks[0]!.weekStart)}: closing cash ${formatMoney(last.closingMinor, currency)} in the last week, between ${formatMoney(last.closingLowMinor, currency)} and ${formatMoney(last.closingHighMinor, currency)}.`
    : 'No weeks to show.';
  return (
    <figure className="finance-chart">
      <svg viewBox={`0 0 ${frame.width} ${frame.height}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} className="finance-svg">
        <title id={`${id}-title`}>Cash forecast with its band</title>
        <desc id={`${id}-desc`}>{summary}</desc>
        <HatchPattern id={`${id}-hatch`} />
        <g aria-hidden="true">
          {g.yTicks.map((t) => (
            <g key={t.value}>
              <line x1={frame.left} x2={frame.width - frame.right} y1={t.at} y2={t.at} className={t.value === 0 ? 'chart-zero' : 'chart-grid'} />
              <text x={frame.left - 8} y={t.at} className="chart-axis-label" textAnchor="end" dominantBaseline="middle">{t.label}</text>
            </g>
          ))}
          {g.xTicks.map((t) => <text key={t.value} x={t.at} y={frame.height - frame.bottom + 18} className="chart-axis-label" textAnchor="middle">{t.label}</text>)}
          {g.bandPath && <path d={g.bandPath} className="chart-band cash-band" fill={`url(#${id}-hatch)`} />}
          <path d={g.closingPath} className="cash-line" />
          {g.points.map((p) => <circle key={p.weekStart} cx={p.x} cy={p.y} r={3} className="cash-point" />)}
        </g>
      </svg>
      <figcaption>
        <ul className="chart-legend" aria-label="Cash legend">
          <li><svg width="28" height="12" aria-hidden="true"><line x1="0" y1="6" x2="28" y2="6" className="cash-line" /></svg> Expected closing cash</li>
          <li><svg width="28" height="12" aria-hidden="true"><rect x="0" y="0" width="28" height="12" className="chart-band cash-band" fill={`url(#${id}-hatch)`} /></svg> Band: customers paying as late (low) or as early (high) as they have</li>
        </ul>
      </figcaption>
    </figure>
  );
}
