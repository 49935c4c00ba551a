import { useEffect, useRef, useState, type FormEvent } from 'react';
import { choosePinProblem, pinDigits, readSignInProblem } from '../../sign-in/sign-in-problem';
import { useLocalClient } from '../../rpc/local-client-context';
import type { Operator } from '../../rpc/local-types';

/**
 * Offered once after an online sign-in by someone without a PIN on this station: with one they
 * can sign in here offline. Typed twice; the core refuses weak PINs and says why. Esc skips.
 */
export function ChoosePinScreen({ operator, onDone }: { operator: Operator; onDone(): void }) {
  const client = useLocalClient();
  const [pin, setPin] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const pinRef = useRef<HTMLInputElement>(null);
  const againRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    pinRef.current?.focus();
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    // Enter in the first field moves on to the second, as a person expects.
    if (again === '' && document.activeElement === pinRef.current && choosePinProblem(pin, pin) === null) {
      setError(null);
      return againRef.current?.focus();
    }
    const problem = choosePinProblem(pin, again);
    if (problem) {
      setError(problem.message);
      if (problem.field === 'again') setAgain('');
      return (problem.field === 'pin' ? pinRef : againRef).current?.focus();
    }
    setBusy(true);
    try {
      await client.session.setPin.mutate({ pin });
      onDone();
    } catch (cause) {
      setError(readSignInProblem(cause).message);
      setPin('');
      setAgain('');
      pinRef.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="choose-pin" aria-labelledby="choose-pin-heading" onSubmit={(e) => void submit(e)} noValidate
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return;
        e.preventDefault();
        onDone();
      }}>
      <h1 id="choose-pin-heading">Choose a PIN for this station</h1>
      <p>
        Signed in as <strong>{operator.displayName}</strong>. With a PIN of 4 to 8 digits you can sign in on this station
        quickly next time, even when the network is down.
      </p>
      <label htmlFor="choose-pin">New PIN</label>
      <input id="choose-pin" ref={pinRef} className="pin-input" type="password" inputMode="numeric" autoComplete="new-password"
        value={pin} onChange={(e) => setPin(pinDigits(e.target.value))} aria-invalid={error !== null} />
      <label htmlFor="choose-pin-again">The same PIN again</label>
      <input id="choose-pin-again" ref={againRef} className="pin-input" type="password" inputMode="numeric" autoComplete="new-password"
        value={again} onChange={(e) => setAgain(pinDigits(e.target.value))} />
      {error && <p className="inline-error" role="alert">{error}</p>}
      <div className="toolbar">
        <button type="submit" className="button button-big" disabled={busy}>{busy ? 'Saving…' : 'Save PIN'}</button>
        <button type="button" className="button button-quiet button-big" onClick={onDone}>Skip for now (Esc)</button>
      </div>
    </form>
  );
}
