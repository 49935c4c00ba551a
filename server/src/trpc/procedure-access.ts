import type { Action } from '@capliquify/shared';

/**
 * Who may call a procedure: anyone (`public`), an enrolled device (`device`), any signed-in
 * person (`user`: their own sign-in and account), or a person allowed to perform an action.
 */
export type ProcedureAccess = 'public' | 'device' | 'user' | { action: Action };

/**
 * Every tRPC procedure and who may call it. A procedure missing here, or declared differently by
 * its builder, fails procedure-access.test.ts; the authorization-matrix test walks this table.
 */
export const procedureAccess: Readonly<Record<string, ProcedureAccess>> = {
  'system.info': 'public',
  'sync.enroll': 'public',
  'sync.push': 'device',
  'auth.signIn': 'public',
  'auth.refresh': 'public',
  'auth.signOut': 'user',
  'auth.me': 'user',
  'auth.beginTotp': 'user',
  'auth.confirmTotp': 'user',
  'users.list': { action: 'users.manage' },
  'users.create': { action: 'users.manage' },
  'users.grant': { action: 'users.manage' },
  'users.revoke': { action: 'users.manage' },
  'users.remove': { action: 'users.manage' },
  'privacy.exportPerson': { action: 'users.manage' },
  'privacy.erasePerson': { action: 'users.manage' },
  'unleashed.connect': { action: 'integrations.manage' },
  'unleashed.check': { action: 'integrations.manage' },
  'unleashed.usage': { action: 'integrations.manage' },
  'unleashed.syncNow': { action: 'integrations.manage' },
  'imports.get': { action: 'data.import' },
  'imports.list': { action: 'data.import' },
  'jobs.deadLetters': { action: 'integrations.manage' },
  'jobs.retry': { action: 'integrations.manage' },
  'jobs.discard': { action: 'integrations.manage' },
  'integrations.list': { action: 'integrations.manage' },
  'integrations.pause': { action: 'integrations.manage' },
  'integrations.resume': { action: 'integrations.manage' },
  'integrations.test': { action: 'integrations.manage' },
  'xero.authorizeUrl': { action: 'integrations.manage' },
  'xero.syncNow': { action: 'integrations.manage' },
  'amazon.connect': { action: 'integrations.manage' },
  'amazon.syncNow': { action: 'integrations.manage' },
  'shopify.connect': { action: 'integrations.manage' },
  'shopify.installUrl': { action: 'integrations.manage' },
  'orders.list': { action: 'orders.view' },
};
