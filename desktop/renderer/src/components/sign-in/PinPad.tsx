import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useCountdown } from '../../hooks/use-countdown';
import { formatWait, pinDigits, readSignInProblem, wrongPinText } from '../../sign-in/sign-in-problem';
import { useLocalClient } from '../../rpc/local-client-context';
import type { KnownOperator, Operator } from '../../rpc/local-types';

interface PinPadProps {
  operator: KnownOperator;
  onBack(): void;
  onSignedIn(operator: Operator): void;
  onUsePassword(): void;
  /** The PIN locked or its lock ran out: the people's tiles should show it. */
  onLockChange(): void;
}

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

/**
 * PIN sign-in, offline too. The PIN field has focus: the number keys type, Backspace deletes,
 * Enter signs in, Esc goes back. The on-screen pad is for touch and leaves focus in the field.
 */
export function PinPad({ operator, onBack, onSignedIn, onUsePassword, onLockChange }: PinPadProps) {
  const client = useLocalClient();
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [lock, setLock] = useState({ seconds: operator.pinLockedForSeconds, at: 0 });
  const [busy, setBusy] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLButtonElement>(null);
  const lockedFor = useCountdown(lock.seconds, lock.at, () => {
    setError(null);
    onLockChange();
  });
  const locked = lockedFor !== null;

  useEffect(() => {
    if (locked) passwordRef.current?.focus();
    else inputRef.current?.focus();
  }, [locked]);

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (busy || locked) return;
    if (pin.length < 4) {
      setError('Type your PIN (4 to 8 digits), then press Enter.');
      return inputRef.current?.focus();
    }
    setBusy(true);
    try {
      const { operator: signedIn } = await client.session.unlockWithPin.mutate({ userId: operator.userId, pin });
      onSignedIn(signedIn);
    } catch (cause) {
      const problem = readSignInProblem(cause);
      setPin('');
      if (problem.code === 'PIN_LOCKED') {
        setError(null);
        setLock({ seconds: problem.retryAfterSeconds ?? 60, at: Date.now() });
        onLockChange();
      } else {
        setError(problem.code === 'UNAUTHORIZED' && problem.attemptsLeft !== null ? wrongPinText(problem.attemptsLeft) : problem.message);
        inputRef.current?.focus();
      }
    } finally {
      setBusy(false);
    }
  };

  const press = (key: string) => {
    if (key === 'back') setPin((p) => p.slice(0, -1));
    else setPin((p) => pinDigits(p + key));
    inputRef.current?.focus();
  };

  return (
    <form className="pin-pad" aria-labelledby="pin-heading" onSubmit={(e) => void submit(e)} noValidate
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return;
        e.preventDefault();
        onBack();
      }}>
      <h1 id="pin-heading">Hello, {operator.displayName}</h1>
      <p className="muted">{operator.email}</p>
      <label htmlFor="pin-input">PIN</label>
      <input id="pin-input" ref={inputRef} className="pin-input" type="password" inputMode="numeric" autoComplete="off"
        value={pin} onChange={(e) => setPin(pinDigits(e.target.value))} disabled={locked}
        aria-invalid={error !== null} aria-describedby="pin-help" />
      <p id="pin-help" className="muted">Type your PIN and press Enter. Esc goes back.</p>
      <div className="pin-keys" aria-hidden="true">
        {[...KEYS, 'back', '0'].map((key) => (
          <button key={key} type="button" className="pin-key" tabIndex={-1} disabled={locked}
            onMouseDown={(e) => e.preventDefault()} onClick={() => press(key)}>{key === 'back' ? '⌫' : key}</button>
        ))}
        <button type="submit" className="pin-key pin-key-ok" tabIndex={-1} disabled={locked || busy} onMouseDown={(e) => e.preventDefault()}>OK</button>
      </div>
      {locked && (
        <p className="inline-error" role="alert" data-testid="pin-locked">
          Too many wrong PINs: {operator.displayName}’s PIN is locked on this station.
          Try again in <strong data-testid="pin-countdown">{formatWait(lockedFor)}</strong>, or sign in with email and password.
        </p>
      )}
      {error && <p className="inline-error" role="alert">{error}</p>}
      <div className="toolbar">
        <button type="submit" className="button button-big" disabled={busy || locked}>{busy ? 'Signing in…' : 'Sign in'}</button>
        <button type="button" className="button button-quiet button-big" onClick={onBack}>Back (Esc)</button>
        <button type="button" ref={passwordRef} className="button button-quiet button-big" onClick={onUsePassword}>Use email and password</button>
      </div>
    </form>
  );
}
