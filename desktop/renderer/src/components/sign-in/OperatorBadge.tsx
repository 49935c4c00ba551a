import { useEffect, useRef, useState } from 'react';
import { roleAtSite, strongestRole, type Role } from '@capliquify/shared/identity/roles';
import { useOperatorSessionState } from '../../hooks/use-operator-session';
import { useSyncEngineState } from '../../hooks/use-sync-engine';
import type { Operator } from '../../rpc/local-types';
import { AuthenticatorDialog } from './AuthenticatorDialog';

const ROLE_LABELS: Record<Role, string> = { viewer: 'Viewer', operator: 'Operator', manager: 'Manager', admin: 'Admin' };

/**
 * The header's "who is signed in": name, role at this station's site, and "Switch person"
 * (Ctrl+Shift+L from anywhere), which signs out and brings back the people's tiles. Someone whose
 * sign-in has no second factor can set up an authenticator here while the station is online, then
 * sign in again with its code.
 */
export function OperatorBadge({ operator, stationSiteId, onSwitch }: { operator: Operator; stationSiteId: string | null; onSwitch(): void }) {
  const session = useOperatorSessionState();
  const engine = useSyncEngineState();
  const [settingUp, setSettingUp] = useState(false);
  const [enrolled, setEnrolled] = useState(false);
  const switchRef = useRef(onSwitch);
  switchRef.current = onSwitch;

  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      // By the key's label, as the counting screen's Ctrl+Z: the layout decides where L is.
      if (!e.ctrlKey || !e.shiftKey || e.altKey || e.key.toLowerCase() !== 'l') return;
      e.preventDefault();
      switchRef.current();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);

  const online = engine?.status != null && !engine.unreachable && engine.status.connection !== 'offline';
  const signInAgain = (withCode: boolean) => void session.signOut({ email: operator.email, withCode });
  const role = stationSiteId === null ? strongestRole(operator.grants) : roleAtSite(operator.grants, stationSiteId);
  return (
    <div className="operator-badge" role="group" aria-label="Signed in">
      <span>
        <strong data-testid="operator-name">{operator.displayName}</strong>
        {' · '}
        <span data-testid="operator-role" data-role={role ?? 'none'}>{role ? `${ROLE_LABELS[role]} at this site` : 'No role at this site'}</span>
        {operator.mfa && <span className="muted"> · with authenticator</span>}
      </span>
      {!operator.mfa && enrolled && (
        <button type="button" className="button badge-action" onClick={() => signInAgain(true)}>Sign in again with code</button>
      )}
      {!operator.mfa && !enrolled && online && (
        <button type="button" className="button button-quiet badge-action" onClick={() => setSettingUp(true)}>Set up authenticator</button>
      )}
      <button type="button" className="button button-quiet" onClick={onSwitch} aria-keyshortcuts="Control+Shift+L" title="Ctrl+Shift+L">Switch person</button>
      {settingUp && (
        <AuthenticatorDialog operator={operator} onClose={() => setSettingUp(false)} onEnrolled={() => setEnrolled(true)}
          onSignInAgain={(withCode) => {
            setSettingUp(false);
            signInAgain(withCode);
          }} />
      )}
    </div>
  );
}
