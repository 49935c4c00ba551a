import type { CommandName } from '../commands/index';
import { roleAtLeast, roleAtSite, tenantRole, type Role, type RoleGrant } from './roles';

/**
 * What each action needs: the least role, and whether the person must have passed a second
 * factor in this sign-in. Site actions are checked at the site they touch; tenant actions
 * against the roles granted for every site (a role at one site gives no tenant-wide power).
 */
export const actionPolicies = {
  'stock.view': { role: 'viewer', mfa: false, scope: 'site' },
  'stock.move': { role: 'operator', mfa: false, scope: 'site' },
  'count.view': { role: 'viewer', mfa: false, scope: 'site' },
  'count.scan': { role: 'operator', mfa: false, scope: 'site' },
  'count.manage': { role: 'manager', mfa: false, scope: 'site' },
  'count.approve': { role: 'manager', mfa: true, scope: 'site' },
  'users.manage': { role: 'admin', mfa: true, scope: 'tenant' },
  'devices.manage': { role: 'admin', mfa: true, scope: 'tenant' },
  'integrations.manage': { role: 'admin', mfa: true, scope: 'tenant' },
  'updates.publish': { role: 'admin', mfa: true, scope: 'tenant' },
  /** The Fleet screen: versions, rollouts, device health (changing anything needs devices.manage or updates.publish). */
  'fleet.view': { role: 'admin', mfa: false, scope: 'tenant' },
  'audit.read': { role: 'admin', mfa: false, scope: 'tenant' },
  'data.import': { role: 'manager', mfa: false, scope: 'tenant' },
  'orders.view': { role: 'viewer', mfa: false, scope: 'tenant' },
  /** Demand forecasts of a site's items, their accuracy and the runs that made them. */
  'forecasts.view': { role: 'viewer', mfa: false, scope: 'site' },
  /**
   * The Finance section: balances of every customer and supplier, ratios, cash forecast, scenarios.
   * Tenant-wide, so it needs a role granted for every site: managers and admins (a finance person
   * is given the manager role across all sites). Viewers do not see the company's finances.
   */
  'finance.view': { role: 'manager', mfa: false, scope: 'tenant' },
  /** Saving and deleting the scenarios everyone in finance compares against. */
  'finance.manage': { role: 'admin', mfa: false, scope: 'tenant' },
} as const satisfies Record<string, { role: Role; mfa: boolean; scope: 'site' | 'tenant' }>;
export type Action = keyof typeof actionPolicies;

/** The action each sync command performs; a new command without an entry fails to compile. */
export const commandActions: Record<CommandName, Action> = {
  'inventory.recordMovement': 'stock.move',
  'counting.createSession': 'count.manage',
  'counting.startSession': 'count.manage',
  'counting.recordLine': 'count.scan',
  'counting.voidLine': 'count.scan',
  'counting.submitSession': 'count.scan',
  'counting.requestRecount': 'count.manage',
  'counting.approveSession': 'count.approve',
  'counting.cancelSession': 'count.manage',
};

export type Denial = { reason: 'no-role' | 'role-too-low' | 'second-factor-required'; message: string };

/** Whether someone with these grants (and second factor or not) may perform the action; null when allowed. */
export function denialFor(
  action: Action, who: { grants: readonly RoleGrant[]; mfa: boolean }, siteId: string | null,
): Denial | null {
  const policy = actionPolicies[action];
  const role = policy.scope === 'site' && siteId !== null ? roleAtSite(who.grants, siteId) : tenantRole(who.grants);
  if (role === null) return { reason: 'no-role', message: `You have no role ${policy.scope === 'site' ? 'at this site' : 'across the whole organisation'}.` };
  if (!roleAtLeast(role, policy.role)) {
    return { reason: 'role-too-low', message: `This needs the ${policy.role} role; you are ${role}.` };
  }
  if (policy.mfa && !who.mfa) {
    return { reason: 'second-factor-required', message: 'This needs a sign-in with your second factor (authenticator code).' };
  }
  return null;
}
