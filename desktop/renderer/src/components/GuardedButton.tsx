import { useId, type ButtonHTMLAttributes } from 'react';
import type { Action } from '@capliquify/shared/identity/permissions';
import { useDenial } from '../hooks/use-denial';

interface GuardedButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  /** What the button does, in shared's terms (count.approve…): who may is shared's rule. */
  action: Action;
  /** The site the action touches; the station's site when omitted. */
  siteId?: string | null;
}

/**
 * A button for an action the signed-in person may not be allowed: then it is disabled and says
 * why beside it, rather than failing after a click (the server checks again when it applies it).
 */
export function GuardedButton({ action, siteId, disabled, children, ...button }: GuardedButtonProps) {
  const denial = useDenial(action, siteId);
  const reasonId = useId();
  return (
    <span className="guarded-action">
      <button type="button" {...button} disabled={disabled || denial !== null} aria-describedby={denial ? reasonId : undefined}>{children}</button>
      {denial && <span id={reasonId} className="denied-reason" data-reason={denial.reason}>{denial.message}</span>}
    </span>
  );
}
