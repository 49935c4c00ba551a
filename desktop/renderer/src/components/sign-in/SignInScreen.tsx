import { useState } from 'react';
import { useOperatorSessionState } from '../../hooks/use-operator-session';
import type { KnownOperator, Operator } from '../../rpc/local-types';
import { EmailSignInForm } from './EmailSignInForm';
import { OperatorTiles } from './OperatorTiles';
import { PinPad } from './PinPad';

type View = { kind: 'tiles'; focus: string | null } | { kind: 'pin'; userId: string } | { kind: 'email'; email: string; withCode?: boolean };

/**
 * Shown whenever nobody is signed in at an enrolled station: the people who signed in here before
 * (PIN, works offline) and email with password (online, with the authenticator code when asked).
 */
export function SignInScreen({ offline }: { offline: boolean }) {
  const session = useOperatorSessionState();
  const known = session.current?.knownOperators ?? [];
  // "Sign in again" (after enrolling an authenticator) opens the email form for that person.
  const again = session.signInAgain;
  const [view, setView] = useState<View>(again ? { kind: 'email', ...again } : known.length > 0 ? { kind: 'tiles', focus: null } : { kind: 'email', email: '' });

  const signedIn = (via: 'password' | 'pin') => (operator: Operator) => void session.signedIn(operator, via);
  const pick = (operator: KnownOperator) => setView(operator.hasPin ? { kind: 'pin', userId: operator.userId } : { kind: 'email', email: operator.email });
  // Back on the tiles, re-read the people: a PIN may have locked meanwhile.
  const toTiles = (focus: string | null) => {
    setView({ kind: 'tiles', focus });
    void session.refresh();
  };
  const backToTiles = (focus: string | null) => (known.length > 0 ? () => toTiles(focus) : undefined);
  const rereadPeople = () => void session.refresh();

  const pinOf = view.kind === 'pin' ? known.find((o) => o.userId === view.userId) : undefined;
  return (
    <section className="sign-in-screen" aria-label="Sign in">
      {offline && (
        <p className="banner banner-warning" role="status">
          This station is offline: people with a PIN here sign in with it; signing in with a password needs the network.
        </p>
      )}
      {view.kind === 'pin' && pinOf ? (
        <PinPad key={pinOf.userId} operator={pinOf} onSignedIn={signedIn('pin')} onLockChange={rereadPeople}
          onBack={() => toTiles(pinOf.userId)}
          onUsePassword={() => setView({ kind: 'email', email: pinOf.email })} />
      ) : view.kind === 'email' ? (
        <EmailSignInForm initialEmail={view.email} askCode={view.withCode ?? false} knownOperators={known} onSignedIn={signedIn('password')}
          onBack={backToTiles(known.find((o) => o.email === view.email)?.userId ?? null)}
          onUsePin={(operator) => setView({ kind: 'pin', userId: operator.userId })} />
      ) : (
        <>
          <h1>Who is signing in?</h1>
          <OperatorTiles operators={known} offline={offline} focusUserId={view.kind === 'tiles' ? view.focus : null}
            onPick={pick} onEmail={() => setView({ kind: 'email', email: '' })} onLockOver={rereadPeople} />
        </>
      )}
    </section>
  );
}
