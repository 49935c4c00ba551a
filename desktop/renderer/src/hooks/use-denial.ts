import { denialFor, type Action, type Denial } from '@capliquify/shared/identity/permissions';
import { useOperatorSessionState } from './use-operator-session';

const SIGN_IN_FIRST: Denial = { reason: 'no-role', message: 'Sign in first.' };

/**
 * Why the signed-in person may not do `action` at `siteId` (the station's site when omitted), or
 * null. Shared's rule, as the server applies it: the screen disables what would be refused, and
 * the server still checks when the command arrives.
 */
export function useDenial(action: Action, siteId?: string | null): Denial | null {
  const { operator, stationSiteId } = useOperatorSessionState();
  if (!operator) return SIGN_IN_FIRST;
  return denialFor(action, operator, siteId ?? stationSiteId);
}
