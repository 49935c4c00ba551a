import { PERIODS, type FinanceFilters } from '../../finance/finance-filters';
import { formatDay } from '../../finance/finance-text';

interface Props {
  filters: FinanceFilters;
  onChange(next: FinanceFilters): void;
  currencies: readonly string[];
  /** The legal entities whose books the data holds: a choice only when there are two or more. */
  entities: readonly { id: string; name: string }[];
  /** The day figures are as of when none is chosen. */
  defaultEndOn: string;
}

/** Period (30, 90, 365 days), as-of day, entity, currency and costing: every view below follows them. */
export function FinanceFilterBar({ filters, onChange, currencies, entities, defaultEndOn }: Props) {
  const set = (patch: Partial<FinanceFilters>) => onChange({ ...filters, ...patch });
  return (
    <div className="toolbar finance-filters" role="group" aria-label="Filters">
      <div className="segmented" role="radiogroup" aria-label="Period">
        {PERIODS.map((p) => (
          <button key={p} type="button" role="radio" aria-checked={filters.periodDays === p} className="segment"
            onClick={() => set({ periodDays: p })}>{p} days</button>
        ))}
      </div>
      <label>As of
        <input type="date" value={filters.endOn ?? defaultEndOn} onChange={(e) => set({ endOn: e.target.value === '' || e.target.value === defaultEndOn ? null : e.target.value })} />
      </label>
      {filters.endOn && <button type="button" className="link-button" onClick={() => set({ endOn: null })}>Back to the data’s day ({formatDay(defaultEndOn)})</button>}
      {entities.length > 1 && (
        <label>Entity
          <select value={filters.entity ?? ''} onChange={(e) => set({ entity: e.target.value === '' ? null : e.target.value })}>
            <option value="">All entities</option>
            {entities.map((en) => <option key={en.id} value={en.id}>{en.name}</option>)}
          </select>
        </label>
      )}
      <label>Currency
        <select value={filters.currency ?? ''} onChange={(e) => set({ currency: e.target.value === '' ? null : e.target.value })}>
          <option value="">All currencies</option>
          {currencies.map((c) => <option key={c} value={c}>{c} documents</option>)}
        </select>
      </label>
      <label>Stock valued at
        <select value={filters.costing} onChange={(e) => set({ costing: e.target.value === 'fifo' ? 'fifo' : 'mac' })}>
          <option value="mac">Moving average cost</option>
          <option value="fifo">FIFO</option>
        </select>
      </label>
    </div>
  );
}
