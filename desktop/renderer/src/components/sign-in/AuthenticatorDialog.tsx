import { useEffect, useRef, useState, type FormEvent } from 'react';
import { codeDigits } from '../../sign-in/authenticator-key';
import { readSignInProblem, type SignInProblem } from '../../sign-in/sign-in-problem';
import { useLocalClient } from '../../rpc/local-client-context';
import type { Operator } from '../../rpc/local-types';
import { AuthenticatorKey } from './AuthenticatorKey';
import './authenticator.css';

interface AuthenticatorDialogProps {
  operator: Operator;
  onClose(): void;
  /** The server put the authenticator in force (this sign-in still has no second factor). */
  onEnrolled(): void;
  /** Sign out to the email form for this person; `withCode` when their authenticator is in force. */
  onSignInAgain(withCode: boolean): void;
}

type Step = { kind: 'starting' } | { kind: 'code'; secret: string; otpauthUri: string } | { kind: 'done' } | { kind: 'failed'; problem: SignInProblem };
type Failure = { text: string; signInAgain?: { withCode: boolean }; retry?: boolean };

/** What a refusal lets the person do next: sign in again, or try again later. */
function failure(problem: SignInProblem): Failure {
  if (problem.code === 'AUTHENTICATOR_EXISTS') return { text: problem.message, signInAgain: { withCode: true } };
  if (problem.code === 'UNAUTHORIZED') return { text: problem.message, signInAgain: { withCode: false } };
  return { text: problem.message, retry: problem.code !== 'BAD_REQUEST' };
}

/**
 * Enrolling an authenticator app for the person signed in: the server's new key (typed into the
 * app, or its otpauth:// link copied), then a code from the app proves it works. The server keeps
 * the second factor per sign-in, so afterwards the person signs in again with a code. Needs the
 * network; Esc closes.
 */
export function AuthenticatorDialog({ operator, onClose, onEnrolled, onSignInAgain }: AuthenticatorDialogProps) {
  const client = useLocalClient();
  const ref = useRef<HTMLDialogElement>(null);
  const codeRef = useRef<HTMLInputElement>(null);
  const againRef = useRef<HTMLButtonElement>(null);
  const started = useRef(false);
  const [step, setStep] = useState<Step>({ kind: 'starting' });
  const [code, setCode] = useState('');
  const [error, setError] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);

  const begin = async () => {
    setStep({ kind: 'starting' });
    setError(null);
    try {
      setStep({ kind: 'code', ...await client.session.beginAuthenticator.mutate() });
    } catch (cause) {
      setStep({ kind: 'failed', problem: readSignInProblem(cause) });
    }
  };

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    // Once: beginning again replaces the key on the server, and the one shown must be the one kept.
    if (!started.current) {
      started.current = true;
      void begin();
    }
    return () => dialog?.close();
  }, []);
  useEffect(() => {
    if (step.kind === 'code') codeRef.current?.focus();
    if (step.kind === 'done') againRef.current?.focus();
  }, [step.kind]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (step.kind !== 'code' || busy) return;
    if (code.length !== 6) {
      setError({ text: 'Type the 6 digits your authenticator app shows now.' });
      return codeRef.current?.focus();
    }
    setBusy(true);
    setError(null);
    try {
      await client.session.confirmAuthenticator.mutate({ code });
      setStep({ kind: 'done' });
      onEnrolled();
    } catch (cause) {
      setError(failure(readSignInProblem(cause)));
      setCode('');
      codeRef.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  const shown = step.kind === 'failed' ? failure(step.problem) : error;
  return (
    <dialog ref={ref} className="authenticator-dialog" aria-labelledby="authenticator-title" onCancel={(e) => {
      e.preventDefault();
      onClose();
    }}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <h2 id="authenticator-title">Set up an authenticator</h2>
        {step.kind === 'starting' && <p className="muted" role="status">Asking the server for a new key…</p>}
        {step.kind === 'code' && (
          <>
            <AuthenticatorKey secret={step.secret} otpauthUri={step.otpauthUri} />
            <label htmlFor="authenticator-code">Then type the 6-digit code the app shows</label>
            <input id="authenticator-code" ref={codeRef} className="totp-input" inputMode="numeric" autoComplete="one-time-code"
              value={code} onChange={(e) => setCode(codeDigits(e.target.value))} aria-invalid={error !== null} />
          </>
        )}
        {step.kind === 'done' && (
          <p role="status">
            The authenticator is set up for <strong>{operator.displayName}</strong>. This sign-in was made without it: to approve
            counts and manage people, sign in again with your password and the code your app shows.
          </p>
        )}
        {shown && <p className="inline-error" role="alert">{shown.text}</p>}
        <div className="toolbar dialog-actions">
          {step.kind === 'code' && <button type="submit" className="button" disabled={busy}>{busy ? 'Checking…' : 'Confirm code'}</button>}
          {(step.kind === 'done' || shown?.signInAgain) && (
            <button type="button" ref={againRef} className="button" onClick={() => onSignInAgain(step.kind === 'done' || shown?.signInAgain?.withCode === true)}>
              Sign in again
            </button>
          )}
          {step.kind === 'failed' && shown?.retry && <button type="button" className="button" onClick={() => void begin()}>Try again</button>}
          <button type="button" className="button button-quiet" onClick={onClose}>{step.kind === 'done' ? 'Later (Esc)' : 'Close (Esc)'}</button>
        </div>
      </form>
    </dialog>
  );
}
