import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { LocalRouter } from '../../../core/router/local-router';

/** What the local router's procedures answer and take, as the screens see them. */
export type LocalOutputs = inferRouterOutputs<LocalRouter>;
export type LocalInputs = inferRouterInputs<LocalRouter>;

export type SessionSummary = LocalOutputs['counting']['sessions']['sessions'][number];
export type SessionView = LocalOutputs['counting']['session'];
export type VarianceRowView = SessionView['variance']['rows'][number];
export type ScanAnswer = LocalOutputs['counting']['scan'];
export type StockLevelRow = LocalOutputs['stock']['levels']['rows'][number];
export type SessionStatus = SessionView['session']['status'];

/** The sentence to show for a failed call (tRPC errors carry the core's message). */
export function errorMessage(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}

export type SessionCurrent = LocalOutputs['session']['current'];
export type Operator = NonNullable<SessionCurrent['operator']>;
export type KnownOperator = SessionCurrent['knownOperators'][number];
