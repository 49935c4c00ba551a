import { useEffect, useRef, useState } from 'react';

/**
 * Seconds left of a wait that was `seconds` long when `since` changed (pass a new `since` for each
 * new answer from the core); ticks every second, and calls `onDone` once it reached zero.
 */
export function useCountdown(seconds: number | null, since: unknown, onDone?: () => void): number | null {
  const [left, setLeft] = useState<number | null>(seconds);
  // Read when the wait ends: a new function on each render must not restart the clock.
  const done = useRef(onDone);
  done.current = onDone;

  useEffect(() => {
    if (seconds === null || seconds <= 0) {
      setLeft(null);
      return;
    }
    const deadline = Date.now() + seconds * 1000;
    const tick = () => {
      const remaining = Math.ceil((deadline - Date.now()) / 1000);
      if (remaining > 0) return setLeft(remaining);
      setLeft(null);
      clearInterval(timer);
      done.current?.();
    };
    const timer = setInterval(tick, 1000);
    tick();
    return () => clearInterval(timer);
  }, [seconds, since]);

  return left;
}
