import { createContext, useCallback, useContext, useEffect, useRef, useState } from 'react';
import { errorMessage, type Operator, type SessionCurrent } from '../rpc/local-types';
import { useLocalClient } from '../rpc/local-client-context';

export interface OperatorSession {
  /** undefined until the core answered the first time. */
  current: SessionCurrent | undefined;
  operator: Operator | null;
  /** Why the session could not be read (the core is not answering), or null. */
  error: string | null;
  /** True right after an online sign-in by someone without a PIN here: offer to choose one. */
  pinOffer: boolean;
  /**
   * Who the sign-in screen should ask for next, set by "sign in again" (after enrolling an
   * authenticator): the email form with their email filled in, and the code field shown when asked.
   */
  signInAgain: SignInAgain | null;
  refresh(): Promise<void>;
  /** After a sign-in succeeded: re-reads the session, and offers a PIN when there is none yet. */
  signedIn(operator: Operator, via: 'password' | 'pin'): Promise<void>;
  endPinOffer(): void;
  /** "Switch person": the operator leaves (their PIN stays for next time); with `again`, the email form opens for them. */
  signOut(again?: SignInAgain): Promise<void>;
}

export interface SignInAgain { email: string; withCode: boolean }

// Locks and the people list change in the core on their own (a lock runs out, an engine sign-out):
// re-read now and then, and at once after every action.
const POLL_MS = 10_000;

/** Who is signed in at this station and who signed in here before, from the core. */
export function useOperatorSession(enabled: boolean): OperatorSession {
  const client = useLocalClient();
  const [current, setCurrent] = useState<SessionCurrent | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [pinOffer, setPinOffer] = useState(false);
  const [signInAgain, setSignInAgain] = useState<SignInAgain | null>(null);
  const alive = useRef(true);

  const refresh = useCallback(async () => {
    try {
      const next = await client.session.current.query();
      if (!alive.current) return;
      setCurrent(next);
      setError(null);
    } catch (cause) {
      if (alive.current) setError(errorMessage(cause));
    }
  }, [client]);

  useEffect(() => {
    alive.current = true;
    if (!enabled) return;
    void refresh();
    const timer = setInterval(() => void refresh(), POLL_MS);
    return () => {
      alive.current = false;
      clearInterval(timer);
    };
  }, [enabled, refresh]);

  const signedIn = useCallback(async (operator: Operator, via: 'password' | 'pin') => {
    setPinOffer(via === 'password' && !operator.hasPin);
    setSignInAgain(null);
    await refresh();
  }, [refresh]);

  const signOut = useCallback(async (again?: SignInAgain) => {
    setPinOffer(false);
    // Set before the operator goes, so the sign-in screen opens on it.
    setSignInAgain(again ?? null);
    await client.session.signOut.mutate();
    await refresh();
  }, [client, refresh]);

  const endPinOffer = useCallback(() => setPinOffer(false), []);

  return { current, operator: current?.operator ?? null, error, pinOffer, signInAgain, refresh, signedIn, endPinOffer, signOut };
}

export interface OperatorSessionState extends OperatorSession {
  /** The site this station is enrolled at (null until its locations arrived). */
  stationSiteId: string | null;
}

export const OperatorSessionContext = createContext<OperatorSessionState | null>(null);

export function useOperatorSessionState(): OperatorSessionState {
  const state = useContext(OperatorSessionContext);
  if (!state) throw new Error('useOperatorSessionState needs an OperatorSessionContext provider');
  return state;
}
