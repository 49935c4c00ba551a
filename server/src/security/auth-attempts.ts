/** Procedures that try a credential: each call is one guess, however many share a request. */
export const AUTH_PROCEDURES: ReadonlySet<string> = new Set(['auth.signIn', 'auth.refresh']);

/**
 * How many credential attempts a tRPC request makes. A batched call names every procedure in the
 * path (`auth.signIn,auth.signIn,…`), so a batch of 50 sign-ins is 50 attempts, not one request.
 * `path` is the route's `:path` parameter as Fastify decoded it, which is what tRPC resolves.
 */
export function countAuthAttempts(path: string): number {
  let attempts = 0;
  for (const name of path.split(',')) if (AUTH_PROCEDURES.has(name.trim())) attempts += 1;
  return attempts;
}
