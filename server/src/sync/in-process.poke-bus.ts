import type { PokeBus, ScopeChange } from './poke-bus';

/** One process, no network: listeners are called in the publisher's tick. */
export function createInProcessPokeBus(): PokeBus {
  const listeners = new Set<(change: ScopeChange) => void>();
  return {
    kind: 'in-process',
    publish: async (change) => {
      for (const listener of [...listeners]) listener(change);
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: async () => listeners.clear(),
  };
}
