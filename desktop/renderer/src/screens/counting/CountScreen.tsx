import { useCallback, useEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { countQuantitySchema } from '@capliquify/shared/commands/counting.commands';
import { CountHeader } from '../../components/counting/CountHeader';
import { RejectedScans } from '../../components/counting/RejectedScans';
import { ScanField } from '../../components/counting/ScanField';
import { LocationRows, RecentScans, ScanFeedback, type Feedback, type FeedbackKind, type RecentScan } from '../../components/counting/ScanPanels';
import { playTone } from '../../counting/feedback-sound';
import { readQuantity, type ScanInputLine } from '../../counting/scan-input';
import { formatQuantity } from '../../format';
import { useCountSession } from '../../hooks/use-count-session';
import { useDenial } from '../../hooks/use-denial';
import { useSyncEngineState } from '../../hooks/use-sync-engine';
import { errorMessage, type SessionView } from '../../rpc/local-types';
import { useLocalClient } from '../../rpc/local-client-context';

interface Place { id: string; code: string; name: string }

interface CountScreenProps {
  sessionId: string;
  revision: string | null;
}

const RECENT = 12;

/** Why a typed quantity cannot be counted, or null (the command's own rule: 0 to 1,000,000). */
function quantityProblem(quantity: number): string | null {
  const parsed = countQuantitySchema.safeParse(quantity);
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? 'not a quantity');
}

/**
 * Counting with a scanner (keyboard wedge) and gloves: scan a location, then items; each scan
 * counts one, or the quantity typed before it. Every answer flashes and beeps. Scans are handled
 * one at a time in arrival order, however fast they come, and focus keeps returning to the scan
 * field so the keyboard alone is enough.
 */
