import { useEffect, useRef } from 'react';
import { roleAtSite, strongestRole, type Role } from '@capliquify/shared/identity/roles';
import type { Operator } from '../../rpc/local-types';

const ROLE_LABELS: Record<Role, string> = { viewer: 'Viewer', operator: 'Operator', manager: 'Manager', admin: 'Admin' };

/**
 * The header's "who is signed in": name, role at this station's site, and "Switch person"
 * (Ctrl+Shift+L from anywhere), which signs out and brings back the people's tiles.
 */
export function OperatorBadge({ operator, stationSiteId, onSwitch }: { operator: Operator; stationSiteId: string | null; onSwitch(): void }) {
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

  const role = stationSiteId === null ? strongestRole(operator.grants) : roleAtSite(operator.grants, stationSiteId);
  return (
    <div className="operator-badge" role="group" aria-label="Signed in">
      <span>
        <strong data-testid="operator-name">{operator.displayName}</strong>
        {' · '}
        <span data-testid="operator-role" data-role={role ?? 'none'}>{role ? `${ROLE_LABELS[role]} at this site` : 'No role at this site'}</span>
        {operator.mfa && <span className="muted"> · with authenticator</span>}
      </span>
      <button type="button" className="button button-quiet" onClick={onSwitch} aria-keyshortcuts="Control+Shift+L" title="Ctrl+Shift+L">Switch person</button>
    </div>
  );
}
