import { useState } from 'react';
import { documentFilter, filtersKey, periodInput, type FinanceFilters } from '../../finance/finance-filters';
import { EMPTY_FORM, formToScenario, scenarioToForm, type ScenarioForm } from '../../finance/scenario-form';
import { useDebouncedValue } from '../../hooks/use-debounced-value';
import { useLocalQuery } from '../../hooks/use-local-query';
import { useLocalClient } from '../../rpc/local-client-context';
import { errorMessage } from '../../rpc/local-types';
import { ExportBar } from './ExportBar';
import { ScenarioComparison } from './ScenarioComparison';
import { ScenarioEditor } from './ScenarioEditor';

/**
 * Scenarios: edit one, see it beside the baseline and any saved ones, save it (on the server when
 * online, on this station otherwise, said plainly). Everything is computed on this station.
 */
export function ScenariosView({ filters, revision }: { filters: FinanceFilters; revision: string | null }) {
  const client = useLocalClient();
  const [form, setForm] = useState<ScenarioForm>(EMPTY_FORM);
  const [editingId, setEditingId] = useState<string | null>(null);
  const [compare, setCompare] = useState<string[]>([]);
  const [reload, setReload] = useState(0);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const list = useLocalQuery(() => client.finance.scenarios.list.query(), `${reload}`);
  const choices = useLocalQuery(() => client.finance.scenarios.choices.query(documentFilter(filters)), `${filters.currency ?? ''}|${filters.entity ?? ''}|${revision ?? ''}`);
  const names = new Map([...(choices.data?.customers ?? []), ...(choices.data?.suppliers ?? [])].map((c) => [c.id, c.name]));
  const settled = useDebouncedValue(form, 300);
  const edited = formToScenario(settled, names);
  const saved = (list.data?.scenarios ?? []).filter((s) => compare.includes(s.id));
  const scenarios = [...saved.map((s) => s.scenario), ...(edited.ok ? [edited.scenario] : [])];
  const run = useLocalQuery(
    () => (scenarios.length === 0 ? Promise.resolve(null) : client.finance.scenarios.run.query({ ...periodInput(filters), scenarios })),
    JSON.stringify([scenarios, filtersKey(filters), revision]),
  );
  const current = formToScenario(form, names);

  const save = async () => {
    if (!current.ok) return;
    try {
      const answer = await client.finance.scenarios.save.mutate({ ...(editingId ? { id: editingId } : {}), scenario: current.scenario });
      setEditingId(answer.scenario.id);
      setMessage({ text: answer.savedTo === 'server' ? `Saved “${answer.scenario.name}” for the finance team.` : answer.notice ?? 'Kept on this station.', error: false });
      setReload((n) => n + 1);
    } catch (cause) {
      setMessage({ text: errorMessage(cause), error: true });
    }
  };
  const remove = async (id: string) => {
    try {
      await client.finance.scenarios.delete.mutate({ id });
      setCompare((c) => c.filter((x) => x !== id));
      if (editingId === id) setEditingId(null);
      setReload((n) => n + 1);
    } catch (cause) {
      setMessage({ text: errorMessage(cause), error: true });
    }
  };

  return (
    <section aria-labelledby="finance-view-heading" className="scenarios">
      <h2 id="finance-view-heading">Scenarios</h2>
      <div className="scenarios-layout">
        <div>
          <h3>{editingId ? 'Change the scenario' : 'A new scenario'}</h3>
          <ScenarioEditor form={form} onChange={setForm} choices={choices.data} />
          {!current.ok && form !== EMPTY_FORM && <ul className="inline-error" role="alert">{current.errors.map((e) => <li key={e}>{e}</li>)}</ul>}
          <div className="toolbar">
            <button type="button" className="button" disabled={!current.ok} onClick={() => void save()}>Save scenario</button>
            <button type="button" className="button button-quiet" onClick={() => { setForm(EMPTY_FORM); setEditingId(null); setMessage(null); }}>New</button>
          </div>
          {message && <p className={message.error ? 'inline-error' : 'banner banner-pending'} role={message.error ? 'alert' : 'status'}>{message.text}</p>}
        </div>
        <div>
          <h3>Saved scenarios</h3>
          {list.data?.notice && <p className="muted" role="status">{list.data.notice}</p>}
          {list.error && <p className="inline-error" role="alert">{list.error}</p>}
          {list.data && list.data.scenarios.length === 0 && <p className="muted">None saved yet.</p>}
          <ul className="scenario-list">
            {list.data?.scenarios.map((s) => (
              <li key={s.id}>
                <label className="check-row">
                  <input type="checkbox" checked={compare.includes(s.id)} onChange={(e) => setCompare((c) => (e.target.checked ? [...c, s.id] : c.filter((x) => x !== s.id)))} />
                  {s.name}
                </label>
                {s.origin === 'local' && <span className="status-badge status-submitted" title={s.note ?? undefined}>On this station only</span>}
                <button type="button" className="link-button" onClick={() => { setForm(scenarioToForm(s.scenario)); setEditingId(s.id); setMessage(null); }}>Edit</button>
                <button type="button" className="link-button" onClick={() => void remove(s.id)}>Delete</button>
                {s.note && <p className="muted scenario-note">{s.note}</p>}
              </li>
            ))}
          </ul>
        </div>
      </div>
      {run.error && <p className="inline-error" role="alert">The scenarios could not be run: {run.error}</p>}
      {run.data ? <ScenarioComparison run={run.data} /> : <p className="muted">Name a scenario or tick saved ones to compare them with the baseline.</p>}
      {scenarios.length > 0 && <ExportBar title="Scenarios side by side" input={{ view: 'scenarios', ...periodInput(filters), scenarios }} />}
    </section>
  );
}