export function CountScreen({ sessionId, revision }: CountScreenProps) {
  const client = useLocalClient();
  const engine = useSyncEngineState();
  const { view, error, reload } = useCountSession(sessionId, revision);
  // A viewer may look but not count: the scan field gives way to the reason.
  const denial = useDenial('count.scan', view?.session.siteId);
  const viewRef = useRef(view);
  viewRef.current = view;
  const fieldRef = useRef<HTMLInputElement>(null);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const reloadTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const seq = useRef(0);
  const [place, setPlaceState] = useState<Place | null>(null);
  const placeRef = useRef<Place | null>(null);
  const [quantity, setQuantityState] = useState<number | null>(null);
  const quantityRef = useRef<number | null>(null);
  const [feedback, setFeedback] = useState<Feedback | null>(null);
  const [recent, setRecent] = useState<RecentScan[]>([]);
  const [tally, setTally] = useState({ recorded: 0, undone: 0, refused: 0 });

  const setPlace = (next: Place | null) => {
    placeRef.current = next;
    setPlaceState(next);
  };
  const setQuantity = (next: number | null) => {
    quantityRef.current = next;
    setQuantityState(next);
  };
  const focusField = useCallback(() => fieldRef.current?.focus({ preventScroll: true }), []);

  // Resume where this station left off.
  const resumeFrom = view?.myLastLine?.locationId;
  useEffect(() => {
    if (placeRef.current || !resumeFrom) return;
    const found = viewRef.current?.locations.find((l) => l.id === resumeFrom);
    if (found) setPlace(found);
  }, [resumeFrom]);

  useEffect(() => () => clearTimeout(reloadTimer.current), []);

  // Scans made while the session loads wait for it (a few milliseconds) rather than being dropped.
  const viewWaiters = useRef<(() => void)[]>([]);
  useEffect(() => {
    if (view) for (const wake of viewWaiters.current.splice(0)) wake();
  }, [view]);
  const loadedView = () => viewRef.current ?? new Promise<SessionView | null>((resolve) => {
    const timer = setTimeout(() => resolve(viewRef.current), 10_000);
    viewWaiters.current.push(() => {
      clearTimeout(timer);
      resolve(viewRef.current);
    });
  });

  const answer = (kind: FeedbackKind, title: string, detail?: string, extra: Partial<RecentScan> = {}) => {
    seq.current += 1;
    setFeedback({ seq: seq.current, kind, title, detail });
    setRecent((list) => [{ seq: seq.current, at: new Date().toISOString(), kind, text: title, detail, ...extra }, ...list].slice(0, RECENT));
    if (kind !== 'info') playTone(kind);
  };
  const refuse = (title: string, detail?: string) => {
    answer('error', title, detail);
    setTally((t) => ({ ...t, refused: t.refused + 1 }));
  };
  const refreshSoon = () => {
    clearTimeout(reloadTimer.current);
    reloadTimer.current = setTimeout(() => {
      reload();
      void engine?.refresh();
    }, 300);
  };

  /** Runs one step after the ones before it: scans answer in the order they were made. */
  const enqueue = (step: () => Promise<void> | void) => {
    queue.current = queue.current.then(step).catch((cause: unknown) => refuse('Something went wrong', errorMessage(cause)));
  };

  const choosePlace = (next: Place) => {
    setPlace(next);
    answer('ok', `Location ${next.code}`, `${next.name}: now scan the items here.`);
  };

  async function countCode(raw: string, typedQuantity: number | null): Promise<void> {
    if (raw === '') return;
    const current = await loadedView();
    if (!current) return refuse(`Not counted: ${raw}`, 'The session could not be read; scan again in a moment.');
    const asPlace = current.locations.find((l) => l.code.toLocaleLowerCase() === raw.toLocaleLowerCase());
    if (asPlace) return choosePlace(asPlace);
    const at = placeRef.current;
    if (!at) {
      const resolved = await client.counting.resolveLocation.query({ sessionId, raw });
      if (resolved.location) return choosePlace(resolved.location);
      return refuse(`Scan a location first`, resolved.error ?? `${raw} is not a location of this session.`);
    }
    try {
      const result = await client.counting.scan.mutate({ sessionId, locationId: at.id, raw, ...(typedQuantity === null ? {} : { quantity: typedQuantity }) });
      setQuantity(null);
      setTally((t) => ({ ...t, recorded: t.recorded + 1 }));
      const gs1 = result.gs1 ? [result.gs1.lot && `lot ${result.gs1.lot}`, result.gs1.expiry && `expires ${result.gs1.expiry}`].filter(Boolean).join(', ') : '';
      const amount = formatQuantity(result.line.quantity);
      if (result.flag === 'unknown_barcode' || result.item === null) {
        answer('unknown', `Unknown barcode ${result.line.barcode} ×${amount}`, `Kept and flagged for review at ${at.code}.`, { lineId: result.line.id });
      } else {
        answer('ok', `${result.item.sku} +${amount}`, [result.item.name, gs1].filter(Boolean).join(' · '), { lineId: result.line.id });
      }
      refreshSoon();
    } catch (cause) {
      refuse(`Not counted: ${raw}`, errorMessage(cause));
    }
  }

  const handleLine = (line: ScanInputLine) => enqueue(async () => {
    if (line.kind === 'typed') {
      const typedQuantity = readQuantity(line.text);
      if (typedQuantity === null) return countCode(line.text.trim(), quantityRef.current);
      const problem = quantityProblem(typedQuantity);
      if (problem) return refuse(`${formatQuantity(typedQuantity)} cannot be counted`, `${problem[0]!.toUpperCase()}${problem.slice(1)}.`);
      setQuantity(typedQuantity);
      return answer('info', `Next scan counts ${formatQuantity(typedQuantity)}`, 'Scan the item now (Esc clears the quantity).');
    }
    let scanQuantity = quantityRef.current;
    const prefix = line.prefix.trim();
    if (prefix !== '') {
      scanQuantity = readQuantity(prefix);
      if (scanQuantity === null) return refuse(`Not counted: ${line.text}`, `“${prefix}” typed before the scan is not a quantity.`);
      const problem = quantityProblem(scanQuantity);
      if (problem) return refuse(`${formatQuantity(scanQuantity)} cannot be counted`, `${problem[0]!.toUpperCase()}${problem.slice(1)}; the scan ${line.text} was not counted.`);
    }
    return countCode(line.text.trim(), scanQuantity);
  });

  const undo = () => enqueue(async () => {
    const { voided } = await client.counting.undoLast.mutate({ sessionId });
    if (!voided) return answer('info', 'Nothing to undo', 'This station has no scan left to undo in this session.');
    setTally((t) => ({ ...t, undone: t.undone + 1 }));
    setRecent((list) => list.map((s) => (s.lineId === voided.id ? { ...s, undone: true } : s)));
    answer('info', `Undone: ${voided.barcode} ×${formatQuantity(voided.quantity)}`, 'The scan stays in the trail, marked void.');
    refreshSoon();
  });

  /** Undo (F4, Ctrl+Z) and Esc to drop a typed quantity, before the scanner's decoder sees the key. */
  const shortcut = (e: KeyboardEvent | ReactKeyboardEvent, typing: boolean): boolean => {
    // Ctrl+Z by the key's label (`key`): on a German keyboard that key is KeyY.
    if (e.key === 'F4' || ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'z')) {
      undo();
      return true;
    }
    if (e.code === 'Escape' && !typing && quantityRef.current !== null) {
      setQuantity(null);
      answer('info', 'Quantity cleared', 'Each scan counts one again.');
      return true;
    }
    return false;
  };

  if (!view) {
    // The field is there from the start: a scan made while the session loads is answered, not lost.
    return (
      <section className="count-screen" aria-labelledby="section-heading">
        <h1 id="section-heading">Count</h1>
        {error ? <p className="inline-error" role="alert">{error}</p> : <p className="muted">Loading the session…</p>}
        <div className="count-main">
          {!denial && <ScanField inputRef={fieldRef} onLine={handleLine} onShortcut={shortcut} />}
          <ScanFeedback feedback={feedback} />
        </div>
      </section>
    );
  }
  const { session } = view;

  return (
    <section className="count-screen" aria-labelledby="section-heading">
      <CountHeader session={session} />
      <div className="count-layout">
        <div className="count-main">
          <div className="count-place" aria-live="polite">
            <span className="count-place-label">Location</span>
            <strong className="count-place-code" data-testid="count-location">{place ? `${place.code} · ${place.name}` : 'Scan a location label'}</strong>
            <label className="place-picker">or pick
              <select value={place?.id ?? ''} onChange={(e) => {
                const next = view.locations.find((l) => l.id === e.target.value);
                if (next) enqueue(() => choosePlace(next));
                focusField();
              }}>
                <option value="" disabled>Choose…</option>
                {view.locations.map((l) => <option key={l.id} value={l.id}>{l.code} · {l.name}</option>)}
              </select>
            </label>
          </div>
          {denial
            ? <p className="banner banner-warning" role="alert" data-testid="scan-denied">You cannot count in this session: {denial.message}</p>
            : <ScanField inputRef={fieldRef} onLine={handleLine} onShortcut={shortcut} />}
          {quantity !== null && <p className="next-quantity" data-testid="next-quantity">Next scan counts {formatQuantity(quantity)}</p>}
          <ScanFeedback feedback={feedback} />
          <div className="toolbar">
            <button type="button" className="button button-big" disabled={denial !== null} onClick={() => {
              undo();
              focusField();
            }}>Undo last scan (F4)</button>
            <span className="scan-tally" data-testid="scan-tally" data-recorded={tally.recorded} data-undone={tally.undone} data-refused={tally.refused}>
              This visit: {formatQuantity(tally.recorded)} recorded · {formatQuantity(tally.undone)} undone · {formatQuantity(tally.refused)} refused
            </span>
          </div>
          <RecentScans scans={recent} />
        </div>
        <div className="count-side">
          {place && <LocationRows view={view} locationId={place.id} />}
          <RejectedScans sessionId={sessionId} sessionName={session.name} locations={view.locations} revision={revision} />
        </div>
      </div>
    </section>
  );
}
