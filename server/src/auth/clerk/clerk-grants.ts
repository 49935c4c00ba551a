import type { Role } from '@capliquify/shared';

/** A second factor counts for `Principal.mfa` when it was verified this recently. */
export const SECOND_FACTOR_WINDOW_MINUTES = 60;

// v2 tokens carry the bare role (`admin`); v1 tokens and Clerk's SDKs spell it `org:admin`.
// Custom Clerk roles (`org:manager`, `org:viewer`) mirror ours; `member`, Clerk's default for
// people who are not admins, is the shop floor.
const orgRoles: Record<string, Role> = {
  admin: 'admin',
  manager: 'manager',
  member: 'operator',
  operator: 'operator',
  viewer: 'viewer',
};

/** Our role for a Clerk organisation role; null for a role we do not know (it grants nothing). */
export function roleForClerkOrgRole(orgRole: string | null): Role | null {
  if (!orgRole) return null;
  const bare = orgRole.startsWith('org:') ? orgRole.slice('org:'.length) : orgRole;
  return Object.hasOwn(orgRoles, bare) ? (orgRoles[bare] as Role) : null;
}

/** Whether the session passed a second factor within the window (`fva[1]`; null: never). */
export function passedSecondFactorRecently(secondFactorAgeMinutes: number | null): boolean {
  return secondFactorAgeMinutes !== null && secondFactorAgeMinutes >= 0 && secondFactorAgeMinutes <= SECOND_FACTOR_WINDOW_MINUTES;
}
