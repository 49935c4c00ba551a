import { useEffect, useState, type FormEvent } from 'react';
import type { ItemSearchRow } from '../../../../core/catalog/items.service';
import type { LocationChoice } from '../../../../core/sync-engine/typed-rows.repo';
import { ItemPicker } from '../../components/counting/ItemPicker';
import { GuardedButton } from '../../components/GuardedButton';
import { navigate } from '../../hooks/use-hash-route';
import { errorMessage } from '../../rpc/local-types';
import { useLocalClient } from '../../rpc/local-client-context';

type Kind = 'full' | 'cycle';

/** A manager's new count session: where, what, blind or not, tolerances and who counts. */
export function NewSessionScreen() {
  const client = useLocalClient();
  const [locations, setLocations] = useState<LocationChoice[]>([]);
  const [name, setName] = useState('');
  const [locationIds, setLocationIds] = useState<Set<string>>(new Set());
  const [kind, setKind] = useState<Kind>('full');
  const [items, setItems] = useState<Pick<ItemSearchRow, 'id' | 'sku' | 'name'>[]>([]);
  const [blind, setBlind] = useState(false);
  const [tolerancePct, setTolerancePct] = useState('5');
  const [toleranceValue, setToleranceValue] = useState('50');
  const [counters, setCounters] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void client.commands.locations.query().then(setLocations, (cause: unknown) => setError(errorMessage(cause)));
  }, [client]);

  const toggleLocation = (id: string) => {
    const next = new Set(locationIds);
    if (!next.delete(id)) next.add(id);
    setLocationIds(next);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const chosen = locations.filter((l) => locationIds.has(l.id));
    const pct = Number(tolerancePct.replace(',', '.'));
    const value = Number(toleranceValue.replace(',', '.'));
    const problem = name.trim() === '' ? 'Give the session a name.'
      : chosen.length === 0 ? 'Choose at least one location.'
        : kind === 'cycle' && items.length === 0 ? 'A cycle count needs at least one item.'
          : !(pct >= 0 && pct <= 100) ? 'The quantity tolerance is a percentage from 0 to 100.'
            : !(value >= 0) ? 'The value tolerance cannot be negative.' : null;
    if (problem) return setError(problem);
    setBusy(true);
    setError(null);
    try {
      const { sessionId } = await client.counting.create.mutate({
        siteId: chosen[0]!.siteId,
        name: name.trim(),
        kind,
        blind,
        locationIds: chosen.map((l) => l.id),
        itemIds: kind === 'cycle' ? items.map((i) => i.id) : null,
        toleranceQtyPct: pct,
        toleranceValueMinor: Math.round(value * 100),
        counters: counters.split(',').map((c) => c.trim()).filter(Boolean),
      });
      navigate('counting', sessionId);
    } catch (cause) {
      setError(errorMessage(cause));
      setBusy(false);
    }
  };

  return (
    <section className="new-session" aria-labelledby="section-heading">
      <h1 id="section-heading">New count session</h1>
      <form className="session-form" aria-label="New count session" onSubmit={(e) => void submit(e)} noValidate>
        <label htmlFor="session-name">Name</label>
        <input id="session-name" className="big-input" value={name} maxLength={120} autoComplete="off" placeholder="e.g. Aisle 1–2 full count, March"
          onChange={(e) => setName(e.target.value)} />

        <fieldset>
          <legend>Locations ({locationIds.size} of {locations.length})</legend>
          <button type="button" className="button button-quiet" onClick={() => setLocationIds(locationIds.size === locations.length ? new Set() : new Set(locations.map((l) => l.id)))}>
            {locationIds.size === locations.length ? 'Clear all' : 'Select all'}
          </button>
          <div className="check-grid">
            {locations.map((l) => (
              <label key={l.id} className="check-row">
                <input type="checkbox" className="big-check" checked={locationIds.has(l.id)} onChange={() => toggleLocation(l.id)} />
                <span className="mono">{l.code}</span> {l.name} <span className="muted">({l.siteCode})</span>
              </label>
            ))}
          </div>
          {locations.length === 0 && <p className="muted">No locations on this station yet; they arrive with the first sync.</p>}
        </fieldset>

        <fieldset>
          <legend>What to count</legend>
          <label className="check-row">
            <input type="radio" name="kind" className="big-check" checked={kind === 'full'} onChange={() => setKind('full')} />
            Full count: everything in these locations
          </label>
          <label className="check-row">
            <input type="radio" name="kind" className="big-check" checked={kind === 'cycle'} onChange={() => setKind('cycle')} />
            Cycle count: only chosen items
          </label>
        </fieldset>
        {kind === 'cycle' && <ItemPicker chosen={items} onChange={setItems} />}

        <label className="check-row">
          <input type="checkbox" className="big-check" checked={blind} onChange={(e) => setBlind(e.target.checked)} />
          Blind count: counters do not see the expected quantities
        </label>

        <div className="form-row">
          <label>Tolerance, quantity (%)
            <input type="number" inputMode="decimal" min={0} max={100} step="any" value={tolerancePct} onChange={(e) => setTolerancePct(e.target.value)} />
          </label>
          <label>Tolerance, value (in the site’s currency)
            <input type="number" inputMode="decimal" min={0} step="0.01" value={toleranceValue} onChange={(e) => setToleranceValue(e.target.value)} />
          </label>
        </div>
        <p className="muted">A line over either tolerance needs a recount by someone else before approval.</p>

        <label htmlFor="session-counters">Counters (names, separated by commas; empty: anyone)</label>
        <input id="session-counters" value={counters} maxLength={2000} autoComplete="off" onChange={(e) => setCounters(e.target.value)} />

        <div className="toolbar">
          <GuardedButton action="count.manage" type="submit" className="button button-big" disabled={busy}>{busy ? 'Creating…' : 'Create session'}</GuardedButton>
          <button type="button" className="button button-quiet button-big" onClick={() => navigate('counting')}>Back to sessions</button>
        </div>
        {error && <p className="inline-error" role="alert">{error}</p>}
      </form>
    </section>
  );
}
