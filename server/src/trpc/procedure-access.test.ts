import { describe, expect, it } from 'vitest';
import { appRouter } from './app-router';
import { procedureAccess } from './procedure-access';
import type { ProcedureMeta } from './trpc';

// What each procedure's builder (publicProcedure, deviceProcedure, userProcedure, authorizedProcedure) declares.
function declared(): Record<string, ProcedureMeta['access'] | undefined> {
  const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { meta?: ProcedureMeta } }>;
  return Object.fromEntries(Object.entries(procedures).map(([path, procedure]) => [path, procedure._def.meta?.access]));
}

describe('procedure access table', () => {
  it('lists every procedure of the API, and nothing else', () => {
    expect(Object.keys(procedureAccess).sort()).toEqual(Object.keys(declared()).sort());
  });

  it('says for each procedure what its builder enforces', () => {
    expect(declared()).toEqual(procedureAccess);
  });
});
