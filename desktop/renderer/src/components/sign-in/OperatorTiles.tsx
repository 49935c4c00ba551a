import { useEffect, useRef, type KeyboardEvent } from 'react';
import { formatWait } from '../../sign-in/sign-in-problem';
import { useCountdown } from '../../hooks/use-countdown';
import type { KnownOperator } from '../../rpc/local-types';

interface OperatorTilesProps {
  operators: KnownOperator[];
  offline: boolean;
  /** The tile to focus first (the person who just went back), else the first. */
  focusUserId: string | null;
  onPick(operator: KnownOperator): void;
  onEmail(): void;
  onLockOver(): void;
}

/**
 * The people who signed in on this station before, one big tile each: Tab or the arrow keys move
 * between them, Enter picks one. A person with a PIN here gets the PIN pad, others the password.
 */
export function OperatorTiles({ operators, offline, focusUserId, onPick, onEmail, onLockOver }: OperatorTilesProps) {
  const listRef = useRef<HTMLUListElement>(null);

  useEffect(() => {
    const tiles = [...(listRef.current?.querySelectorAll<HTMLButtonElement>('button.operator-tile') ?? [])];
    (tiles.find((t) => t.dataset.userId === focusUserId) ?? tiles[0])?.focus();
    // Only on arrival: a list refreshed by the poll must not pull focus back.
  }, []);

  const move = (event: KeyboardEvent<HTMLUListElement>) => {
    const step = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 }[event.key];
    if (!step) return;
    const tiles = [...(listRef.current?.querySelectorAll<HTMLButtonElement>('button.operator-tile') ?? [])];
    const at = tiles.indexOf(document.activeElement as HTMLButtonElement);
    tiles[(at + step + tiles.length) % tiles.length]?.focus();
    event.preventDefault();
  };

  return (
    <>
      <ul className="operator-tiles" aria-label="People who signed in on this station" ref={listRef} onKeyDown={move}>
        {operators.map((operator) => (
          <li key={operator.userId}>
            <button type="button" className="operator-tile" data-user-id={operator.userId} onClick={() => onPick(operator)}>
              <span className="operator-tile-name">{operator.displayName}</span>
              <span className="operator-tile-email">{operator.email}</span>
              <TileStatus operator={operator} offline={offline} onLockOver={onLockOver} />
            </button>
          </li>
        ))}
      </ul>
      <div className="toolbar">
        <button type="button" className="button button-big" onClick={onEmail}>Sign in with email</button>
        <span className="muted">Someone new at this station signs in with email and password once (this needs the network).</span>
      </div>
    </>
  );
}

function TileStatus({ operator, offline, onLockOver }: { operator: KnownOperator; offline: boolean; onLockOver(): void }) {
  const locked = useCountdown(operator.pinLockedForSeconds, operator.pinLockedForSeconds, onLockOver);
  if (!operator.hasPin) {
    return <span className="operator-tile-status">{offline ? 'No PIN here: needs the network once' : 'No PIN here yet: password'}</span>;
  }
  if (locked !== null) return <span className="operator-tile-status tile-locked">PIN locked · {formatWait(locked)}</span>;
  return <span className="operator-tile-status">PIN</span>;
}
