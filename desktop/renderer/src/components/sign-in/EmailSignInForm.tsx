import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useCountdown } from '../../hooks/use-countdown';
import { formatWait, readSignInProblem, type SignInProblem } from '../../sign-in/sign-in-problem';
import { useLocalClient } from '../../rpc/local-client-context';
import type { KnownOperator, Operator } from '../../rpc/local-types';

interface EmailSignInFormProps {
  initialEmail: string;
  /** Show the authenticator-code field from the start (signing in again after enrolling one). */
  askCode?: boolean;
  knownOperators: KnownOperator[];
  /** Back to the people's tiles; undefined when nobody signed in here before. */
  onBack?(): void;
  onSignedIn(operator: Operator): void;
  onUsePin(operator: KnownOperator): void;
}

type Message = { text: string; usePin?: KnownOperator; lockSeconds?: number; at?: number };

/**
 * Online sign-in with email and password; when the account has a second factor, the
 * authenticator-code field appears and the same form is sent again with it. Enter submits, Esc
 * goes back to the tiles.
 */
export function EmailSignInForm({ initialEmail, askCode = false, knownOperators, onBack, onSignedIn, onUsePin }: EmailSignInFormProps) {
  const client = useLocalClient();
  const [email, setEmail] = useState(initialEmail);
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState<string | null>(askCode ? '' : null);
  // Bumped each time the code is asked for, so focus goes to its field even when it is already shown.
  const [codeAsked, setCodeAsked] = useState(0);
  const [message, setMessage] = useState<Message | null>(null);
  const [busy, setBusy] = useState(false);
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const totpRef = useRef<HTMLInputElement>(null);
  const lockedFor = useCountdown(message?.lockSeconds ?? null, message?.at, () => setMessage(null));

  useEffect(() => {
    (initialEmail ? passwordRef : emailRef).current?.focus();
  }, [initialEmail]);
  useEffect(() => {
    if (codeAsked > 0) totpRef.current?.focus();
  }, [codeAsked]);

  const refused = (problem: SignInProblem): Message => {
    switch (problem.code) {
      case 'SECOND_FACTOR_REQUIRED':
        setTotp('');
        setCodeAsked((n) => n + 1);
        return { text: (totp ?? '').trim() === '' ? 'This account also needs the 6-digit code from your authenticator app.' : 'That code was not accepted: type the code your authenticator app shows now.' };
      case 'UNAUTHORIZED':
        setPassword('');
        passwordRef.current?.focus();
        return { text: 'The email or password is wrong.' };
      case 'ACCOUNT_LOCKED':
        return { text: 'Too many failed sign-ins: this account is locked for now.', lockSeconds: problem.retryAfterSeconds ?? 60, at: Date.now() };
      case 'OFFLINE': {
        // The core knows who has a PIN here and says so; the button takes them to their PIN pad.
        const known = knownOperators.find((o) => o.email.toLowerCase() === email.trim().toLowerCase());
        return { text: problem.message, ...(known?.hasPin ? { usePin: known } : {}) };
      }
      default:
        return { text: problem.message };
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy || lockedFor !== null) return;
    if (email.trim() === '' || password === '') {
      setMessage({ text: 'Type your email and password, then press Enter.' });
      return (email.trim() === '' ? emailRef : passwordRef).current?.focus();
    }
    setBusy(true);
    setMessage(null);
    try {
      const code = totp?.trim() ?? '';
      const { operator } = await client.session.signIn.mutate({ email: email.trim(), password, ...(code === '' ? {} : { totpCode: code }) });
      onSignedIn(operator);
    } catch (cause) {
      setMessage(refused(readSignInProblem(cause)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="sign-in-form" aria-labelledby="email-sign-in-heading" onSubmit={(e) => void submit(e)} noValidate
      onKeyDown={(e) => {
        if (e.key !== 'Escape' || !onBack) return;
        e.preventDefault();
        onBack();
      }}>
      <h1 id="email-sign-in-heading">Sign in with email</h1>
      {askCode && <p>Your authenticator is set up: sign in again with your password and the code your app shows now.</p>}
      <label htmlFor="sign-in-email">Email</label>
      <input id="sign-in-email" ref={emailRef} type="email" autoComplete="username" spellCheck={false}
        value={email} onChange={(e) => setEmail(e.target.value)} />
      <label htmlFor="sign-in-password">Password</label>
      <input id="sign-in-password" ref={passwordRef} type="password" autoComplete="current-password"
        value={password} onChange={(e) => setPassword(e.target.value)} />
      {totp !== null && (
        <>
          <label htmlFor="sign-in-totp">Authenticator code</label>
          <input id="sign-in-totp" ref={totpRef} className="totp-input" inputMode="numeric" autoComplete="one-time-code" maxLength={6}
            value={totp} onChange={(e) => setTotp(e.target.value.replace(/\D/g, ''))} />
        </>
      )}
      {message && (
        <p className="inline-error" role="alert">
          {message.text}
          {lockedFor !== null && <> Try again in <strong data-testid="account-countdown">{formatWait(lockedFor)}</strong>.</>}
        </p>
      )}
      <div className="toolbar">
        <button type="submit" className="button button-big" disabled={busy || lockedFor !== null}>{busy ? 'Signing in…' : 'Sign in'}</button>
        {message?.usePin && <button type="button" className="button button-big" onClick={() => onUsePin(message.usePin!)}>Use my PIN</button>}
        {onBack && <button type="button" className="button button-quiet button-big" onClick={onBack}>Back (Esc)</button>}
      </div>
    </form>
  );
}
