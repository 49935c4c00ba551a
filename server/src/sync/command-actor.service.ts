import {
  actionPolicies, commandActions, denialFor, ErrorCode, roleAtSite, tenantRole,
  type Action, type CommandActor, type CommandName, type Denial, type Role, type RoleGrant,
} from '@capliquify/shared';
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema';
import { CommandRejection } from './command-failure';
import { findActorSignIn, findRoleGrants, findSiteName, type ActorSignIn } from './command-actor.repo';

/** What each action is, as the start of a sentence a person reads in the rejection list. */
const ACTIVITIES: Record<Action, string> = {
  'stock.view': 'Looking at stock',
  'stock.move': 'Recording stock movements',
  'count.view': 'Looking at counts',
  'count.scan': 'Counting',
  'count.manage': 'Managing a count',
  'count.approve': 'Approving a count',
  'users.manage': 'Managing people',
  'devices.manage': 'Managing devices',
  'integrations.manage': 'Managing integrations',
  'updates.publish': 'Publishing updates',
  'fleet.view': 'Looking at the fleet',
  'audit.read': 'Reading the audit log',
  'data.import': 'Importing data',
  'orders.view': 'Looking at sales orders',
  'forecasts.view': 'Looking at demand forecasts',
  'finance.view': 'Looking at the company\'s finances',
  'finance.manage': 'Saving finance scenarios',
};

const withArticle = (role: Role) => `${role === 'operator' || role === 'admin' ? 'an' : 'a'} ${role}`;

/**
 * Why `who` may not do `action` at the site, in words the station shows: "Anna has no role at
 * Plant 1", "Approving a count needs a manager who signed in with their authenticator code".
 */
export function describeDenial(denial: Denial, action: Action, who: { name: string; grants: readonly RoleGrant[] }, site: { id: string; name: string | null }): string {
  const policy = actionPolicies[action];
  const where = policy.scope === 'site' ? `at ${site.name ?? site.id}` : 'across the whole company';
  const activity = ACTIVITIES[action];
  if (denial.reason === 'no-role') return `${who.name} has no role ${where}.`;
  if (denial.reason === 'second-factor-required') return `${activity} needs ${withArticle(policy.role)} who signed in with their authenticator code.`;
  const role = policy.scope === 'site' ? roleAtSite(who.grants, site.id) : tenantRole(who.grants);
  return `${activity} needs ${withArticle(policy.role)}; ${who.name} is ${role ? withArticle(role) : 'nothing'} ${where}.`;
}

export interface ActorCheck {
  /**
   * Refuses (a FORBIDDEN CommandRejection with the reason) unless the command's actor is signed in
   * on this device, still a member, and may do the command's action at `siteId` right now.
   * Returns the actor so checked.
   */
  authorize(actor: CommandActor | undefined, command: CommandName, siteId: string): Promise<CommandActor>;
}

interface Person { signIn: ActorSignIn; grants: RoleGrant[] }

function refuse(reason: string): CommandRejection {
  return new CommandRejection(ErrorCode.Forbidden, reason);
}

function once<T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  let found = cache.get(key);
  if (!found) {
    found = load();
    cache.set(key, found);
  }
  return found;
}

/**
 * The actor check of one push batch, reading inside its transaction: rights are those of the
 * moment the command is applied, so a grant revoked while the device was offline refuses the
 * commands it queued. A batch of a thousand scans by one person looks them up once.
 */
export function createActorCheck(trx: Transaction<Database>, device: { tenantId: string; deviceId: string }, now: Date = new Date()): ActorCheck {
  const people = new Map<string, Promise<Person | null>>();
  const sites = new Map<string, Promise<string | null>>();
  const person = (signInId: string) => once(people, signInId, async () => {
    const signIn = await findActorSignIn(trx, signInId);
    return signIn ? { signIn, grants: await findRoleGrants(trx, signIn.tenantId, signIn.userId) } : null;
  });
  const siteName = (siteId: string) => once(sites, siteId, () => findSiteName(trx, device.tenantId, siteId));

  return {
    async authorize(actor, command, siteId) {
      if (!actor) throw refuse('Sign in to record this: it was made with no one signed in at the station.');
      const found = await person(actor.signInId);
      if (!found || found.signIn.userId !== actor.userId || found.signIn.tenantId !== device.tenantId) {
        throw refuse('Sign in to record this: the server does not know the sign-in it was made under.');
      }
      const { signIn, grants } = found;
      const name = signIn.displayName;
      if (signIn.removedAt) throw refuse(`This person was removed: ${name} can no longer record anything.`);
      if (signIn.deviceId !== device.deviceId) throw refuse(`${name} did not sign in on this station: sign in here to record this.`);
      if (signIn.revokedAt) throw refuse(`${name} was signed out: sign in again to record this.`);
      if (signIn.expiresAt.getTime() <= now.getTime()) throw refuse(`${name}'s sign-in had expired: sign in again to record this.`);
      const action = commandActions[command];
      const denial = denialFor(action, { grants, mfa: signIn.mfa }, siteId);
      if (denial) throw refuse(describeDenial(denial, action, { name, grants }, { id: siteId, name: await siteName(siteId) }));
      return actor;
    },
  };
}

/** The site a command acts at: the one its args name, else the pushing device's. */
export function commandSite(args: unknown, deviceSiteId: string): string {
  const named = (args as { siteId?: unknown } | null)?.siteId;
  return typeof named === 'string' && named !== '' ? named : deviceSiteId;
}
