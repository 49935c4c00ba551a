import { z } from 'zod';

/** Roles from least to most trusted: each includes what the ones before it may do. */
export const roles = ['viewer', 'operator', 'manager', 'admin'] as const;
export type Role = (typeof roles)[number];
export const roleSchema = z.enum(roles);

/** A role granted at one site, or at every site of the tenant (`siteId: null`). */
export const roleGrantSchema = z.object({ siteId: z.string().min(1).nullable(), role: roleSchema });
export type RoleGrant = z.infer<typeof roleGrantSchema>;

export function roleAtLeast(role: Role, minimum: Role): boolean {
  return roles.indexOf(role) >= roles.indexOf(minimum);
}

/** The strongest role the grants give at a site; null when none applies there. */
export function roleAtSite(grants: readonly RoleGrant[], siteId: string): Role | null {
  let best: Role | null = null;
  for (const grant of grants) {
    if (grant.siteId !== null && grant.siteId !== siteId) continue;
    if (best === null || roleAtLeast(grant.role, best)) best = grant.role;
  }
  return best;
}

/**
 * The role granted across the whole tenant (grants with no site), which tenant-wide actions such
 * as managing people need: an admin of one plant must not be able to make themselves admin of another.
 */
export function tenantRole(grants: readonly RoleGrant[]): Role | null {
  let best: Role | null = null;
  for (const grant of grants) if (grant.siteId === null && (best === null || roleAtLeast(grant.role, best))) best = grant.role;
  return best;
}

/** The strongest role anywhere in the tenant, whatever the site (for describing someone, not for deciding). */
export function strongestRole(grants: readonly RoleGrant[]): Role | null {
  let best: Role | null = null;
  for (const grant of grants) if (best === null || roleAtLeast(grant.role, best)) best = grant.role;
  return best;
}
