import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { LocationChoice } from '../../../core/sync-engine/typed-rows.repo';
import { useLocalClient } from '../rpc/local-client-context';
import { GuardedButton } from './GuardedButton';

type Kind = 'receipt' | 'issue' | 'count_adjustment';
const KINDS: { value: Kind; label: string }[] = [
  { value: 'receipt', label: 'Receipt' },
  { value: 'issue', label: 'Issue' },
  { value: 'count_adjustment', label: 'Adjustment (±)' },
];

/**
 * Records a stock movement for one item, keyboard first: Tab through kind, location and quantity,
 * Enter submits and the quantity is cleared for the next scan. The on-hand updates at once.
 */
export function RecordMovementForm({ itemId, onRecorded }: { itemId: string; onRecorded(): void }) {
  const client = useLocalClient();
  const [locations, setLocations] = useState<LocationChoice[]>([]);
  const [kind, setKind] = useState<Kind>('receipt');
  const [locationId, setLocationId] = useState('');
  const [quantity, setQuantity] = useState('');
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const quantityRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    void client.commands.locations.query().then((found) => {
      setLocations(found);
      setLocationId((current) => current || (found[0]?.id ?? ''));
    }, () => setLocations([]));
  }, [client]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const location = locations.find((l) => l.id === locationId);
    const amount = Number(quantity);
    if (!location || quantity.trim() === '' || !Number.isFinite(amount) || amount === 0) {
      setMessage({ error: true, text: 'Enter a quantity other than zero and pick a location.' });
      return;
    }
    try {
      const { mutationId } = await client.commands.recordMovement.mutate({ siteId: location.siteId, locationId, itemId, kind, quantity: amount });
      setMessage({ error: false, text: `Recorded (#${mutationId}), pending sync.` });
      setQuantity('');
      onRecorded();
      quantityRef.current?.focus();
    } catch (cause) {
      setMessage({ error: true, text: cause instanceof Error ? cause.message : String(cause) });
    }
  };

  return (
    <form className="record-movement" aria-labelledby="record-movement-heading" onSubmit={(e) => void submit(e)}>
      <h3 id="record-movement-heading">Record movement</h3>
      <label>Kind
        <select value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
          {KINDS.map((k) => <option key={k.value} value={k.value}>{k.label}</option>)}
        </select>
      </label>
      <label>Location
        <select value={locationId} onChange={(e) => setLocationId(e.target.value)}>
          {locations.map((l) => <option key={l.id} value={l.id}>{l.siteCode} / {l.code} · {l.name}</option>)}
        </select>
      </label>
      <label>Quantity
        <input ref={quantityRef} type="number" step="any" inputMode="decimal" value={quantity} onChange={(e) => setQuantity(e.target.value)} />
      </label>
      <GuardedButton action="stock.move" siteId={locations.find((l) => l.id === locationId)?.siteId} type="submit" className="button">Record</GuardedButton>
      {message && <p className={message.error ? 'inline-error' : 'muted'} role={message.error ? 'alert' : 'status'}>{message.text}</p>}
    </form>
  );
}
