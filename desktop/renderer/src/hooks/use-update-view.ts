import { useCallback, useEffect, useState } from 'react';
import type { UpdateView } from '../../../core/updates/update-view';
import { useLocalClient } from '../rpc/local-client-context';

/** Polls the update banner's state (set by Electron main's updater; `not_applicable` in the browser host). */
export function useUpdateView(): { view: UpdateView | null; installNow(): Promise<void> } {
  const client = useLocalClient();
  const [view, setView] = useState<UpdateView | null>(null);

  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout>;
    const poll = async () => {
      const next = await client.updates.view.query().catch(() => null);
      if (cancelled) return;
      setView(next);
      // Quick while a download runs, so the percentage moves; otherwise now and then.
      timer = setTimeout(() => void poll(), next?.state === 'downloading' || next?.state === 'ready' ? 1_000 : 5_000);
    };
    void poll();
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [client]);

  const installNow = useCallback(async () => {
    await client.updates.installNow.mutate();
    setView(await client.updates.view.query());
  }, [client]);

  return { view, installNow };
}
