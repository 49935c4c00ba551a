import type { ContactOverride, ScenarioForm } from '../../finance/scenario-form';
import type { LocalOutputs } from '../../rpc/local-types';

type Choices = LocalOutputs['finance']['scenarios']['choices'];

function Overrides({ label, list, choices, onChange }: { label: string; list: ContactOverride[]; choices: Choices['customers']; onChange(next: ContactOverride[]): void }) {
  const unused = choices.filter((c) => !list.some((o) => o.id === c.id));
  const name = (id: string) => choices.find((c) => c.id === id)?.name ?? id;
  const set = (i: number, patch: Partial<ContactOverride>) => onChange(list.map((o, k) => (k === i ? { ...o, ...patch } : o)));
  return (
    <fieldset>
      <legend>{label}: one at a time</legend>
      {list.map((o, i) => (
        <div key={o.id} className="form-row">
          <span className="override-name">{name(o.id)} ({choices.find((c) => c.id === o.id)?.paymentTermsDays ?? '?'} days’ terms now)</span>
          <label>Later (+) / sooner (−), days<input value={o.shift} onChange={(e) => set(i, { shift: e.target.value })} /></label>
          <label>New terms, days<input value={o.terms} onChange={(e) => set(i, { terms: e.target.value })} /></label>
          <button type="button" className="link-button" onClick={() => onChange(list.filter((_, k) => k !== i))}>Remove</button>
        </div>
      ))}
      {unused.length > 0 && (
        <label>Add
          <select value="" onChange={(e) => e.target.value && onChange([...list, { id: e.target.value, shift: '', terms: '' }])}>
            <option value="">Choose…</option>
            {unused.slice(0, 500).map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
          </select>
        </label>
      )}
    </fieldset>
  );
}

/** A scenario's changes: customers' and suppliers' terms or speed (all, or one by one), stock by category. */
export function ScenarioEditor({ form, onChange, choices }: { form: ScenarioForm; onChange(next: ScenarioForm): void; choices: Choices | null }) {
  const set = (patch: Partial<ScenarioForm>) => onChange({ ...form, ...patch });
  return (
    <div className="scenario-editor">
      <label className="scenario-name">Name<input value={form.name} onChange={(e) => set({ name: e.target.value })} maxLength={120} /></label>
      <fieldset>
        <legend>All customers</legend>
        <div className="form-row">
          <label>Pay later (+) / sooner (−), days<input value={form.customerShift} onChange={(e) => set({ customerShift: e.target.value })} /></label>
          <label>New terms, days<input value={form.customerTerms} onChange={(e) => set({ customerTerms: e.target.value })} /></label>
        </div>
      </fieldset>
      {choices && <Overrides label="Customers" list={form.customers} choices={choices.customers} onChange={(customers) => set({ customers })} />}
      <fieldset>
        <legend>All suppliers</legend>
        <div className="form-row">
          <label>Paid later (+) / sooner (−), days<input value={form.supplierShift} onChange={(e) => set({ supplierShift: e.target.value })} /></label>
          <label>New terms, days<input value={form.supplierTerms} onChange={(e) => set({ supplierTerms: e.target.value })} /></label>
        </div>
      </fieldset>
      {choices && <Overrides label="Suppliers" list={form.suppliers} choices={choices.suppliers} onChange={(suppliers) => set({ suppliers })} />}
      <fieldset>
        <legend>Stock</legend>
        <div className="form-row">
          <label>All stock, change %<input value={form.inventoryPct} onChange={(e) => set({ inventoryPct: e.target.value })} /></label>
        </div>
        {choices?.categories.map((category) => {
          const c = form.categories[category] ?? { mode: 'pct' as const, value: '' };
          const put = (next: typeof c) => set({ categories: { ...form.categories, [category]: next } });
          return (
            <div key={category} className="form-row">
              <span className="override-name">{category}</span>
              <label>Target
                <select value={c.mode} onChange={(e) => put({ ...c, mode: e.target.value === 'dio' ? 'dio' : 'pct' })}>
                  <option value="pct">Change %</option>
                  <option value="dio">DIO, days</option>
                </select>
              </label>
              <label>{c.mode === 'pct' ? 'Change %' : 'Target DIO'}<input value={c.value} onChange={(e) => put({ ...c, value: e.target.value })} /></label>
            </div>
          );
        })}
      </fieldset>
    </div>
  );
}
