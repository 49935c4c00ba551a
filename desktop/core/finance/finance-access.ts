import type { Kysely } from 'kysely';
import { denialFor, type Action } from '@capliquify/shared/identity/permissions';
import type { ReplicaDatabase } from '../replica/replica.schema';
import { toOperator, type Operator } from '../session/current-operator';
import { findCurrentOperator } from '../session/operators.repo';
import { FinanceError } from './finance-error';

// Every customer's balance is on this station's disk, but only people the organisation lets see
// its finances see them on screen: the same rule the server applies (`finance.view`, a manager
// across all sites), checked offline against the grants of the person's last online sign-in.

export async function requireFinanceRight(db: Kysely<ReplicaDatabase>, action: Action = 'finance.view'): Promise<Operator> {
  const row = await findCurrentOperator(db);
  if (!row) throw new FinanceError('UNAUTHORIZED', 'Sign in to see the Finance section: no one is signed in at this station.');
  const operator = toOperator(row);
  const denial = denialFor(action, operator, null);
  if (denial) throw new FinanceError('FORBIDDEN', `${action === 'finance.view' ? 'The Finance section' : 'Saving and deleting scenarios'} is for people who may see the company’s finances. ${denial.message}`);
  return operator;
}
