import { barSpans } from '../../finance/finance-charts';
import { formatMoney } from '../../format';
import type { LocalOutputs } from '../../rpc/local-types';

type Bars = LocalOutputs['finance']['overview']['aging']['AR'];

const TRACK = 240;

/**
 * One ledger's aging as horizontal bars on one scale, each labelled with its amount (credit
 * notes and prepayments can make a bucket negative: that bar runs left of zero).
 */
export function AgingBars({ title, aging, currency, onOpen }: { title: string; aging: Bars; currency: string; onOpen?(): void }) {
  const { zeroX, bars } = barSpans(aging.bars.map((b) => b.amountMinor), TRACK);
  return (
    <section className="aging-bars" aria-label={title}>
      <h3>{title} <span className="muted">{formatMoney(aging.totalMinor, currency)}</span></h3>
      <ul className="bar-list">
        {aging.bars.map((b, i) => (
          <li key={b.bucket} data-bucket={b.bucket}>
            <span className="bar-label">{b.label}</span>
            <svg width={TRACK} height="16" className="bar-track" aria-hidden="true">
              <line x1={zeroX} x2={zeroX} y1="0" y2="16" className="chart-zero" />
              <rect x={bars[i]!.x} y="2" width={bars[i]!.width} height="12" className={b.amountMinor < 0 ? 'bar-fill bar-credit' : 'bar-fill'} />
            </svg>
            <span className="bar-value">{formatMoney(b.amountMinor, currency)}</span>
          </li>
        ))}
      </ul>
      {onOpen && <button type="button" className="button button-quiet" onClick={onOpen}>{title} by contact →</button>}
    </section>
  );
}
