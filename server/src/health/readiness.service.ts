import type { Redis } from 'ioredis';

export type CheckState = 'ok' | 'unreachable' | 'not-configured';

export interface Readiness {
  ready: boolean;
  checks: { database: CheckState; redis: CheckState };
}

const CHECK_TIMEOUT_MS = 2_000;

/** Whether this instance can serve: its database answers, and its Redis too when one is configured. */
export async function checkReadiness(deps: { pingDatabase: () => Promise<void>; redis: Redis | null }): Promise<Readiness> {
  const [database, redis] = await Promise.all([
    probe(deps.pingDatabase),
    deps.redis ? probe(async () => void (await deps.redis!.ping())) : Promise.resolve<CheckState>('not-configured'),
  ]);
  return { ready: database === 'ok' && redis !== 'unreachable', checks: { database, redis } };
}

async function probe(check: () => Promise<void>): Promise<CheckState> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([check(), timeout]);
    return 'ok';
  } catch {
    return 'unreachable';
  } finally {
    clearTimeout(timer);
  }
}
